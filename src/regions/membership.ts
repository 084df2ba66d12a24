/**
 * The membership of an atlas group blurred to a resolution: the 0/1 group mask convolved with a
 * Gaussian (src/kernels/gaussian.ts), as a volume on the atlas grid. The DCT warp's cerebellar gain
 * uses it as the template's cerebellar membership S (src/register/warp-gain.ts).
 */
import { groupMask } from '../atlas/builtin.js';
import type { LabelAtlas } from '../atlas/types.js';
import { gaussianRadius, gaussianSmooth3d, SIGMA_TO_FWHM } from '../kernels/gaussian.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { maskBoundingBox } from './box.js';

const cache = new WeakMap<LabelAtlas, Map<string, Volume>>();

/**
 * The group's mask blurred by `fwhmMm` (per-axis voxel sizes from the affine's columns), cached per
 * atlas, group and FWHM; all zeros when the group has no voxels.
 *
 * The blur runs on the group's bounding box grown by 2r + 1 voxels per axis (r the kernel's radius,
 * clipped to the grid) instead of the whole grid, and the rest is 0. The result is that of the whole
 * grid: each axis' pass sees data only within the group's extent along that axis, so every tap that
 * the box cuts off multiplies zeros, and the kernel's renormalisation at the box's faces happens only
 * where every tap is zero; at the grid's own faces the box and the grid agree.
 */
export function blurredGroupMembership(atlas: LabelAtlas, group: string, fwhmMm: number): Volume {
  let perAtlas = cache.get(atlas);
  if (!perAtlas) {
    perAtlas = new Map();
    cache.set(atlas, perAtlas);
  }
  const key = `${group}|${fwhmMm}`;
  const hit = perAtlas.get(key);
  if (hit) return hit;
  const m = groupMask(atlas, group);
  const dims = atlas.dims;
  const [nx, ny] = dims;
  const box = maskBoundingBox(m, dims);
  const out = new Float32Array(m.length);
  if (box) {
    const fwhm = [0, 1, 2].map((c) => fwhmMm / Math.hypot(atlas.affine[c]!, atlas.affine[4 + c]!, atlas.affine[8 + c]!)) as [
      number,
      number,
      number,
    ];
    const b0 = [0, 0, 0],
      b1 = [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      const g = 2 * gaussianRadius(fwhm[c]! / SIGMA_TO_FWHM) + 1;
      b0[c] = Math.max(0, box.lo[c]! - g);
      b1[c] = Math.min(dims[c]! - 1, box.hi[c]! + g);
    }
    const bx = b1[0]! - b0[0]! + 1,
      by = b1[1]! - b0[1]! + 1,
      bz = b1[2]! - b0[2]! + 1;
    const sub = new Float32Array(bx * by * bz);
    for (let k = 0, q = 0; k < bz; k++) {
      for (let j = 0; j < by; j++) {
        const row = b0[0]! + nx * (b0[1]! + j + ny * (b0[2]! + k));
        for (let i = 0; i < bx; i++, q++) sub[q] = m[row + i]!;
      }
    }
    gaussianSmooth3d(sub, [bx, by, bz], fwhm, sub);
    for (let k = 0, q = 0; k < bz; k++) {
      for (let j = 0; j < by; j++) {
        const row = b0[0]! + nx * (b0[1]! + j + ny * (b0[2]! + k));
        for (let i = 0; i < bx; i++, q++) out[row + i] = sub[q]!;
      }
    }
  }
  const v = createVolume({ data: out, dims, affine: atlas.affine });
  perAtlas.set(key, v);
  return v;
}
