import { describe, expect, it } from 'vitest';
import { isSpectError } from '../../src/errors.js';
import { createRng } from '../../src/kernels/random.js';
import {
  DEFAULT_RANGES, prepareSource, randomStudyParams, renderStudy, simulateCohort, simulateStudy, subjectToMniMatrix,
} from '../../src/simulate/index.js';
import { applyAffine } from '../../src/volume/affine.js';
import { SYN, syntheticSource } from './synthetic-source.js';

const src = prepareSource(syntheticSource());
/** Byte-exact equality of two typed arrays (fast; vitest's deep equality is slow on 10^5+ elements). */
function same(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

const base = { matrix: 64, voxelSizeMm: 4.4, fwhmMm: 8 } as const;

describe('simulateStudy on a synthetic source', () => {
  it('without blur and with the MNI grid, the ideal ratio is the source ratio', () => {
    // Scanner voxels of 3 mm centred on 0 are offset by 1.5 mm from the source grid: the truth
    // classes (nearest) and values (trilinear) still see uniform regions away from edges.
    const r = simulateStudy(src, { ...base, cerebellarFactor: 1, fwhmMm: 0, voxelSizeMm: 3, matrix: 128, noise: false, edgeFwhmMm: 0 }, 1);
    expect(r.truth.idealRatio).toBeGreaterThan(0.95 * SYN.cerebellum / SYN.cortex);
    expect(r.truth.idealRatio).toBeLessThan(1.02 * SYN.cerebellum / SYN.cortex);
  });
  it('is deterministic by seed, noise differs between seeds', () => {
    const a = simulateStudy(src, { ...base, cerebellarFactor: 0.8 }, 42);
    const b = simulateStudy(src, { ...base, cerebellarFactor: 0.8 }, 42);
    const c = simulateStudy(src, { ...base, cerebellarFactor: 0.8 }, 43);
    expect(same(a.volume.data, b.volume.data)).toBe(true);
    expect(a.truth).toEqual(b.truth);
    expect(same(a.noiseFree.data, c.noiseFree.data)).toBe(true);
    expect(same(a.volume.data, c.volume.data)).toBe(false);
    const fa = renderStudy(a, { format: 'ge' }).files[0]!.bytes;
    const fb = renderStudy(b, { format: 'ge' }).files[0]!.bytes;
    expect(same(fa, fb)).toBe(true);
  });
  it('noise is Poisson: mean difference 0, variance equal to the mean', () => {
    const r = simulateStudy(src, { ...base, cerebellarFactor: 1, totalCounts: 3e6 }, 5);
    let sd = 0, s2 = 0, sm = 0, n = 0;
    for (let i = 0; i < r.volume.data.length; i++) {
      const m = r.noiseFree.data[i]!;
      if (m <= 0) continue;
      const d = r.volume.data[i]! - m;
      sd += d; s2 += d * d; sm += m; n++;
      expect(Number.isInteger(r.volume.data[i])).toBe(true);
    }
    expect(Math.abs(sd / n)).toBeLessThan(5 * Math.sqrt(sm / n / n));
    expect(s2 / sm).toBeGreaterThan(0.98);
    expect(s2 / sm).toBeLessThan(1.02);
    expect(r.truth.totalCountsNoiseFree).toBeCloseTo(3e6, -1);
    expect(Math.abs(r.truth.totalCountsNoisy - 3e6)).toBeLessThan(5 * Math.sqrt(3e6));
  });
  it('the axial field of view zeroes exactly the slices outside it', () => {
    const r = simulateStudy(src, { ...base, cerebellarFactor: 1, axialFovMm: 100, axialFovCentreMm: 10 }, 2);
    const A = r.truth.scannerAffine;
    const plane = 64 * 64;
    const expected: number[] = [];
    for (let k = 0; k < 64; k++) if (Math.abs(A[10]! * k + A[11]! - 10) > 50) expected.push(k);
    expect(r.truth.slicesZeroed).toEqual(expected);
    for (let k = 0; k < 64; k++) {
      let s = 0, sn = 0;
      for (let p = k * plane; p < (k + 1) * plane; p++) { s += r.volume.data[p]!; sn += r.noiseFree.data[p]!; }
      if (expected.includes(k)) { expect(s).toBe(0); expect(sn).toBe(0); }
    }
    // slices inside the FOV that cross the head keep their counts
    const kMid = Math.round((10 - A[11]!) / A[10]!);
    let mid = 0;
    for (let p = kMid * plane; p < (kMid + 1) * plane; p++) mid += r.noiseFree.data[p]!;
    expect(mid).toBeGreaterThan(0);
  });
  it('subjectToMni maps the scanner-space activity centroid onto the source centroid', () => {
    const pose = { rotationsDeg: [12, -20, 25] as [number, number, number], translationMm: [14, -9, 22] as [number, number, number] };
    const r = simulateStudy(src, { ...base, voxelSizeMm: 3, matrix: 128, cerebellarFactor: 1, pose, brainScale: 0.85, noise: false, fwhmMm: 0 }, 3);
    const A = r.truth.scannerAffine;
    let w = 0; const c = [0, 0, 0];
    r.noiseFree.data.forEach((v, p) => {
      if (v <= 0) return;
      const i = p % 128, j = Math.floor(p / 128) % 128, k = Math.floor(p / 16384);
      const x = applyAffine(A, i, j, k);
      for (let d = 0; d < 3; d++) c[d] = c[d]! + v * x[d]!;
      w += v;
    });
    const mni = applyAffine(r.truth.subjectToMni, c[0]! / w, c[1]! / w, c[2]! / w);
    // source centroid
    const a = src.activity;
    let ws = 0; const cs = [0, 0, 0];
    a.data.forEach((v, p) => {
      if (v <= 0) return;
      const x = applyAffine(a.affine, p % 48, Math.floor(p / 48) % 56, Math.floor(p / (48 * 56)));
      for (let d = 0; d < 3; d++) cs[d] = cs[d]! + v * x[d]!;
      ws += v;
    });
    for (let d = 0; d < 3; d++) expect(Math.abs(mni[d]! - cs[d]! / ws)).toBeLessThan(1.5);
    // the matrix is the inverse of x = R s (m - c0) + t: the brain centre lands at t
    const t = applyAffine(subjectToMniMatrix(pose, 0.85), 14, -9, 22);
    expect(t[0]).toBeCloseTo(0, 9); expect(t[1]).toBeCloseTo(-18, 9); expect(t[2]).toBeCloseTo(12, 9);
  });
  it('atrophy shrinks the truth cerebellum and fills CSF-level activity', () => {
    const p = { ...base, cerebellarFactor: 1, noise: false, fwhmMm: 0 };
    const a0 = simulateStudy(src, p, 1), a3 = simulateStudy(src, { ...p, cerebellarAtrophy: 0.3 }, 1);
    const ratio = a3.truth.cerebellumVoxels / a0.truth.cerebellumVoxels;
    expect(ratio).toBeGreaterThan(0.7 ** 3 * 0.8);
    expect(ratio).toBeLessThan(0.7 ** 3 * 1.25);
  });
  it('rejects out-of-range parameters with a code', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { return isSpectError(e) ? e.code : 'other'; } return 'none'; };
    expect(code(() => simulateStudy(src, { cerebellarFactor: -1 }, 1))).toBe('INVALID_PARAMETER');
    expect(code(() => simulateStudy(src, { cerebellarFactor: 1, matrix: 96 as 64 }, 1))).toBe('INVALID_PARAMETER');
    expect(code(() => simulateStudy(src, { cerebellarFactor: 1, pose: { rotationsDeg: [0, 0, 0], translationMm: [0, 0, 450] } }, 1))).toBe('ANALYSIS_FAILED');
  });
});

