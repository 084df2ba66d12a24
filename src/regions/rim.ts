/**
 * The atlas labels the regions are measured with: the atlas, with its cerebellar voxels that touch
 * the cerebrum (within CEREBELLAR_RIM_MM of a cerebrum voxel, across the tentorium) set to 0.
 * Those voxels sit within one camera resolution of occipital and temporal cortex, whose uptake
 * spills into them; in a cold cerebellum they read warm and raise the ratio (measured in
 * docs/validation.md). Coverage and the partial-volume correction keep the full atlas.
 */
import { distanceInside } from '../atlas/edt.js';
import { groupMask } from '../atlas/builtin.js';
import type { LabelAtlas } from '../atlas/types.js';
import { maskBoundingBox, type VoxelBox } from './box.js';
import { CEREBELLAR_MASK_SETTINGS, CEREBELLAR_RIM_MM } from './cerebellar-settings.js';
import { RIM_BIT, shippedCerebellarMasks } from './shipped/masks.js';

export { CEREBELLAR_RIM_MM } from './cerebellar-settings.js';

const cache = new WeakMap<LabelAtlas, Int16Array>();

/**
 * `atlas.labels` with the cerebellar rim set to 0, cached per atlas. The atlas's own labels when it
 * has no `cerebellum` or `cerebrum` group (nothing to separate). For the built-in 2 mm atlas the
 * rim is read from the masks made at build time (shipped/masks.ts), which are this computation's.
 */
export function measuredLabels(atlas: LabelAtlas): Int16Array {
  const hit = cache.get(atlas);
  if (hit) return hit;
  const shipped = shippedCerebellarMasks(atlas, CEREBELLAR_MASK_SETTINGS);
  let out: Int16Array;
  if (shipped) {
    out = new Int16Array(atlas.labels);
    for (let i = 0; i < out.length; i++) if ((shipped[i]! & RIM_BIT) !== 0) out[i] = 0;
  } else out = computeMeasuredLabels(atlas);
  cache.set(atlas, out);
  return out;
}

/** `measuredLabels` computed from the atlas (not cached, never from the shipped masks). */
export function computeMeasuredLabels(atlas: LabelAtlas): Int16Array {
  let out = atlas.labels;
  if ((atlas.groups.cerebellum?.length ?? 0) > 0 && (atlas.groups.cerebrum?.length ?? 0) > 0) {
    const cb = groupMask(atlas, 'cerebellum');
    const box = maskBoundingBox(cb, atlas.dims);
    if (box) out = withoutRim(atlas, cb, groupMask(atlas, 'cerebrum'), box);
  }
  return out;
}

/**
 * The labels with the cerebellar voxels within CEREBELLAR_RIM_MM of a cerebrum voxel set to 0. The
 * distance transform runs on the cerebellum's bounding box grown by 2R voxels (R = ceil(rim / h) + 1),
 * voxels beyond the grid counted as non-cerebrum: a cerebrum voxel within the rim of a cerebellar
 * voxel lies inside that box, and the box's border (background to distanceInside) is 2R > rim away
 * from every cerebellar voxel, so the result is that of the whole grid.
 */
function withoutRim(atlas: LabelAtlas, cb: Uint8Array, cr: Uint8Array, box: VoxelBox): Int16Array {
  const [nx, ny, nz] = atlas.dims;
  const h = Math.hypot(atlas.affine[0]!, atlas.affine[4]!, atlas.affine[8]!);
  const R = Math.ceil(CEREBELLAR_RIM_MM / h) + 1;
  const o = box.lo.map((v) => v - 2 * R);
  const bx = box.hi[0]! - box.lo[0]! + 1 + 4 * R,
    by = box.hi[1]! - box.lo[1]! + 1 + 4 * R,
    bz = box.hi[2]! - box.lo[2]! + 1 + 4 * R;
  const notCerebrum = new Uint8Array(bx * by * bz).fill(1);
  for (let k = 0, q = 0; k < bz; k++) {
    const gk = o[2]! + k;
    for (let j = 0; j < by; j++) {
      const gj = o[1]! + j;
      for (let i = 0; i < bx; i++, q++) {
        const gi = o[0]! + i;
        if (gi < 0 || gj < 0 || gk < 0 || gi >= nx || gj >= ny || gk >= nz) continue;
        if (cr[gi + nx * (gj + ny * gk)] === 1) notCerebrum[q] = 0;
      }
    }
  }
  // distance (voxels) of every non-cerebrum voxel of the box to the nearest cerebrum voxel; voxel size of the first axis
  const d = distanceInside(notCerebrum, [bx, by, bz]);
  const out = new Int16Array(atlas.labels);
  for (let k = box.lo[2]!; k <= box.hi[2]!; k++) {
    for (let j = box.lo[1]!; j <= box.hi[1]!; j++) {
      for (let i = box.lo[0]!; i <= box.hi[0]!; i++) {
        const idx = i + nx * (j + ny * k);
        if (cb[idx] === 0) continue;
        const q = i - o[0]! + bx * (j - o[1]! + by * (k - o[2]!));
        if (d[q]! * h <= CEREBELLAR_RIM_MM) out[idx] = 0;
      }
    }
  }
  return out;
}
