/**
 * A simulator source with its own attenuating head (SimSource.head, src/simulate/attenuation.ts):
 * soft tissue inside that head, the skull shell only where it lies inside it, and none of the
 * hand-made face, glands and neck. Here the head is a sphere of 80 mm about the MNI origin, on a
 * grid of its own (4 mm, shifted), so that the resampling onto the activity grid is exercised too.
 */
import { describe, expect, it } from 'vitest';
import { AtlasError } from '../../src/errors.js';
import { muMap, prepareSource, SKULL_MU_PER_CM } from '../../src/simulate/index.js';
import { phantomSource } from '../../src/simulate/sources.js';

const R = 80;
const hd: [number, number, number] = [50, 50, 50];
const headAffine = [4, 0, 0, -98, 0, 4, 0, -98, 0, 0, 4, -98, 0, 0, 0, 1];
const sphere = new Uint8Array(hd[0] * hd[1] * hd[2]);
for (let k = 0; k < hd[2]; k++)
  for (let j = 0; j < hd[1]; j++)
    for (let i = 0; i < hd[0]; i++) {
      if (Math.hypot(4 * i - 98, 4 * j - 98, 4 * k - 98) < R) sphere[i + hd[0] * (j + hd[1] * k)] = 1;
    }

describe('simulator source with its own head', () => {
  const base = phantomSource();
  const src = prepareSource({ ...base, head: { data: sphere, dims: hd, affine: headAffine } });
  const [nx, ny] = src.activity.dims;
  const A = src.activity.affine;

  it('soft tissue or skull inside the given head, nothing outside it', () => {
    const m = muMap(src, 0.13);
    let inside = 0,
      outsideNonZero = 0,
      skull = 0;
    for (let p = 0; p < m.length; p++) {
      const i = p % nx,
        j = Math.floor(p / nx) % ny,
        k = Math.floor(p / (nx * ny));
      const r = Math.hypot(A[0]! * i + A[3]!, A[5]! * j + A[7]!, A[10]! * k + A[11]!);
      if (r > R + 4 && m[p] !== 0) outsideNonZero++;
      if (r < R - 4) {
        inside++;
        const v = m[p]!;
        if (Math.abs(v - SKULL_MU_PER_CM / 10) < 1e-6) skull++;
        else expect(v).toBeCloseTo(0.013, 6);
      }
    }
    expect(outsideNonZero).toBe(0); // the face and neck of the default head are gone
    expect(inside).toBeGreaterThan(200_000);
    expect(skull).toBeGreaterThan(1_000);
  });

  it('the default head reaches beyond that sphere (face and neck), the given one does not', () => {
    const def = muMap(prepareSource(base), 0.13);
    const chin = Math.round((0 - A[3]!) / A[0]!) + nx * (Math.round((60 - A[7]!) / A[5]!) + ny * Math.round((-60 - A[11]!) / A[10]!));
    expect(def[chin]).toBeGreaterThan(0); // y 60, z -60: the face of the default head, 85 mm from the origin
    expect(src.head![chin]).toBe(0);
  });

  it('a head array of the wrong size is refused with a typed error', () => {
    expect(() => prepareSource({ ...base, head: { data: new Uint8Array(10), dims: hd, affine: headAffine } })).toThrow(AtlasError);
  });
});
