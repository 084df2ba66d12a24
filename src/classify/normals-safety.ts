/**
 * A normal database as a classifier reference, used safely
 * (docs/method.md, section 7):
 * - z uses the prediction SD of a new subject, s x sqrt(1 + 1/n) (pooled) or
 *   s x sqrt(1 + 1/n + (age - mean age)^2 / Sxx) (linear regression on age);
 * - fewer than `minControls` controls: refused (the built-in model is used);
 * - a coefficient of variation below the test-retest variability (3.0 %,
 *   Van Laere 2001): flagged, and the SD is raised to that floor;
 * - another tracer, or a study age outside the controls' ages where the
 *   built-in model says the normal ratio differs: warning issues;
 * - controls spanning ages over which the built-in model changes by more than
 *   `ageEffectPercent`: a linear regression of the ratio on age when there are
 *   at least `minControlsForRegression` controls with ages, else pooled with a
 *   warning that age could not be modelled. Version 1 files without
 *   per-control ages: pooled with a warning.
 */
import type { Issue } from '../issues.js';
import { maturationFactor } from './age-model.js';
import type { NormalDatabase } from './normals.js';
import { TEST_RETEST_CV, ageBandOf, type ReferenceRange, type Tracer } from './reference-ranges.js';

export interface NormalsLimits {
  /** Fewer controls than this: the database is not used for the classification (default 10). */
  readonly minControls: number;
  /** Coefficient of variation below this is implausible; the SD is raised to it (default 0.03, Van Laere 2001 test-retest). */
  readonly minCv: number;
  /** Controls with ages needed to fit ratio = a + b x age (default 20). */
  readonly minControlsForRegression: number;
  /** Change (%) of the built-in model over an age span that counts as age-dependent (default 2). */
  readonly ageEffectPercent: number;
}

export const DEFAULT_NORMALS_LIMITS: NormalsLimits = Object.freeze({
  minControls: 10,
  minCv: TEST_RETEST_CV,
  minControlsForRegression: 20,
  ageEffectPercent: 2,
});

export interface NormalsReference {
  /** null when the database was refused. */
  readonly reference: ReferenceRange | null;
  readonly method: 'pooled' | 'regression' | 'refused';
  readonly issues: readonly Issue[];
}

const SOURCE = (n: number) => ({ short: 'local normal database', reference: `built with spect-perfusion normals build from ${n} controls` });

/** Relative change (%) of the built-in model between two ages (the model's shape is the same for every tracer). */
function modelChangePercent(a: number, b: number): number {
  return 100 * Math.abs(maturationFactor(a) / maturationFactor(b) - 1);
}

/** Largest change (%) of the built-in model over [lo, hi] (sampled every 0.05 y). */
function modelSpanPercent(lo: number, hi: number): number {
  let min = Infinity, max = -Infinity;
  const steps = Math.min(2000, Math.max(1, Math.ceil((hi - lo) / 0.05)));
  for (let i = 0; i <= steps; i++) {
    const m = maturationFactor(lo + ((hi - lo) * i) / steps);
    if (m < min) min = m;
    if (m > max) max = m;
  }
  return 100 * (max / min - 1);
}

const fmt = (a: number) => (Math.round(a * 10) / 10).toString();

