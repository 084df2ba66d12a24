import { describe, expect, it } from 'vitest';
import { labelStats, quantileInPlace } from '../../src/kernels/label-stats.js';
import { createRng } from '../../src/kernels/random.js';


/** Reference: R type-7 quantile of a sorted copy. */
function refQuantile(xs: number[], q: number): number {
  const s = xs.slice().sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

describe('labelStats', () => {
  const rng = createRng(7);
  const rnd = () => rng.uniform();
  const n = 20000, nLabels = 13;
  const values = new Float32Array(n);
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = Math.fround(rnd() * 1000 - 100);
    labels[i] = Math.floor(rnd() * (nLabels + 2)) - 1; // includes -1 and nLabels: ignored
  }
  const qs = [0, 0.1, 0.5, 0.9, 1];
  const st = labelStats(values, labels, nLabels, { quantiles: qs });

  it('matches a naive per-label computation', () => {
    for (let l = 0; l < nLabels; l++) {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) if (labels[i] === l) xs.push(values[i]!);
      expect(st.count[l]).toBe(xs.length);
      const s = xs.reduce((a, b) => a + b, 0);
      expect(st.sum[l]).toBeCloseTo(s, 6);
      expect(st.mean[l]).toBeCloseTo(s / xs.length, 9);
      qs.forEach((q, j) => expect(st.quantiles[j * nLabels + l]).toBeCloseTo(refQuantile(xs, q), 4));
    }
  });

  it('is invariant to scaling: means scale, ratios do not', () => {
    const scaled = values.map((v) => v * 3);
    const st3 = labelStats(scaled, labels, nLabels);
    expect(st3.mean[2]! / st3.mean[5]!).toBeCloseTo(st.mean[2]! / st.mean[5]!, 5);
  });

  it('ignores NaN/Inf values and honours a mask', () => {
    const v = new Float32Array([1, NaN, 3, Infinity, 5]);
    const l = new Uint8Array([1, 1, 1, 1, 2]);
    const mask = new Uint8Array([1, 1, 1, 1, 0]);
    const r = labelStats(v, l, 3, { mask, quantiles: [0.5] });
    expect(Array.from(r.count)).toEqual([0, 2, 0]);
    expect(r.mean[1]).toBe(2);
    expect(Number.isNaN(r.mean[2]!)).toBe(true);
    expect(r.quantiles[1]).toBe(2);
  });

  it('rejects mismatched lengths and bad quantiles', () => {
    expect(() => labelStats(new Float32Array(3), new Uint8Array(2), 2)).toThrow(RangeError);
    expect(() => labelStats(new Float32Array(2), new Uint8Array(2), 2, { quantiles: [1.5] })).toThrow(RangeError);
  });

  it('quantileInPlace handles ties and single values', () => {
    expect(quantileInPlace(new Float32Array([5]), 0, 1, 0.9)).toBe(5);
    expect(quantileInPlace(new Float32Array([2, 2, 2, 1]), 0, 4, 0.5)).toBe(2);
  });
});
