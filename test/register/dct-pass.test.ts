/**
 * The warp pass's basis cache (src/register/dct-pass.ts): a pass that reads the points' basis
 * values from the cache gives the same bits as one that computes them (no cache), pass after pass
 * with changing coefficients, and a cache filled for other points or another stride is refilled.
 */
import { describe, expect, it } from 'vitest';
import type { DctWarp } from '../../src/register/dct-basis.js';
import { basisCache, pass, type PassOut, type PassScratch } from '../../src/register/dct-pass.js';
import { createRng } from '../../src/kernels/random.js';

const ORDER = 3,
  NB = ORDER ** 3,
  NP = 3 * NB + 1;

function scratch(nPoints: number, stride: number, cache: boolean): PassScratch {
  return {
    ax: new Float64Array(3 * ORDER),
    bv: new Float64Array(NB),
    basis: cache ? basisCache(nPoints, stride, NB) : new Float64Array(0),
    basisOf: null,
    J: new Float64Array(NP),
    u: new Float64Array(3),
    s: new Float64Array(4),
  };
}

const out = (): PassOut => ({ cost: 0, n: 0, sf: 0, sff: 0, sm: 0, smm: 0, sfm: 0, maxU: 0, sef: 0, sss: 0 });

describe('DCT pass: the basis cache', () => {
  const rng = createRng(11);
  const dims = [20, 22, 18] as const;
  const mg = new Float32Array(4 * dims[0] * dims[1] * dims[2]);
  for (let i = 0; i < mg.length; i++) mg[i] = rng.uniform() * 2 - 0.5;
  const nPoints = 3000;
  const xyz = new Float64Array(3 * nPoints),
    f = new Float64Array(nPoints);
  for (let p = 0; p < nPoints; p++) {
    for (let d = 0; d < 3; d++) xyz[3 * p + d] = (rng.uniform() - 0.5) * 30;
    f[p] = rng.uniform();
  }
  const S = new Float64Array(nPoints).map(() => rng.uniform()),
    W = new Float64Array(nPoints).map(() => (rng.uniform() < 0.3 ? 0.3 : 1));
  // centred mm -> voxel of the moving image: 2 mm voxels, centred
  const K = Float64Array.of(0.5, 0, 0, 9.5, 0, 0.5, 0, 10.5, 0, 0, 0.5, 8.5);
  const origin: [number, number, number] = [-20, -20, -20];
  const warp = (seed: number): DctWarp => {
    const r = createRng(seed);
    return {
      order: [ORDER, ORDER, ORDER],
      origin,
      length: [40, 40, 40],
      coef: new Float64Array(3 * NB).map(() => (r.uniform() - 0.5) * 2),
    };
  };
  const run = (sc: PassScratch, w: DctWarp, stride: number, px = xyz, n = nPoints) => {
    const H = new Float64Array(NP * NP),
      g = new Float64Array(NP),
      o = out();
    const model = { a: 1.1, b: -0.05, tukeyC: 0.8, gain: { membership: S, weight: W, gain: 0.7 } };
    pass(px, f, n, mg, dims, K, w, model, H, g, stride, sc, o);
    return { o, H: Array.from(H), g: Array.from(g) };
  };

  it('cached and computed basis values give the same bits, pass after pass', () => {
    const cached = scratch(nPoints, 4, true);
    expect(cached.basis.length).toBe(Math.ceil(nPoints / 4) * NB);
    for (const seed of [1, 2, 3]) {
      const a = run(cached, warp(seed), 4),
        b = run(scratch(nPoints, 4, false), warp(seed), 4);
      expect(a.o.n).toBeGreaterThan(100);
      expect(a).toEqual(b);
    }
  });

  it('a cache filled for another stride or other points is refilled', () => {
    const sc = scratch(nPoints, 1, true);
    run(sc, warp(1), 4);
    expect(run(sc, warp(2), 1)).toEqual(run(scratch(nPoints, 1, false), warp(2), 1));
    const other = xyz.map((v) => v * 0.9);
    expect(run(sc, warp(2), 1, other)).toEqual(run(scratch(nPoints, 1, false), warp(2), 1, other));
    expect(run(sc, warp(3), 2, other, 2000)).toEqual(run(scratch(nPoints, 2, false), warp(3), 2, other, 2000));
  });

  it('a fit too large for the cache gets none (and computes the values per pass)', () => {
    expect(basisCache(1 << 22, 1, NB).length).toBe(0);
    expect(basisCache(30000, 16, NB).length).toBe(Math.ceil(30000 / 16) * NB);
  });
});
