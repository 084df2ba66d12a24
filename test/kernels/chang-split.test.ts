import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { changCorrect, type ChangParams } from '../../src/kernels/chang.js';

/**
 * The outputs of the single-function kernel that the split replaced (session 20), recorded from it
 * before it was deleted: SHA-256 of the Float32 voxels, then headFraction, minFactor, meanFactor and
 * deepToMean. The split must keep them bit for bit.
 */
const GOLDEN: readonly { sha256: string; summary: readonly number[] }[] = [
  { sha256: 'b3e586159825e9bf0d9e40a837c203129f93fe7d26f54fc680c13bcf4166409c', summary: [0.3126812502237657, 0.28158384908681655, 0.4609792884664864, 0.6456403474817175] },
  { sha256: '683cb1206ce30e4aa9dd653065f1086fcb6d1d84b785df4c0ed8919d6567b36f', summary: [0.3704656862745098, 0.3994370812385014, 0.5205785955918337, 1.0074430166582933] },
  { sha256: '5bb32ebec1e8f9bdf97fd2c2bdda05a0a0c357b1b2eec2a56a25485d7bc09b22', summary: [0.3214715719063545, 0.4490529844420924, 0.5711518331696102, 0.7718269228143582] },
];

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
      const a = changCorrect(data, dims, p), gold = GOLDEN[c]!;
      expect(a.headFraction).toBeGreaterThan(0.05);
      expect(a.minFactor).toBeLessThan(0.8);
      expect([a.headFraction, a.minFactor, a.meanFactor, a.deepToMean]).toEqual(gold.summary);
      expect(createHash('sha256').update(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)).digest('hex')).toBe(gold.sha256);
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
