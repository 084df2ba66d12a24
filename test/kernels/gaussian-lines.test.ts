import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinAtlas, builtinPhantom, builtinTemplate } from '../../src/atlas/index.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { blurAxesWasm, setWasmBlur } from '../../src/kernels/gaussian-wasm.js';
import { createRng } from '../../src/kernels/random.js';
import { referenceSmooth3d } from '../helpers/gaussian-reference.js';

/** Bit patterns, so that -0 vs +0 and NaN payloads count as differences. */
const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);
function expectSameBits(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const x = bits(a),
    y = bits(b);
  let diff = 0,
    firstAt = -1;
  for (let i = 0; i < x.length; i++)
    if (x[i] !== y[i]) {
      diff++;
      if (firstAt < 0) firstAt = i;
    }
  expect({ diff, firstAt }).toEqual({ diff: 0, firstAt: -1 });
}

describe('the WebAssembly line blur', () => {
  it('is available under Node (SIMD) and is the path gaussianSmooth3d takes', () => {
    const a = new Float32Array(4 * 5 * 6).fill(1);
    expect(blurAxesWasm(a, [4, 5, 6], [null, null, null])).toBe(true);
    expect(setWasmBlur(false)).toBe(true);
    expect(blurAxesWasm(a, [4, 5, 6], [null, null, null])).toBe(false);
    setWasmBlur(true);
  });
});

describe.each(['WebAssembly', 'JavaScript'] as const)('gaussianSmooth3d (%s): the plain per-voxel blur bit for bit', (path) => {
  beforeAll(() => {
    setWasmBlur(path === 'WebAssembly');
  });
  afterAll(() => {
    setWasmBlur(true);
  });
  it('on the built-in template (every tracer, 2 mm, 12 mm FWHM, as builtinTemplate) and at other FWHMs', () => {
    const atlas = builtinAtlas();
    for (const tracer of ['HMPAO', 'ECD', 'IMP'] as const) {
      const phantom = builtinPhantom({ tracer }).data;
      const ref = referenceSmooth3d(phantom, atlas.dims, [6, 6, 6]);
      expectSameBits(builtinTemplate({ tracer }).data, ref);
      expectSameBits(gaussianSmooth3d(phantom, atlas.dims, [6, 6, 6]), ref);
      // in place, as the template, the membership and the partial-volume correction call it
      expectSameBits(gaussianSmooth3d(Float32Array.from(phantom), atlas.dims, [6, 6, 6]), ref);
    }
    const p = builtinPhantom().data;
    for (const f of [
      [1, 2.5, 9],
      [0, 4, 0.7],
      [15, 15, 15],
    ] as const) {
      const q = Float32Array.from(p);
      expectSameBits(gaussianSmooth3d(q, atlas.dims, f, q), referenceSmooth3d(p, atlas.dims, f));
    }
  });

  it('on hostile inputs: negative values, -0, NaN, Infinity, sparse lines, kernels longer than the lines, odd sizes', () => {
    const rng = createRng(77);
    const rand = () => rng.uniform();
    for (const dims of [
      [17, 5, 9],
      [3, 40, 2],
      [1, 1, 33],
      [64, 3, 3],
    ] as const) {
      const n = dims[0] * dims[1] * dims[2];
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const u = rand();
        a[i] = u < 0.5 ? 0 : u < 0.55 ? -0 : u < 0.56 ? Number.NaN : u < 0.565 ? Number.POSITIVE_INFINITY : (rand() - 0.3) * 1000;
      }
      for (const f of [
        [2, 3, 1.5],
        [30, 0.4, 7],
        [0.01, 12, 0],
      ] as const) {
        const q = Float32Array.from(a);
        expectSameBits(gaussianSmooth3d(q, dims, f, q), referenceSmooth3d(a, dims, f));
        expectSameBits(gaussianSmooth3d(a, dims, f), referenceSmooth3d(a, dims, f));
      }
    }
  });

  it('refuses bad dims and FWHMs', () => {
    expect(() => gaussianSmooth3d(new Float32Array(5), [2, 2, 2], [1, 1, 1])).toThrow(RangeError);
    expect(() => gaussianSmooth3d(new Float32Array(8), [2, 2, 2], [1, Number.NaN, 1])).toThrow(RangeError);
    expect(() => gaussianSmooth3d(new Float32Array(8), [2, 2, 2], [-1, 1, 1])).toThrow(RangeError);
  });
});
