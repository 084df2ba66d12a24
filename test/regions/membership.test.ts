/**
 * The blurred group membership (src/regions/membership.ts) against the whole-grid Gaussian blur
 * of the same mask: identical voxel for voxel (the bounding-box shortcut must change nothing).
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas, groupMask } from '../../src/atlas/index.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { blurredGroupMembership } from '../../src/regions/membership.js';

describe('blurred group membership', () => {
  for (const [voxelSize, fwhmMm] of [
    [2, 12],
    [2, 5],
    [1.5, 12],
  ] as const) {
    it(`equals the whole-grid blur of the cerebellum (${voxelSize} mm atlas, ${fwhmMm} mm FWHM)`, () => {
      const atlas = builtinAtlas({ voxelSize });
      const got = blurredGroupMembership(atlas, 'cerebellum', fwhmMm);
      const f = fwhmMm / voxelSize;
      const ref = gaussianSmooth3d(Float32Array.from(groupMask(atlas, 'cerebellum')), atlas.dims, [f, f, f]);
      let differ = 0,
        inside = 0;
      for (let i = 0; i < ref.length; i++) {
        if (got.data[i] !== ref[i]) differ++;
        if (ref[i]! > 0.5) inside++;
      }
      expect(differ).toBe(0);
      expect(inside).toBeGreaterThan(1000);
      expect(blurredGroupMembership(atlas, 'cerebellum', fwhmMm)).toBe(got);
    }, 60000);
  }
});
