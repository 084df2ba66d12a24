import { describe, expect, it } from 'vitest';
import { classifyCerebellarPerfusion, type ClassifierInput } from '../../src/classify/classify.js';
import { NormalsAccumulator, referenceRangeFromNormals, type NormalControl, type NormalDatabase } from '../../src/classify/normals.js';
import { linearFit, normalsReference } from '../../src/classify/normals-safety.js';
import type { Tracer } from '../../src/classify/reference-ranges.js';

const base: ClassifierInput = {
  ratio: 1, ageYears: 40, tracer: 'ECD', cerebellarCoverage: 1, registrationSimilarity: 0.9, totalCounts: null,
};

/** A database with exactly the given mean and SD: controls at mean +/- sd x sqrt((n-1)/n) alternate. */
function db(n: number, mean: number, sd: number, opts: { tracer?: Tracer; ages?: (i: number) => number | null; ratios?: (i: number) => number; version?: 1 } = {}): NormalDatabase {
  const h = sd * Math.sqrt((n - 1) / n);
  const values = Array.from({ length: n }, (_, i) => opts.ratios ? opts.ratios(i) : n % 2 === 1 && i === n - 1 ? mean : mean + (i % 2 === 0 ? h : -h));
  let m = 0; for (const v of values) m += v; m /= n;
  let ss = 0; for (const v of values) ss += (v - m) ** 2;
  const controls: NormalControl[] = values.map((v, i) => ({ ageYears: opts.ages ? opts.ages(i) : 40, cerebellumToCortex: v }));
  const ages = controls.map((c) => c.ageYears).filter((a): a is number => a !== null);
  return {
    schema: 'spect-perfusion/normals', schemaVersion: opts.version ?? 2, n, tracer: opts.tracer ?? 'ECD', ageBand: 'adult',
    ageRange: ages.length ? [Math.min(...ages), Math.max(...ages)] : null,
    ratios: { cerebellumToCortex: { mean: m, sd: Math.sqrt(ss / (n - 1)), n } }, regions: {}, dims: [1, 1, 1], affine: [],
    ...(opts.version === 1 ? {} : { controls }),
  };
}