/** The database's reference range for one study (age in years, tracer), with the issues of using it. Pure. */
export function normalsReference(
  db: NormalDatabase, study: { readonly ageYears: number; readonly tracer: Tracer }, limits: Partial<NormalsLimits> = {},
): NormalsReference {
  const lim: NormalsLimits = { ...DEFAULT_NORMALS_LIMITS, ...limits };
  const issues: Issue[] = [];
  const r = db.ratios?.cerebellumToCortex;
  if (!r || !Number.isFinite(r.mean) || !(r.mean > 0) || !Number.isFinite(r.sd) || !(r.n >= 2)) {
    issues.push({ code: 'NORMALS_UNUSABLE', severity: 'warning', message: 'normal database has no usable cerebellumToCortex mean and SD: the built-in age model is used' });
    return { reference: null, method: 'refused', issues };
  }
  if (r.n < lim.minControls) {
    issues.push({
      code: 'NORMALS_TOO_FEW', severity: 'warning',
      message: `normal database has ${r.n} controls, fewer than the ${lim.minControls} needed: not used for the classification (built-in age model used)`,
    });
    if (r.sd / r.mean < lim.minCv) issues.push(spreadIssue(r.sd / r.mean, lim.minCv, r.n));
    return { reference: null, method: 'refused', issues };
  }
  if (db.tracer !== study.tracer) {
    issues.push({ code: 'NORMALS_TRACER_MISMATCH', severity: 'warning', message: `normal database is ${db.tracer}, the study ${study.tracer}: norms are tracer-specific` });
  }
  const { aged, range } = controlAges(db, r.n, issues);
  if (range) ageMismatch(db, range, study.ageYears, lim, issues);
  const model = ageModel(r, aged, range, study.ageYears, lim, issues);
  if (!(model.mean > 0)) {
    issues.push({ code: 'NORMALS_UNUSABLE', severity: 'warning', message: 'normal database predicts no positive ratio at the study age: the built-in age model is used' });
    return { reference: null, method: 'refused', issues };
  }
  applySpreadFloor(model, r.n, lim, issues);
  const span = range ? `, ${fmt(range[0])}-${fmt(range[1])} y` : '';
  const { mean, predSd, method, how } = model;
  const reference: ReferenceRange = {
    tracer: db.tracer, ageBand: db.ageBand, mean, sd: predSd, provisional: r.n < lim.minControlsForRegression,
    derivation: `normal database of ${r.n} ${db.tracer} controls${span}: ${how}`,
    sources: [SOURCE(r.n)], kind: 'normals',
    name: `normal database (${r.n} ${db.tracer} controls${span}, ${method === 'regression' ? 'age regression' : 'pooled'})`,
    ageYears: study.ageYears, n: r.n,
  };
  return { reference, method, issues };
}

type AgedControl = { ageYears: number; cerebellumToCortex: number };

/** The controls with an age and a ratio, the age range (theirs, else the file's), and the NORMALS_NO_AGES issue when ages are missing. */
function controlAges(db: NormalDatabase, n: number, issues: Issue[]): { aged: AgedControl[]; range: readonly [number, number] | null } {
  const controls = db.controls ?? null;
  const aged = controls ? controls.filter((c): c is AgedControl =>
    c.ageYears !== null && Number.isFinite(c.ageYears) && c.cerebellumToCortex !== null && Number.isFinite(c.cerebellumToCortex)) : [];
  const withRatio = controls ? controls.filter((c) => c.cerebellumToCortex !== null).length : n;
  const range: readonly [number, number] | null = aged.length
    ? [Math.min(...aged.map((c) => c.ageYears)), Math.max(...aged.map((c) => c.ageYears))]
    : db.ageRange ?? null;

  if (!controls) {
    issues.push({
      code: 'NORMALS_NO_AGES', severity: 'warning',
      message: `normal database schema version ${db.schemaVersion} records no per-control ages${db.ageRange ? ` (only the range ${fmt(db.ageRange[0])}-${fmt(db.ageRange[1])} y)` : ''}: age dependence cannot be modelled, pooled mean used; rebuild it with normals build`,
    });
  } else if (aged.length < withRatio) {
    issues.push({
      code: 'NORMALS_NO_AGES', severity: 'warning',
      message: `${withRatio - aged.length} of ${withRatio} controls have no age: age dependence cannot be checked for them`,
    });
  }
  return { aged, range };
}

/** Age mismatch: the study lies outside the controls' ages where the model says it matters (NORMALS_AGE_MISMATCH). */
function ageMismatch(db: NormalDatabase, range: readonly [number, number], ageYears: number, lim: NormalsLimits, issues: Issue[]): void {
  const nearest = Math.min(range[1], Math.max(range[0], ageYears));
  const change = modelChangePercent(ageYears, nearest);
  if (nearest !== ageYears && change > lim.ageEffectPercent) {
    issues.push({
      code: 'NORMALS_AGE_MISMATCH', severity: 'warning',
      message: `study age ${fmt(ageYears)} y is outside the controls' ages ${fmt(range[0])}-${fmt(range[1])} y (${ageBandOf(ageYears)} vs ${db.ageBand}); the built-in model's normal ratio differs by ${change.toFixed(1)} % there`,
    });
  }
}

/** The normal ratio at the study age: its mean, the SD s it comes with, the prediction SD, the method and how it was derived. */
interface AgeModel { mean: number; s: number; predSd: number; method: 'pooled' | 'regression'; how: string }

