/**
 * The measured labels without the cerebellar rim next to the cerebrum (src/regions/rim.ts),
 * against a brute-force search of each voxel's neighbourhood.
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas } from '../../src/atlas/index.js';
import type { LabelAtlas } from '../../src/atlas/types.js';
import { CEREBELLAR_RIM_MM, measuredLabels } from '../../src/regions/rim.js';

/** True when a voxel of `set` lies within `mm` of voxel (i, j, k) (isotropic voxel size h). */
function near(a: LabelAtlas, set: Set<number>, i: number, j: number, k: number, mm: number, h: number): boolean {
  const [nx, ny, nz] = a.dims;
  const r = Math.floor(mm / h);
  for (let dk = -r; dk <= r; dk++)
    for (let dj = -r; dj <= r; dj++)
      for (let di = -r; di <= r; di++) {
        if (Math.hypot(di, dj, dk) * h > mm) continue;
        const x = i + di,
          y = j + dj,
          z = k + dk;
        if (x < 0 || y < 0 || z < 0 || x >= nx || y >= ny || z >= nz) continue;
        if (set.has(a.labels[x + nx * (y + ny * z)]!)) return true;
      }
  return false;
}

describe('cerebellar rim left out of the measured labels', () => {
  for (const voxelSize of [2, 1.5] as const) {
    it(`zeroes exactly the cerebellar voxels within ${CEREBELLAR_RIM_MM} mm of the cerebrum (${voxelSize} mm atlas)`, () => {
      const atlas = builtinAtlas({ voxelSize });
      const got = measuredLabels(atlas);
      const cb = new Set(atlas.groups.cerebellum),
        cr = new Set(atlas.groups.cerebrum);
      const [nx, ny, nz] = atlas.dims;
      let zeroed = 0,
        kept = 0,
        wrong = 0;
      for (let k = 0, idx = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++, idx++) {
            const l = atlas.labels[idx]!;
            if (!cb.has(l)) {
              if (got[idx] !== l) wrong++;
              continue;
            }
            const rim = near(atlas, cr, i, j, k, CEREBELLAR_RIM_MM, voxelSize);
            if (got[idx] !== (rim ? 0 : l)) wrong++;
            if (rim) zeroed++;
            else kept++;
          }
      expect(wrong).toBe(0);
      // a thin rim: a few percent of the cerebellum, most of it kept
      expect(zeroed).toBeGreaterThan(0);
      expect(zeroed / (zeroed + kept)).toBeLessThan(0.15);
      expect(measuredLabels(atlas)).toBe(got);
    }, 60000);
  }

  it('keeps a cerebellum at the grid border and an atlas without a cerebrum group unchanged', () => {
    const dims: [number, number, number] = [6, 6, 6];
    const labels = new Int16Array(216);
    for (let i = 0; i < 36; i++) labels[i] = 2; // bottom slice (k = 0): cerebellum on the border
    for (let i = 180; i < 216; i++) labels[i] = 3; // top slice: cerebrum, far away
    const affine = Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    const a: LabelAtlas = { name: 'test', labels, dims, affine, table: [], groups: { cerebellum: [2], cerebrum: [3] } };
    expect(Array.from(measuredLabels(a))).toEqual(Array.from(labels));
    const b = { ...a, groups: { cerebellum: [2] } } as LabelAtlas;
    expect(measuredLabels(b)).toBe(b.labels);
  });
});