describe('cohorts', () => {
  it('randomStudyParams stays in range and is deterministic', () => {
    const a = randomStudyParams(createRng(9)), b = randomStudyParams(createRng(9));
    expect(a).toEqual(b);
    for (let s = 0; s < 200; s++) {
      const p = randomStudyParams(createRng(s));
      expect(p.cerebellarFactor).toBeGreaterThanOrEqual(DEFAULT_RANGES.factor[0]);
      expect(p.cerebellarFactor).toBeLessThanOrEqual(DEFAULT_RANGES.factor[1]);
      for (const r of p.pose!.rotationsDeg) expect(Math.abs(r)).toBeLessThanOrEqual(25);
      for (const t of p.pose!.translationMm) expect(Math.abs(t)).toBeLessThanOrEqual(30);
      expect(p.brainScale).toBeGreaterThanOrEqual(0.8);
      expect(p.matrix! * p.voxelSizeMm!).toBeGreaterThanOrEqual(249);
    }
  });
  it('simulateCohort yields varied, reproducible studies with truth', () => {
    const a = [...simulateCohort(src, 3, 77)];
    const b = [...simulateCohort(src, 3, 77)];
    expect(a.map((m) => m.result.truth)).toEqual(b.map((m) => m.result.truth));
    expect(new Set(a.map((m) => m.result.truth.idealRatio)).size).toBe(3);
    for (const m of a) {
      expect(Number.isFinite(m.result.truth.idealRatio)).toBe(true);
      const files = renderStudy(m.result, { format: m.format, includeTruth: true });
      expect(files.files.length).toBeGreaterThan(1);
    }
  });
});