describe('normal databases used safely', () => {
  it('24 controls with SD 0.031: z uses the prediction SD, and a 12 % loss is not severe', () => {
    const d = db(24, 1.068, 0.031);
    const ratio = 1.068 * 0.88;
    const c = classifyCerebellarPerfusion({ ...base, ratio }, { normals: d });
    // CV 2.9 % is below the 3 % test-retest floor: the SD used is 0.03 x mean x sqrt(1 + 1/24)
    const sd = 0.03 * 1.068 * Math.sqrt(1 + 1 / 24);
    expect(c.reference!.sd).toBeCloseTo(sd, 10);
    expect(c.zScore!).toBeCloseTo((ratio - 1.068) / sd, 8);
    expect(c.label).toBe('mild');
    expect(c.severeCerebellarHypoperfusion).toBe(false);
    expect(c.issues.map((i) => i.code)).toContain('NORMALS_SPREAD_IMPLAUSIBLE');
  });
  it('a plausible spread is used as it is, times sqrt(1 + 1/n)', () => {
    const d = db(30, 1.0, 0.05);
    const c = classifyCerebellarPerfusion({ ...base, ratio: 0.9 }, { normals: d });
    expect(c.reference!.sd).toBeCloseTo(0.05 * Math.sqrt(1 + 1 / 30), 10);
    expect(c.reference!.kind).toBe('normals');
    expect(c.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(referenceRangeFromNormals(d).sd).toBeCloseTo(0.05 * Math.sqrt(1 + 1 / 30), 10);
  });
  it('6 controls with SD 0.002 are refused: a 3 % loss is not severe and the built-in model is used', () => {
    const d = db(6, 1.068, 0.002);
    const c = classifyCerebellarPerfusion({ ...base, ratio: 1.068 * 0.97 }, { normals: d });
    expect(c.label).toBe('normal');
    expect(c.reference!.kind).toBe('model');
    const codes = c.issues.map((i) => i.code);
    expect(codes).toContain('NORMALS_TOO_FEW');
    expect(codes).toContain('NORMALS_SPREAD_IMPLAUSIBLE');
    expect(c.issues.every((i) => i.severity === 'warning')).toBe(true);
  });
  it('another tracer is a warning issue', () => {
    const c = classifyCerebellarPerfusion({ ...base, tracer: 'HMPAO' }, { normals: db(20, 1.0, 0.05, { tracer: 'ECD' }) });
    expect(c.issues.map((i) => i.code)).toContain('NORMALS_TRACER_MISMATCH');
  });
  it('a child compared with adult controls is an age-mismatch warning; an adult near the range is not', () => {
    const adults = db(20, 1.068, 0.055, { ages: (i) => 30 + i });
    const child = classifyCerebellarPerfusion({ ...base, ageYears: 5 }, { normals: adults });
    const m = child.issues.find((i) => i.code === 'NORMALS_AGE_MISMATCH');
    expect(m?.severity).toBe('warning');
    expect(m?.message).toMatch(/5 y is outside the controls' ages 30-49 y/);
    const adult = classifyCerebellarPerfusion({ ...base, ageYears: 60 }, { normals: adults });
    expect(adult.issues.map((i) => i.code)).not.toContain('NORMALS_AGE_MISMATCH');
  });
  it('controls spanning childhood and adulthood: a linear regression on age with its prediction interval', () => {
    // 30 controls aged 6-35: ratio = 0.85 + 0.006 x age + alternating +/-0.04
    const ages = (i: number) => 6 + i;
    const ratios = (i: number) => 0.85 + 0.006 * ages(i) + (i % 2 === 0 ? 0.04 : -0.04);
    const d = db(30, 0, 0, { ages, ratios });
    const x = Array.from({ length: 30 }, (_, i) => ages(i)), y = x.map((_, i) => ratios(i));
    // independent closed form
    const mx = x.reduce((a, b) => a + b) / 30, my = y.reduce((a, b) => a + b) / 30;
    let sxx = 0, sxy = 0; for (let i = 0; i < 30; i++) { sxx += (x[i]! - mx) ** 2; sxy += (x[i]! - mx) * (y[i]! - my); }
    const b = sxy / sxx, a0 = my - b * mx;
    let rss = 0; for (let i = 0; i < 30; i++) rss += (y[i]! - a0 - b * x[i]!) ** 2;
    const s = Math.sqrt(rss / 28);
    const nr = normalsReference(d, { ageYears: 10, tracer: 'ECD' });
    expect(nr.method).toBe('regression');
    expect(nr.reference!.mean).toBeCloseTo(a0 + b * 10, 10);
    expect(nr.reference!.sd).toBeCloseTo(s * Math.sqrt(1 + 1 / 30 + (10 - mx) ** 2 / sxx), 10);
    expect(nr.issues.map((i) => i.code)).toContain('NORMALS_AGE_REGRESSION');
    expect(linearFit([1, 2, 3, 4], [3, 5, 7, 9])).toMatchObject({ a: 3 - 2, b: 2, s: 0 });
  });
  it('too few controls to model an age span: pooled, with a warning that says so', () => {
    const d = db(12, 1.0, 0.06, { ages: (i) => 4 + 3 * i });
    const nr = normalsReference(d, { ageYears: 20, tracer: 'ECD' });
    expect(nr.method).toBe('pooled');
    expect(nr.issues.find((i) => i.code === 'NORMALS_AGE_POOLED')?.message).toMatch(/4-37 y.*regression needs 20/);
  });
  it('an old (schema version 1) database without ages still loads, with a clear issue', () => {
    const d = db(20, 1.0, 0.05, { version: 1 });
    expect(d.controls).toBeUndefined();
    const c = classifyCerebellarPerfusion({ ...base, ratio: 0.95 }, { normals: d });
    expect(c.label).toBe('normal');
    expect(c.reference!.kind).toBe('normals');
    expect(c.issues.find((i) => i.code === 'NORMALS_NO_AGES')?.message).toMatch(/schema version 1 records no per-control ages/);
  });
  it('the accumulator records each control\'s age and ratio (schema version 2)', () => {
    const acc = new NormalsAccumulator('ECD', [1, 1, 2], Array(16).fill(0));
    acc.add({ cerebellumToCortex: 1.0 }, {}, new Float32Array([1, 2]), 30);
    acc.add({ cerebellumToCortex: 1.1 }, {}, new Float32Array([1, 4]), null);
    acc.add({ cerebellumToCortex: null }, {}, new Float32Array([1, 3]), 50);
    const { db: out, maps } = acc.finish();
    expect(out.schemaVersion).toBe(2);
    expect(out.controls).toEqual([
      { ageYears: 30, cerebellumToCortex: 1.0 }, { ageYears: null, cerebellumToCortex: 1.1 }, { ageYears: 50, cerebellumToCortex: null },
    ]);
    expect(out.ageRange).toEqual([30, 50]);
    expect(out.ratios.cerebellumToCortex!.n).toBe(2);
    expect(out.ratios.cerebellumToCortex!.sd).toBeCloseTo(Math.SQRT1_2 * 0.1, 12);
    expect(maps.sd[1]).toBeCloseTo(1, 6);
  });
});
