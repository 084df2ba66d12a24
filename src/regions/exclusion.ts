/**
 * The region left out of the registration cost when the cerebellum is under
 * study: the atlas cerebellum dilated by a margin, because a cold cerebellum
 * blurred by the camera (9-15 mm FWHM) darkens its surroundings too, and those
 * voxels would otherwise pull the affine fit of the posterior fossa.
 */
import { distanceInside } from '../atlas/edt.js';
import { labelValuesMask } from '../atlas/builtin.js';
import type { LabelAtlas } from '../atlas/types.js';
import { maskBoundingBox } from './box.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { CEREBELLAR_MASK_SETTINGS, CEREBELLUM_EXCLUSION_MARGIN_MM } from './cerebellar-settings.js';
import { EXCLUDED_BIT, shippedCerebellarMasks } from './shipped/masks.js';

export { CEREBELLUM_EXCLUSION_MARGIN_MM } from './cerebellar-settings.js';

const cache = new WeakMap<LabelAtlas, Map<string, Volume>>();

/**
 * 0/1 volume on the atlas grid: voxels within `marginMm` of the atlas group
 * (Euclidean distance, voxel size taken from the first axis), or within
 * `marginMm` of the grid's border (which `distanceInside` counts as background).
 * Cached per atlas and margin.
 *
 * The distance transform runs on the group's bounding box grown by twice the
 * margin (plus one voxel) instead of the whole atlas grid: every voxel within the
 * margin lies in the box grown by once the margin, where the faces of the larger
 * box are farther than the margin and so cannot change the decision; outside it
 * only the grid border can. The result is the same as on the whole grid.
 *
 * The built-in 2 mm atlas's cerebellum with CEREBELLUM_EXCLUSION_MARGIN_MM is read from the masks
 * made at build time by this computation (shipped/masks.ts).
 */
export function dilatedGroupRegion(atlas: LabelAtlas, group: string, marginMm: number): Volume {
  let perAtlas = cache.get(atlas);
  if (!perAtlas) { perAtlas = new Map(); cache.set(atlas, perAtlas); }
  const key = `${group}|${marginMm}`;
  const hit = perAtlas.get(key);
  if (hit) return hit;
  const shipped = group === 'cerebellum' && marginMm === CEREBELLUM_EXCLUSION_MARGIN_MM
    ? shippedCerebellarMasks(atlas, CEREBELLAR_MASK_SETTINGS)
    : null;
  let v: Volume;
  if (shipped) {
    const mask = new Float32Array(shipped.length);
    for (let i = 0; i < mask.length; i++) if ((shipped[i]! & EXCLUDED_BIT) !== 0) mask[i] = 1;
    v = createVolume({ data: mask, dims: atlas.dims, affine: atlas.affine });
  } else v = computeDilatedGroupRegion(atlas, group, marginMm);
  perAtlas.set(key, v);
  return v;
}

/** `dilatedGroupRegion` computed from the atlas (not cached, never from the shipped masks). */
export function computeDilatedGroupRegion(atlas: LabelAtlas, group: string, marginMm: number): Volume {
  const inGroup = labelValuesMask(atlas.labels, atlas.groups[group] ?? []);
  const [nx, ny, nz] = atlas.dims;
  const mask = Float32Array.from(inGroup);
  const box = maskBoundingBox(inGroup, atlas.dims);
  if (marginMm > 0) {
    const h = Math.hypot(atlas.affine[0]!, atlas.affine[4]!, atlas.affine[8]!);
    const dims = [nx, ny, nz];
    // within the margin of the grid border: min over axes of (distance to the padding plane) * h <= margin,
    // i.e. along any one axis
    const band = (len: number): Uint8Array => {
      const b = new Uint8Array(len);
      for (let c = 0; c < len; c++) b[c] = Math.min(c + 1, len - c) * h <= marginMm ? 1 : 0;
      return b;
    };
    const bxs = band(nx), bys = band(ny), bzs = band(nz);
    for (let k = 0, row = 0; k < nz; k++) {
      for (let j = 0; j < ny; j++, row += nx) {
        if (bys[j] === 1 || bzs[k] === 1) mask.fill(1, row, row + nx);
        else for (let i = 0; i < nx; i++) if (bxs[i] === 1) mask[row + i] = 1;
      }
    }
    if (box) {
      // within the margin of the group: distance transform on the grown box
      const { lo, hi } = box;
      const r = Math.ceil(marginMm / h);
      const b0 = [0, 1, 2].map((a) => Math.max(0, lo[a]! - 2 * r - 1)), b1 = [0, 1, 2].map((a) => Math.min(dims[a]! - 1, hi[a]! + 2 * r + 1));
      const i0 = [0, 1, 2].map((a) => Math.max(0, lo[a]! - r)), i1 = [0, 1, 2].map((a) => Math.min(dims[a]! - 1, hi[a]! + r));
      const bx = b1[0]! - b0[0]! + 1, by = b1[1]! - b0[1]! + 1, bz = b1[2]! - b0[2]! + 1;
      const outside = new Uint8Array(bx * by * bz);
      for (let k = 0, q = 0; k < bz; k++) {
        for (let j = 0; j < by; j++) {
          const row = b0[0]! + nx * (b0[1]! + j + ny * (b0[2]! + k));
          for (let i = 0; i < bx; i++, q++) outside[q] = 1 - inGroup[row + i]!;
        }
      }
      const d = distanceInside(outside, [bx, by, bz]);
      for (let k = i0[2]!; k <= i1[2]!; k++) {
        for (let j = i0[1]!; j <= i1[1]!; j++) {
          for (let i = i0[0]!; i <= i1[0]!; i++) {
            const q = i - b0[0]! + bx * (j - b0[1]! + by * (k - b0[2]!));
            if (d[q]! * h <= marginMm) mask[i + nx * (j + ny * k)] = 1;
          }
        }
      }
    }
  }
  return createVolume({ data: mask, dims: atlas.dims, affine: atlas.affine });
}
