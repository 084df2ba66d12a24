/**
 * smoothNonEmptyLines is bit-identical to gaussianSmooth3d (the template must
 * not change by a bit when its blur skips empty lines).
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { builtinPhantom } from '../../src/atlas/index.js';
import { smoothNonEmptyLines } from '../../src/atlas/sparse-smooth.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';

const same = (a: Float32Array, b: Float32Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Deterministic sparse volume: `fill` of the voxels non-zero, in a few clusters. */
function sparse(dims: [number, number, number], fill: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const rnd = (): number => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const [nx, ny, nz] = dims;
  const a = new Float32Array(nx * ny * nz);
  for (let c = 0; c < 3; c++) {
    const cx = rnd() * nx, cy = rnd() * ny, cz = rnd() * nz, r = 1 + rnd() * Math.cbrt(fill * a.length);
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      if ((i - cx) ** 2 + (j - cy) ** 2 + (k - cz) ** 2 < r * r) a[i + nx * (j + ny * k)] = 0.25 + rnd();
    }
  }
  return a;
}

describe('smoothNonEmptyLines', () => {
  it('the built-in phantoms at 12 mm (the templates): identical to gaussianSmooth3d', () => {
    for (const tracer of ['HMPAO', 'ECD', 'IMP'] as const) {
      const p = builtinPhantom({ tracer });
      const ref = gaussianSmooth3d(Float32Array.from(p.data), p.dims, [6, 6, 6]);
      expect(same(smoothNonEmptyLines(Float32Array.from(p.data), p.dims, [6, 6, 6]), ref)).toBe(true);
    }
  });

  it('odd grids, anisotropic and zero FWHM, kernels wider than the grid, NaN: identical', () => {
    const cases: { dims: [number, number, number]; f: [number, number, number] }[] = [
      { dims: [17, 9, 5], f: [2.5, 1.2, 3] },
      { dims: [8, 31, 12], f: [0, 4, 0.7] },
      { dims: [1, 20, 20], f: [3, 3, 3] },
      { dims: [25, 1, 3], f: [40, 2, 9] },
      { dims: [12, 12, 12], f: [0, 0, 0] },
    ];
    for (const [n, { dims, f }] of cases.entries()) {
      const a = sparse(dims, 0.05, 7 + n);
      if (n === 1) a[100] = Number.NaN;
      const ref = gaussianSmooth3d(Float32Array.from(a), dims, f);
      expect(same(smoothNonEmptyLines(Float32Array.from(a), dims, f), ref)).toBe(true);
    }
    const empty = new Float32Array(6 * 5 * 4);
    expect(same(smoothNonEmptyLines(empty.slice(), [6, 5, 4], [2, 2, 2]), gaussianSmooth3d(empty, [6, 5, 4], [2, 2, 2]))).toBe(true);
  });

  it('bad arguments are RangeErrors, like the kernel', () => {
    expect(() => smoothNonEmptyLines(new Float32Array(5), [2, 2, 2], [1, 1, 1])).toThrow(RangeError);
    expect(() => smoothNonEmptyLines(new Float32Array(8), [2, 2, 2], [1, -1, 1])).toThrow(RangeError);
    expect(() => smoothNonEmptyLines(new Float32Array(8), [2, 2, 2], [1, Number.NaN, 1])).toThrow(RangeError);
  });
});
