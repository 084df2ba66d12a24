import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed, logFactorial } from '../../src/kernels/random.js';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0, s2 = 0;
  for (let i = 0; i < n; i++) { const x = draw(); s += x; s2 += x * x; }
  const mean = s / n;
  return { mean, variance: s2 / n - mean * mean };
}

describe('createRng', () => {
  it('same seed, same stream; different seeds differ', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const sa = Array.from({ length: 20 }, () => a.nextUint32());
    const sb = Array.from({ length: 20 }, () => b.nextUint32());
    const sc = Array.from({ length: 20 }, () => c.nextUint32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(deriveSeed(1, 0)).toBe(deriveSeed(1, 0));
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(1, 1));
  });
  it('uniform in [0,1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(7);
    const m = moments(() => r.uniform(), 100000);
    expect(m.mean).toBeCloseTo(0.5, 2);
    expect(m.variance).toBeCloseTo(1 / 12, 2);
  });
  it('normal has mean 0 and variance 1', () => {
    const r = createRng(8);
    const m = moments(() => r.normal(), 100000);
    expect(Math.abs(m.mean)).toBeLessThan(0.015);
    expect(Math.abs(m.variance - 1)).toBeLessThan(0.02);
  });
  it.each([0.5, 3, 9.9, 10, 37.5, 1000, 1e6])('poisson(%d): mean and variance equal lambda over 1e5 draws', (lambda) => {
    const r = createRng(Math.round(lambda * 100));
    const n = 100000;
    const m = moments(() => r.poisson(lambda), n);
    // standard error of the mean is sqrt(lambda/n); of the variance about lambda*sqrt(2/n) (+ excess kurtosis 1/lambda)
    expect(Math.abs(m.mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
    expect(Math.abs(m.variance - lambda)).toBeLessThan(5 * lambda * Math.sqrt((2 + 1 / lambda) / n));
  });
  it('poisson pmf at lambda = 20 matches the exact pmf', () => {
    const r = createRng(99);
    const n = 200000, lam = 20;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) { const k = r.poisson(lam); counts.set(k, (counts.get(k) ?? 0) + 1); }
    for (const k of [10, 15, 20, 25, 30]) {
      const p = Math.exp(-lam + k * Math.log(lam) - logFactorial(k));
      const obs = (counts.get(k) ?? 0) / n;
      expect(Math.abs(obs - p)).toBeLessThan(5 * Math.sqrt(p / n));
    }
  });
  it('logFactorial matches exact sums', () => {
    let s = 0;
    for (let k = 1; k <= 200; k++) { s += Math.log(k); expect(logFactorial(k)).toBeCloseTo(s, 9); }
    expect(logFactorial(0)).toBe(0);
  });
  it('rejects bad lambda', () => {
    expect(() => createRng(1).poisson(-1)).toThrow(RangeError);
    expect(() => createRng(1).poisson(NaN)).toThrow(RangeError);
  });
});
