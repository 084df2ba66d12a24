import { describe, expect, it } from 'vitest';
import { changCorrect, type ChangParams } from '../../src/kernels/chang.js';
import { changCorrectReference } from './chang-reference.js';

/** A noisy ellipsoid head with a hot cortex-like shell and a cold core, on an odd, anisotropic grid. */
function head(dims: readonly [number, number, number], seed: number): Float32Array {
  const [n0, n1, n2] = dims;
  const out = new Float32Array(n0 * n1 * n2);
  let x = seed;
  for (let k = 0; k < n2; k++) for (let j = 0; j < n1; j++) for (let i = 0; i < n0; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    const u = (i - n0 * 0.52) / (n0 * 0.4), v = (j - n1 * 0.47) / (n1 * 0.38), w = (k - n2 * 0.5) / (n2 * 0.42);
    const r = Math.sqrt(u * u + v * v + w * w);
    const base = r < 1 ? (r > 0.75 ? 100 : 40) : r < 1.15 ? 5 : 0;
    out[i + n0 * (j + n1 * k)] = base > 0 ? base * (0.8 + 0.4 * ((x >>> 8) / 16777216)) : 0;
  }
  return out;
}

describe('changCorrect split into small functions', () => {
  const cases: { dims: [number, number, number]; p: ChangParams }[] = [
    { dims: [61, 67, 53], p: { muPerMm: 0.012, spacing: [3.9, 3.9, 4.2], axis: 2, thresholdFraction: 0.15, blockMm: 6, extendUpMm: 0, superiorStep: 1 } },
    { dims: [50, 47, 58], p: { muPerMm: 0.015, spacing: [2.4, 4.1, 2.4], axis: 1, thresholdFraction: 0.1, blockMm: 8, extendUpMm: 40, superiorStep: -1 } },
    { dims: [45, 52, 49], p: { muPerMm: 0.012, spacing: [3, 3, 3], axis: 0, thresholdFraction: 0.2, blockMm: 6, extendUpMm: 20, superiorStep: 1 } },
  ];
  it('gives bit-identical voxels and summary numbers to the single-function kernel it replaced', () => {
    cases.forEach(({ dims, p }, c) => {
      const data = head(dims, 17 + c);
      const a = changCorrect(data, dims, p), b = changCorrectReference(data, dims, p);
      expect(a.headFraction).toBeGreaterThan(0.05);
      expect(a.minFactor).toBeLessThan(0.8);
      expect([a.headFraction, a.minFactor, a.meanFactor, a.deepToMean]).toEqual([b.headFraction, b.minFactor, b.meanFactor, b.deepToMean]);
      expect(Buffer.from(a.data.buffer).equals(Buffer.from(b.data.buffer))).toBe(true);
    });
  });
  it('returns a copy for a zero coefficient or an empty image, as before', () => {
    const dims: [number, number, number] = [20, 21, 22];
    const p = { ...cases[0]!.p, muPerMm: 0 };
    const data = head(dims, 5);
    expect(Array.from(changCorrect(data, dims, p).data)).toEqual(Array.from(data));
    const empty = new Float32Array(20 * 21 * 22);
    const r = changCorrect(empty, dims, cases[0]!.p);
    expect([r.headFraction, r.minFactor, r.deepToMean]).toEqual([0, 1, 1]);
  });
});
