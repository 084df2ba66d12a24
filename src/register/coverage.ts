/**
 * Field-of-view coverage: which fraction of a template-space region lands
 * inside the subject's reconstructed volume after registration.
 */
import { multiply4 } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';

/** Region voxel indices (i, j, k interleaved) per region volume and label, computed once per object. */
const voxelCache = new WeakMap<Volume, Map<number | undefined, Int32Array>>();

function regionVoxels(region: Volume, label: number | undefined): Int32Array {
  let perRegion = voxelCache.get(region);
  if (!perRegion) { perRegion = new Map(); voxelCache.set(region, perRegion); }
  const hit = perRegion.get(label);
  if (hit) return hit;
  const [nx, ny, nz] = region.dims;
  const d = region.data;
  const list: number[] = [];
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const v = d[idx]!;
        if (label === undefined ? !(v > 0.5) : v !== label) continue;
        list.push(i, j, k);
      }
    }
  }
  const ijk = Int32Array.from(list);
  perRegion.set(label, ijk);
  return ijk;
}

/**
 * Fraction of the region voxels (value === label, or > 0.5 without a label)
 * whose centre, mapped by `mniToSubject` and the subject's world-to-voxel matrix,
 * falls inside the subject grid ([-0.5, n - 0.5] per axis). The region's voxel
 * list is cached per region object (treated as immutable, like the template).
 * @returns null when the region has no voxel.
 */
export function regionCoverage(
  region: Volume,
  label: number | undefined,
  mniToSubject: Float64Array,
  subjectWorldToVox: Float64Array,
  subjectDims: readonly [number, number, number],
): { fraction: number; voxels: number } | null {
  const M = multiply4(subjectWorldToVox, multiply4(mniToSubject, region.affine));
  const [sx, sy, sz] = subjectDims;
  const ijk = regionVoxels(region, label);
  const total = ijk.length / 3;
  let inside = 0;
  for (let p = 0; p < ijk.length; p += 3) {
    const i = ijk[p]!, j = ijk[p + 1]!, k = ijk[p + 2]!;
    const x = M[0]! * i + M[1]! * j + M[2]! * k + M[3]!;
    const y = M[4]! * i + M[5]! * j + M[6]! * k + M[7]!;
    const z = M[8]! * i + M[9]! * j + M[10]! * k + M[11]!;
    if (x >= -0.5 && y >= -0.5 && z >= -0.5 && x <= sx - 0.5 && y <= sy - 0.5 && z <= sz - 0.5) inside++;
  }
  return total > 0 ? { fraction: inside / total, voxels: total } : null;
}
