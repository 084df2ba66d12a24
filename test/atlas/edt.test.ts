import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceInside } from '../../src/atlas/edt.js';

/** Brute-force reference: distance to the nearest background voxel, the border counting as background. */
function brute(mask: Uint8Array, dims: [number, number, number]): Float64Array {
  const [nx, ny, nz] = dims;
  const out = new Float64Array(mask.length);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const idx = i + nx * (j + ny * k);
    if (!mask[idx]) continue;
    let best = Infinity;
    for (let c = -1; c <= nz; c++) for (let b = -1; b <= ny; b++) for (let a = -1; a <= nx; a++) {
      const inside = a >= 0 && a < nx && b >= 0 && b < ny && c >= 0 && c < nz;
      if (inside && mask[a + nx * (b + ny * c)]) continue;
      best = Math.min(best, (a - i) ** 2 + (b - j) ** 2 + (c - k) ** 2);
    }
    out[idx] = Math.sqrt(best);
  }
  return out;
}

describe('distanceInside (Felzenszwalb-Huttenlocher EDT)', () => {
  it('a full cube: distance to the outside of the grid', () => {
    const dims: [number, number, number] = [7, 7, 7];
    const d = distanceInside(new Uint8Array(343).fill(1), dims);
    expect(d[3 + 7 * (3 + 7 * 3)]).toBe(4); // centre, 4 voxels to the padding
    expect(d[0]).toBe(1);
  });
  it('matches brute force on random masks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer(), (nx, ny, nz, seed) => {
        const n = nx * ny * nz;
        const mask = new Uint8Array(n);
        let s = seed >>> 0;
        for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; mask[i] = s % 5 === 0 ? 0 : 1; }
        const got = distanceInside(mask, [nx, ny, nz]);
        const ref = brute(mask, [nx, ny, nz]);
        for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(ref[i]!, 5);
      }),
      { numRuns: 60 },
    );
  });
  it('equals the brute force exactly (float32 of the square root of the same integer)', () => {
    const dims: [number, number, number] = [9, 7, 6];
    const mask = new Uint8Array(9 * 7 * 6);
    let s = 99;
    for (let i = 0; i < mask.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; mask[i] = s % 11 === 0 ? 0 : 1; }
    for (let i = 100; i < 140; i++) mask[i] = 1; // a long inside run
    const got = distanceInside(mask, dims);
    const ref = brute(mask, dims);
    for (let i = 0; i < mask.length; i++) expect(got[i]).toBe(Math.fround(ref[i]!));
  });
  it('rejects a wrong length', () => {
    expect(() => distanceInside(new Uint8Array(5), [2, 2, 2])).toThrow(RangeError);
  });
});