/** Pooled, or a linear regression on age when the controls' ages matter and enough have ages (NORMALS_AGE_REGRESSION / NORMALS_AGE_POOLED). */
function ageModel(
  r: { readonly mean: number; readonly sd: number; readonly n: number }, aged: readonly AgedControl[], range: readonly [number, number] | null,
  ageYears: number, lim: NormalsLimits, issues: Issue[],
): AgeModel {
  const ageDependent = range !== null && modelSpanPercent(range[0], range[1]) > lim.ageEffectPercent;
  const model: AgeModel = {
    mean: r.mean, s: r.sd, predSd: r.sd * Math.sqrt(1 + 1 / r.n), method: 'pooled',
    how: `pooled mean ${r.mean.toPrecision(4)}, prediction SD ${r.sd.toPrecision(3)} x sqrt(1 + 1/${r.n})`,
  };
  if (ageDependent && aged.length >= lim.minControlsForRegression) {
    const fit = linearFit(aged.map((c) => c.ageYears), aged.map((c) => c.cerebellumToCortex));
    if (fit) {
      model.method = 'regression';
      const mean = fit.a + fit.b * ageYears;
      model.mean = mean;
      model.s = fit.s;
      const dx = ageYears - fit.meanX;
      const predSd = fit.s * Math.sqrt(1 + 1 / fit.n + (dx * dx) / fit.sxx);
      model.predSd = predSd;
      model.how = `linear regression on age of ${fit.n} controls: ${fit.a.toPrecision(4)} ${fit.b < 0 ? '-' : '+'} ${Math.abs(fit.b).toPrecision(3)} x age = ${mean.toPrecision(4)} at ${fmt(ageYears)} y, prediction SD ${predSd.toPrecision(3)} (residual SD ${fit.s.toPrecision(3)})`;
      issues.push({ code: 'NORMALS_AGE_REGRESSION', severity: 'info', message: `controls span ${fmt(range![0])}-${fmt(range![1])} y: the normal ratio is modelled by a linear regression on age` });
    }
  } else if (ageDependent) {
    issues.push({
      code: 'NORMALS_AGE_POOLED', severity: 'warning',
      message: `controls span ${fmt(range![0])}-${fmt(range![1])} y, over which the built-in model's normal ratio changes by more than ${lim.ageEffectPercent} %, but only ${aged.length} have ages (regression needs ${lim.minControlsForRegression}): age not modelled, pooled mean used`,
    });
  }
  return model;
}

/** A coefficient of variation below the test-retest floor: NORMALS_SPREAD_IMPLAUSIBLE, and the prediction SD raised to the floor (in place). */
function applySpreadFloor(model: AgeModel, n: number, lim: NormalsLimits, issues: Issue[]): void {
  const { mean, s } = model;
  const cv = s / mean;
  if (!(cv >= lim.minCv)) {
    issues.push(spreadIssue(cv, lim.minCv, n));
    const floor = lim.minCv * mean;
    model.predSd = model.method === 'regression' ? model.predSd * (floor / Math.max(s, 1e-12)) : floor * Math.sqrt(1 + 1 / n);
    model.how += `; SD raised to the test-retest floor ${(100 * lim.minCv).toFixed(1)} % of the mean`;
  }
}

function spreadIssue(cv: number, minCv: number, n: number): Issue {
  return {
    code: 'NORMALS_SPREAD_IMPLAUSIBLE', severity: 'warning',
    message: `normal database spread (CV ${(100 * cv).toFixed(1)} % over ${n} controls) is below the ${(100 * minCv).toFixed(1)} % test-retest variability of one subject (Van Laere 2001): implausibly small`,
  };
}

/** Least-squares line y = a + b x with its residual SD (n - 2 degrees of freedom). Float64, deterministic. */
export function linearFit(x: readonly number[], y: readonly number[]): { a: number; b: number; s: number; n: number; meanX: number; sxx: number } | null {
  const n = x.length;
  if (n < 3 || y.length !== n) return null;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]!; my += y[i]!; }
  mx /= n; my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { const dx = x[i]! - mx; sxx += dx * dx; sxy += dx * (y[i]! - my); }
  if (!(sxx > 0)) return null;
  const b = sxy / sxx, a = my - b * mx;
  let rss = 0;
  for (let i = 0; i < n; i++) { const e = y[i]! - (a + b * x[i]!); rss += e * e; }
  return { a, b, s: Math.sqrt(rss / (n - 2)), n, meanX: mx, sxx };
}
