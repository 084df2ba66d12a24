import { describe, expect, it } from 'vitest';
import { gaussianKernel1d, gaussianSmooth3d, SIGMA_TO_FWHM } from '../../src/kernels/gaussian.js';

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** FWHM along one axis from the second central moment of the blurred point (independent of the kernel code). */
function measuredFwhm(a: Float32Array, dims: readonly [number, number, number], axis: 0 | 1 | 2): number {
  const [nx, ny, nz] = dims;
  let m0 = 0, m1 = 0, m2 = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const v = a[i + nx * (j + ny * k)]!;
    const c = axis === 0 ? i : axis === 1 ? j : k;
    m0 += v; m1 += v * c; m2 += v * c * c;
  }
  const mean = m1 / m0;
  return Math.sqrt(m2 / m0 - mean * mean) * SIGMA_TO_FWHM;
}

describe('gaussianKernel1d', () => {
  it('sums to 1 and is symmetric', () => {
    const k = gaussianKernel1d(5);
    let s = 0;
    for (const w of k) s += w;
    expect(s).toBeCloseTo(1, 12);
    for (let t = 0; t < k.length; t++) expect(k[t]).toBe(k[k.length - 1 - t]);
  });
  it('half maximum sits at FWHM/2', () => {
    // FWHM 6 samples -> w(3) / w(0) = 0.5 exactly for a Gaussian
    const k = gaussianKernel1d(6);
    const r = (k.length - 1) / 2;
    expect(k[r + 3]! / k[r]!).toBeCloseTo(0.5, 12);
  });
  it('rejects bad fwhm', () => {
    expect(() => gaussianKernel1d(0)).toThrow(RangeError);
    expect(() => gaussianKernel1d(Number.NaN)).toThrow(RangeError);
  });
});

describe('gaussianSmooth3d', () => {
  const dims = [41, 37, 33] as const;
  const n = dims[0] * dims[1] * dims[2];
  const center = 20 + 41 * (18 + 37 * 16);

  it('preserves the total of an interior point source', () => {
    const a = new Float32Array(n);
    a[center] = 1000;
    const b = gaussianSmooth3d(a, dims, [4, 3, 2.5]);
    expect(sum(b)).toBeCloseTo(1000, 2);
    expect(a[center]).toBe(1000); // input untouched
    // peak of a 3-D Gaussian: product of the three 1-D peaks
    const peak = 1000 * [4, 3, 2.5].reduce((p, f) => p * gaussianKernel1d(f)[(gaussianKernel1d(f).length - 1) / 2]!, 1);
    expect(b[center]!).toBeCloseTo(peak, 2);
  });

  it('keeps a uniform volume uniform (edge renormalisation)', () => {
    const a = new Float32Array(n).fill(3.25);
    const b = gaussianSmooth3d(a, dims, [8, 8, 8]);
    let maxDev = 0;
    for (let i = 0; i < n; i++) maxDev = Math.max(maxDev, Math.abs(b[i]! - 3.25));
    expect(maxDev).toBeLessThan(1e-5);
  });

  it('measured FWHM of a blurred point matches the request within 2%', () => {
    const a = new Float32Array(n);
    a[center] = 1;
    const f: [number, number, number] = [5, 3.5, 2];
    const b = gaussianSmooth3d(a, dims, f);
    for (const axis of [0, 1, 2] as const) {
      expect(Math.abs(measuredFwhm(b, dims, axis) / f[axis] - 1)).toBeLessThan(0.02);
    }
  });

  it('works in place (out === data) and gives the same result', () => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) a[i] = (i * 7919) % 101;
    const ref = gaussianSmooth3d(a, dims, [3, 4, 5]);
    const same = gaussianSmooth3d(a, dims, [3, 4, 5], a);
    expect(same).toBe(a);
    expect(Array.from(same)).toEqual(Array.from(ref));
  });

  it('fwhm 0 copies; one axis only blurs that axis', () => {
    const a = new Float32Array(n);
    a[center] = 1;
    const c = gaussianSmooth3d(a, dims, [0, 0, 0]);
    expect(c).not.toBe(a);
    expect(Array.from(c)).toEqual(Array.from(a));
    const x = gaussianSmooth3d(a, dims, [4, 0, 0]);
    // all mass stays on the line j=18, k=16
    let onLine = 0;
    for (let i = 0; i < dims[0]; i++) onLine += x[i + 41 * (18 + 37 * 16)]!;
    expect(onLine).toBeCloseTo(1, 6);
  });

  it('a huge FWHM on a small grid does not allocate a huge kernel and gives the mean', () => {
    const d3 = [4, 3, 2] as const;
    const a = Float32Array.from({ length: 24 }, (_, i) => i);
    const b = gaussianSmooth3d(a, d3, [1e9, 1e9, 1e9]);
    // a flat kernel over the whole (small) grid: every voxel tends to the global mean 11.5
    for (const v of b) expect(v).toBeCloseTo(11.5, 3);
  });

  it('rejects bad arguments', () => {
    expect(() => gaussianSmooth3d(new Float32Array(5), [2, 2, 2], [1, 1, 1])).toThrow(RangeError);
    expect(() => gaussianSmooth3d(new Float32Array(8), [2, 2, 2], [-1, 1, 1])).toThrow(RangeError);
    expect(() => gaussianSmooth3d(new Float32Array(8), [2, 2, 2], [1, 1, 1], new Float32Array(7))).toThrow(RangeError);
  });
});
