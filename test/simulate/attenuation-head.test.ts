/**
 * A simulator source with its own attenuating head (SimSource.head, src/simulate/attenuation.ts):
 * soft tissue inside that head, the skull shell only where it lies inside it, and none of the
 * hand-made face, glands and neck. Here the head is the closed brain grown by 20 mm (a head
 * without a face), given on a 4 mm grid of its own so that the resampling onto the activity grid
 * is exercised too.
 */
import { describe, expect, it } from 'vitest';
import { AtlasError } from '../../src/errors.js';
import { headModel } from '../../src/simulate/anatomy.js';
import { muMap, prepareSource, SKULL_MU_PER_CM } from '../../src/simulate/index.js';
import { phantomSource } from '../../src/simulate/sources.js';

const GROW = 20;
const base = phantomSource();
const plain = prepareSource(base);
const out = headModel(plain).outsideMm;
const [nx, ny, nz] = plain.activity.dims;
const A = plain.activity.affine;
// the head on a grid of half the resolution: voxel (i, j, k) of the 4 mm grid is voxel (2i, 2j, 2k) of the activity grid
const hd: [number, number, number] = [Math.ceil(nx / 2), Math.ceil(ny / 2), Math.ceil(nz / 2)];
const grown = new Uint8Array(hd[0] * hd[1] * hd[2]);
for (let k = 0; k < hd[2]; k++)
  for (let j = 0; j < hd[1]; j++)
    for (let i = 0; i < hd[0]; i++) {
      const q = Math.min(2 * i, nx - 1) + nx * (Math.min(2 * j, ny - 1) + ny * Math.min(2 * k, nz - 1));
      if (out[q]! <= GROW) grown[i + hd[0] * (j + hd[1] * k)] = 1;
    }
const headAffine = [2 * A[0]!, 0, 0, A[3]!, 0, 2 * A[5]!, 0, A[7]!, 0, 0, 2 * A[10]!, A[11]!, 0, 0, 0, 1];
const voxelAt = (x: number, y: number, z: number) =>
  Math.round((x - A[3]!) / A[0]!) + nx * (Math.round((y - A[7]!) / A[5]!) + ny * Math.round((z - A[11]!) / A[10]!));

describe('simulator source with its own head', () => {
  const src = prepareSource({ ...base, head: { data: grown, dims: hd, affine: headAffine } });

  it('soft tissue or skull inside the given head, nothing beyond it', () => {
    const m = muMap(src, 0.13);
    let inside = 0,
      beyond = 0,
      skull = 0;
    for (let p = 0; p < m.length; p++) {
      const d = out[p]!;
      if (d > GROW + 4 && m[p] !== 0) beyond++;
      if (d < GROW - 4) {
        inside++;
        if (Math.abs(m[p]! - SKULL_MU_PER_CM / 10) < 1e-6) skull++;
        else expect(m[p]).toBeCloseTo(0.013, 6);
      }
    }
    expect(beyond).toBe(0); // the face and neck of the default head are gone
    expect(inside).toBeGreaterThan(200_000);
    expect(skull).toBeGreaterThan(10_000);
  });

  it('the default head has a face there, the given one does not', () => {
    const chin = voxelAt(0, 72, -70); // in front of and below the frontal lobes, over 20 mm from the brain
    expect(muMap(plain, 0.13)[chin]).toBeGreaterThan(0);
    expect(src.head![chin]).toBe(0);
  });

  it('a head array of the wrong size, or one that misses the brain, is refused with a typed error', () => {
    expect(() => prepareSource({ ...base, head: { data: new Uint8Array(10), dims: hd, affine: headAffine } })).toThrow(AtlasError);
    const shifted = headAffine.slice();
    shifted[3] = shifted[3]! + 300;
    expect(() => prepareSource({ ...base, head: { data: grown, dims: hd, affine: shifted } })).toThrow(/brain voxels/);
  });
});
