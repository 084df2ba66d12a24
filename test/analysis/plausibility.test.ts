/**
 * No confident label on something that is not a brain: synthetic non-brains
 * (uniform sphere, ellipsoid, Gaussian blob, noise) and real-looking studies
 * whose voxel sizes were corrupted must come out `indeterminate` with the
 * reason; realistic studies (infant head size, 15 mm blur, extracerebral
 * uptake, no attenuation correction, a cold cerebellum) must not.
 */
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { assessPlausibility, brainVolumeFraction, minLinearSize } from '../../src/analysis/plausibility.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { createRng } from '../../src/kernels/random.js';
import { phantomSource, simulateStudy } from '../../src/simulate/index.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { readNifti } from '../../src/nifti/index.js';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';

const N = 64;
const VS = 4;

function grid(vs: number, vz = vs): number[] {
  const c = (N - 1) / 2;
  return [vs, 0, 0, -c * vs, 0, vs, 0, -c * vs, 0, 0, vz, -c * vz, 0, 0, 0, 1];
}

function shape(f: (x: number, y: number, z: number) => number, fwhmMm = 10): Volume {
  const d = new Float32Array(N * N * N);
  const c = (N - 1) / 2;
  for (let k = 0; k < N; k++) for (let j = 0; j < N; j++) for (let i = 0; i < N; i++) d[i + N * (j + N * k)] = f((i - c) * VS, (j - c) * VS, (k - c) * VS);
  const s = fwhmMm > 0 ? gaussianSmooth3d(d, [N, N, N], [fwhmMm / VS, fwhmMm / VS, fwhmMm / VS]) : d;
  return createVolume({ data: s, dims: [N, N, N], affine: grid(VS) });
}

function relabel(v: Volume, vs: number, vz = vs): Volume {
  return createVolume({ data: v.data, dims: v.dims, affine: grid(vs, vz) });
}

const opts = { ageYears: 30, tracer: 'HMPAO' as const };
const src = phantomSource();
const sim = (p: Record<string, unknown>, seed: number): Volume =>
  simulateStudy(src, { cerebellarFactor: 1, matrix: 64, voxelSizeMm: VS, fwhmMm: 12, totalCounts: 2e6, ...p } as never, seed).volume;

describe('brain size model', () => {
  it('follows the published growth anchors and is monotone', () => {
    expect(brainVolumeFraction(0)).toBeCloseTo(1 / 3, 6);
    expect(brainVolumeFraction(1)).toBeCloseTo(2 / 3, 6);
    expect(brainVolumeFraction(2)).toBeCloseTo(0.77, 6);
    expect(brainVolumeFraction(40)).toBe(1);
    let prev = 0;
    for (let a = 0; a <= 20; a += 0.05) {
      const v = brainVolumeFraction(a);
      expect(v).toBeGreaterThanOrEqual(prev);
      prev = v;
    }
    expect(minLinearSize(40)).toBeCloseTo(0.75, 6);
    expect(minLinearSize(0.5)).toBeCloseTo(0.75 * Math.cbrt(brainVolumeFraction(0.5)), 6);
    expect(minLinearSize(null)).toBeCloseTo(minLinearSize(0), 6);
  });
});

describe('non-brains are indeterminate, with the reason', () => {
  const cases: [string, () => Volume, RegExp][] = [
    ['uniform sphere', () => shape((x, y, z) => (x * x + y * y + z * z < 70 * 70 ? 100 : 0)), /no brain-like structure/],
    ['uniform ellipsoid', () => shape((x, y, z) => (x * x / 4900 + y * y / 7225 + z * z / 3600 < 1 ? 100 : 0)), /not a brain|no brain-like structure/],
    ['Gaussian blob', () => shape((x, y, z) => 100 * Math.exp(-(x * x + y * y + z * z) / (2 * 40 * 40)), 0), /not a plausible head|no brain-like/],
    ['uniform noise', () => {
      const rng = createRng(3);
      return createVolume({ data: Float32Array.from({ length: N ** 3 }, () => rng.uniform() * 1000), dims: [N, N, N], affine: grid(VS) });
    }, /./],
    ['normal study relabelled with 12 mm voxels', () => relabel(sim({}, 11), 12), /not a plausible head/],
    ['normal study relabelled with 2 mm voxels (adult)', () => relabel(sim({}, 12), 2), /not a plausible head/],
    ['normal study with 50 mm slice spacing', () => relabel(sim({}, 13), VS, 50), /./],
  ];
  for (const [name, make, reason] of cases) {
    it(name, () => {
      const r = analyzeStudy(make(), opts).report;
      expect(r.classification.label).toBe('indeterminate');
      expect(r.classification.severeCerebellarHypoperfusion).toBe(false);
      expect(r.classification.reasons.join(' | ')).toMatch(reason);
    }, 60_000);
  }
});

describe('real-looking brains stay measurable', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['adult, 15 mm blur, scalp and salivary uptake, no attenuation correction', { fwhmMm: 15, scalpFraction: 0.3, salivaryFraction: 1, attenuationPerCm: 0.12 }, 30],
    ['9-month-old head (brain scale 0.72), severe cold cerebellum', { brainScale: 0.72, cerebellarFactor: 0.5 }, 0.75],
    ['2-year-old, 9 mm blur, tilted 25 degrees', { brainScale: 0.85, fwhmMm: 9, pose: { rotationsDeg: [25, -10, 8], translationMm: [8, -6, 10] } }, 2],
  ];
  for (const [name, p, age] of cases) {
    it(name, () => {
      const res = analyzeStudy(sim(p, 21), { ageYears: age, tracer: 'HMPAO' });
      const pl = assessPlausibility({ scale: res.registration.scale, groups: res.report.regions.groups, ageYears: age });
      expect(pl.reasons).toEqual([]);
      expect(res.report.classification.label).not.toBe('indeterminate');
    }, 60_000);
  }
});

describeShared('a real perfusion image is a brain', () => {
  it('the SPM12 HMPAO template (mean of normal adults) passes, and its 2x-mislabelled copy does not', () => {
    const spm = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    const res = analyzeStudy(spm, opts);
    const pl = assessPlausibility({ scale: res.registration.scale, groups: res.report.regions.groups, ageYears: 30 });
    expect(pl.reasons).toEqual([]);
    expect(pl.figures.cortexToWhiteMatter!).toBeGreaterThan(1.05);
    expect(res.report.classification.label).toBe('normal');
    const a = Array.from(spm.affine);
    for (const i of [0, 1, 2, 4, 5, 6, 8, 9, 10]) a[i] = a[i]! * 2;
    const big = createVolume({ data: spm.data, dims: spm.dims, affine: a });
    const r2 = analyzeStudy(big, opts).report;
    expect(r2.classification.label).toBe('indeterminate');
    expect(r2.classification.reasons.join(' ')).toMatch(/not a plausible head/);
  }, 60_000);
});
