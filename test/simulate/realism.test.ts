/**
 * The simulator's realism options (src/simulate/anatomy.ts and the hemisphere
 * factors of source.ts), each checked against an independent computation.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/kernels/random.js';
import { applyAttenuation, headModel, prepareSource, randomDeformation, simulateStudy, CLASS_CEREBELLUM, CLASS_CORTEX } from '../../src/simulate/index.js';
import { createVolume } from '../../src/volume/volume.js';
import { syntheticSource, SYN } from './synthetic-source.js';

const src = prepareSource(syntheticSource());
const base = { cerebellarFactor: 1, fwhmMm: 0, noise: false, matrix: 64 as const, voxelSizeMm: 3 };

/** World coordinates of activity-grid voxel p. */
function world(p: number): [number, number, number] {
  const [nx, ny] = src.activity.dims;
  const A = src.activity.affine;
  const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
  return [A[0]! * i + A[3]!, A[5]! * j + A[7]!, A[10]! * k + A[11]!];
}

describe('simulator realism', () => {
  it('unilateral loss: only the right half of the cerebellum loses uptake (no blur, no edge)', () => {
    const sim = simulateStudy(src, { ...base, cerebellarFactor: 1, cerebellarFactorRight: 0.6, edgeFwhmMm: 0 }, 1);
    // independent reference: the share of source cerebellum voxels at x >= 0 loses 40 %
    let right = 0, all = 0;
    for (let p = 0; p < src.classes.length; p++) {
      if (src.classes[p] !== CLASS_CEREBELLUM) continue;
      all++;
      if (world(p)[0] >= 0) right++;
    }
    expect(right / all).toBeGreaterThan(0.45);
    expect(sim.truth.tissueRatio).toBeCloseTo(((1 - 0.4 * (right / all)) * SYN.cerebellum) / SYN.cortex, 6);
  });

  it('scalp and salivary uptake lie outside the brain: the tissue ratio and the unblurred ideal do not move', () => {
    const plain = simulateStudy(src, base, 2);
    const extra = simulateStudy(src, { ...base, scalpFraction: 0.3, salivaryFraction: 1 }, 2);
    expect(extra.truth.tissueRatio).toBeCloseTo(plain.truth.tissueRatio, 10);
    expect(extra.truth.totalCountsNoiseFree).toBeCloseTo(plain.truth.totalCountsNoiseFree, 0);
    // the counts are renormalised, so brain activity per count drops by the extracerebral share
    expect(extra.truth.idealCortexMean).toBeLessThan(plain.truth.idealCortexMean);
    // (trilinear sampling at the brain edge reaches a gland voxel next to the brain: < 1e-4)
    expect(extra.truth.idealRatio).toBeCloseTo(plain.truth.idealRatio, 3);
  });

  it('the scalp shell is 7-13 mm outside the closed brain', () => {
    const head = headModel(src);
    // along the +z axis from the brain top: the synthetic brain ends at z = 15 + 60 = 75 mm
    const [nx, ny] = src.activity.dims;
    const A = src.activity.affine;
    const i = Math.round(-A[3]! / A[0]!), j = Math.round((-18 - A[7]!) / A[5]!);
    for (const z of [78, 81]) {
      const k = Math.round((z - A[11]!) / A[10]!);
      const zTrue = A[10]! * k + A[11]!;
      const d = head.outsideMm[i + nx * (j + ny * k)]!;
      // the top brain voxel of this column is at z = 75 (the pole, nearest brain point)
      expect(d).toBeCloseTo(zTrue - 75, 6);
    }
  });

  it('a deformation moves the anatomy by at most its amplitude and keeps the cerebellum volume within 10 %', () => {
    const d = randomDeformation(src, 6, createRng(5));
    let max = 0;
    const h = src.activity.spacing[0];
    for (let p = 0; p < d.ux.length; p++) if (src.brain[p]) max = Math.max(max, Math.hypot(d.ux[p]!, d.uy[p]!, d.uz[p]!) * h);
    expect(max).toBeCloseTo(6, 6);
    const sim = simulateStudy(src, { ...base, deformationMm: 6 }, 5);
    const plain = simulateStudy(src, base, 5);
    expect(sim.truth.cerebellumVoxels / plain.truth.cerebellumVoxels).toBeGreaterThan(0.9);
    expect(sim.truth.cerebellumVoxels / plain.truth.cerebellumVoxels).toBeLessThan(1.1);
    // uniform regions keep their values: the tissue ratio stays near the source ratio (the thin
    // cortical shell takes interpolated edge values where classes are carried by nearest neighbour)
    expect(Math.abs(sim.truth.tissueRatio / (SYN.cerebellum / SYN.cortex) - 1)).toBeLessThan(0.05);
  });

  it('no attenuation correction: the factor at the head centre is the mean of exp(-mu d) over the outline (1000-angle reference)', () => {
    // uniform activity on a grid with a voxel at x = 0, y = -16, z = 0 (the outline centre)
    const dims = [3, 3, 3] as const;
    const act = createVolume({ data: new Float32Array(27).fill(1), dims, affine: [50, 0, 0, -50, 0, 60, 0, -76, 0, 0, 10, -10, 0, 0, 0, 1] });
    const fake = { ...src, activity: act, brain: new Uint8Array(27).fill(1) };
    const out = new Float32Array(27).fill(1);
    applyAttenuation(fake, out, 0.12);
    let ref = 0;
    const N = 1000;
    for (let t = 0; t < N; t++) {
      const th = (2 * Math.PI * t) / N;
      const len = 1 / Math.sqrt((Math.cos(th) / 78) ** 2 + (Math.sin(th) / 98) ** 2);
      ref += Math.exp(-0.012 * len) / N;
    }
    expect(out[13]!).toBeCloseTo(ref, 2);
    // a point near the lateral edge (x = 50 mm) is attenuated less than the centre
    expect(out[14]!).toBeGreaterThan(out[13]!);
  });

  it('every option together stays deterministic by seed', () => {
    const p = { ...base, fwhmMm: 12, noise: true, cerebellarFactor: 0.6, cerebellarAtrophy: 0.1, deformationMm: 7, scalpFraction: 0.2, salivaryFraction: 0.6, attenuationPerCm: 0.13 };
    const a = simulateStudy(src, p, 9), b = simulateStudy(src, p, 9);
    expect(Buffer.from(a.volume.data.buffer).equals(Buffer.from(b.volume.data.buffer))).toBe(true);
    expect(a.truth).toEqual(b.truth);
    const c = simulateStudy(src, p, 10);
    expect(c.truth.idealRatio).not.toBe(a.truth.idealRatio);
    expect([CLASS_CEREBELLUM, CLASS_CORTEX]).toEqual([1, 2]);
  });
});
