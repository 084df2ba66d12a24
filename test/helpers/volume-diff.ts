/** Voxel-by-voxel comparison of a read-back volume with the one that was written. */
import { expect } from 'vitest';
import { invert4, multiply4 } from '../../src/volume/affine.js';
import type { Volume } from '../../src/volume/volume.js';

/**
 * Max |difference| of two volumes whose grids coincide up to a voxel permutation
 * (flips and axis swaps): asserts that the affines map voxels to voxels (within
 * `affineTol` voxels), then compares each voxel with its counterpart.
 */
export function maxVoxelDiff(orig: Volume, back: Volume, affineTol = 1e-4): number {
  expect(back.dims.slice().sort()).toEqual(orig.dims.slice().sort());
  const m = multiply4(invert4(orig.affine)!, back.affine); // back voxel -> orig voxel
  for (const v of m) expect(Math.abs(v - Math.round(v))).toBeLessThan(affineTol);
  const [bx, by, bz] = back.dims;
  const [ox, oy] = orig.dims;
  let e = 0;
  for (let k = 0; k < bz; k++) for (let j = 0; j < by; j++) for (let i = 0; i < bx; i++) {
    const oi = Math.round(m[0]! * i + m[1]! * j + m[2]! * k + m[3]!);
    const oj = Math.round(m[4]! * i + m[5]! * j + m[6]! * k + m[7]!);
    const ok = Math.round(m[8]! * i + m[9]! * j + m[10]! * k + m[11]!);
    e = Math.max(e, Math.abs(back.data[i + bx * (j + by * k)]! - orig.data[oi + ox * (oj + oy * ok)]!));
  }
  return e;
}
