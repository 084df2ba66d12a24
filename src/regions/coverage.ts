/**
 * Field-of-view coverage of atlas regions: which share of each region (in
 * atlas space) lands inside the study's field of view once carried into the
 * study through mniToSubject. The field of view is the voxel grid minus empty
 * planes at its ends (a study whose outer slices are all exactly zero was cut
 * or masked there, as SPECT reconstructions outside the axial FOV are).
 */
import { ErrorCode, GeometryError } from '../errors.js';
import type { Volume } from '../volume/volume.js';
import { fieldOfView, type FieldOfView } from '../volume/field-of-view.js';

export { fieldOfView, type FieldOfView };
import { invert4, multiply4, type Mat4 } from '../volume/affine.js';

const lastCache = new WeakMap<Int16Array, Int32Array>();

/** Per row (j, k) of a label image, the last index i with a label > 0, or -1 (cached per array, treated as immutable). */
function lastLabelledPerRow(labels: Int16Array, dims: readonly [number, number, number]): Int32Array {
  const hit = lastCache.get(labels);
  if (hit && hit.length === dims[1] * dims[2]) return hit;
  const [nx, ny, nz] = dims;
  const last = new Int32Array(ny * nz).fill(-1);
  for (let r = 0; r < ny * nz; r++) {
    for (let i = nx - 1; i >= 0; i--) {
      if (labels[r * nx + i]! > 0) { last[r] = i; break; }
    }
  }
  lastCache.set(labels, last);
  return last;
}

/**
 * Per label value: atlas voxels in total and inside the field of view.
 * @param mniToSubject MNI RAS mm -> subject RAS mm
 */
export function labelCoverage(
  atlasLabels: Int16Array,
  atlasDims: readonly [number, number, number],
  atlasAffine: Mat4,
  subject: Volume,
  mniToSubject: Mat4,
  fov: FieldOfView = fieldOfView(subject),
): Map<number, { inside: number; total: number }> {
  const subjInv = invert4(subject.affine);
  if (!subjInv) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'the subject affine is singular');
  const m = multiply4(subjInv, multiply4(mniToSubject, atlasAffine)); // atlas voxel -> subject voxel
  const [nx, ny, nz] = atlasDims;
  const inside = new Float64Array(32768), total = new Float64Array(32768);
  const lo0 = fov.lo[0] - 0.5, lo1 = fov.lo[1] - 0.5, lo2 = fov.lo[2] - 0.5;
  const hi0 = fov.hi[0] + 0.5, hi1 = fov.hi[1] + 0.5, hi2 = fov.hi[2] + 0.5;
  const last = lastLabelledPerRow(atlasLabels, atlasDims);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const end = last[j + ny * k]!;
      if (end < 0) continue; // no label in this row
      let x = m[1]! * j + m[2]! * k + m[3]!;
      let y = m[5]! * j + m[6]! * k + m[7]!;
      let z = m[9]! * j + m[10]! * k + m[11]!;
      const row = nx * (j + ny * k);
      for (let i = 0; i <= end; i++, x += m[0]!, y += m[4]!, z += m[8]!) {
        const l = atlasLabels[row + i]!;
        if (l <= 0) continue;
        total[l]! += 1;
        if (x >= lo0 && x < hi0 && y >= lo1 && y < hi1 && z >= lo2 && z < hi2) inside[l]! += 1;
      }
    }
  }
  const out = new Map<number, { inside: number; total: number }>();
  for (let l = 1; l < total.length; l++) if (total[l]! > 0) out.set(l, { inside: inside[l]!, total: total[l]! });
  return out;
}

/** 1 inside the field of view box, 0 outside (voxels of cut planes are not measured). */
export function fovMask(v: Volume, fov: FieldOfView = fieldOfView(v)): Uint8Array | undefined {
  const [nx, ny, nz] = v.dims;
  const [i0, j0, k0] = fov.lo, [i1, j1, k1] = fov.hi;
  if (i0 === 0 && j0 === 0 && k0 === 0 && i1 === nx - 1 && j1 === ny - 1 && k1 === nz - 1) return undefined;
  const m = new Uint8Array(nx * ny * nz);
  for (let k = k0; k <= k1; k++) for (let j = j0; j <= j1; j++) m.fill(1, nx * (j + ny * k) + i0, nx * (j + ny * k) + i1 + 1);
  return m;
}
