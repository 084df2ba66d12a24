/**
 * `registerToTemplate`: affine spatial normalisation of a perfusion SPECT study
 * to a template in MNI space (method and measured accuracy: docs/registration.md).
 *
 * Schedule (coarse to fine, pyramid levels default 8, 6, 4 mm):
 *  1. both images divided by their 99th percentile of positive voxels; all-zero
 *     boundary planes of the subject are treated as outside its field of view;
 *  2. initial translation (centres of mass) and isotropic scale (second moments);
 *  3. rotation grid search (default +-30 deg in 15 deg steps, 125 poses, NCC) at
 *     the coarsest level; the best 3 are refined with a similarity (7-parameter)
 *     fit and the best kept (FLIRT's multi-start idea, Jenkinson & Smith 2001);
 *  4. 9-parameter (rotations, translations, three scales) then 12-parameter
 *     affine fits at the coarsest level, then 12-parameter fits at each finer
 *     level. Cost: least squares with a linear intensity model, equivalent to
 *     maximising NCC (Friston et al. 1995), over the template mask minus an
 *     optional excluded region (cost-function masking, Brett et al. 2001), with
 *     Tukey-biweight IRLS weights (robust to regional perfusion differences);
 *     optimiser: Levenberg-Marquardt on analytic Gauss-Newton normal equations.
 */
import { ErrorCode, RegistrationError } from '../errors.js';
import { IssueList } from '../issues.js';
import { invert4 } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';
import { decomposeLinear } from './decompose.js';
import { excludePointsCached } from './exclude.js';
import { momentScale, rotationSearch } from './init.js';
import { accumulate, composeK, fitIntensity, NP, newPassResult, residualScale, type FixedPoints, type MovingImage } from './metric.js';
import { optimise, type Model, type OptimiseOptions, type RegState } from './optimise.js';
import { prepareSubject, prepareTemplate, type PreparedSubject, type PreparedTemplate } from './prepare.js';
import { checkRegion, checkTransform } from './result-checks.js';
import { warmUpPasses } from './warm-up.js';
import { fitDctWarp } from './dct-warp.js';
import { DEFAULT_EXCLUDED_WEIGHT, warpGainAt } from './warp-gain.js';
import type { RegistrationOptions, RegistrationResult, RegistrationStage } from './types.js';

export { FAILED_SIMILARITY, PLAUSIBLE_SCALE, PLAUSIBLE_SHEAR } from './result-checks.js';
/** Tukey biweight constant in units of the robust residual scale (95 % efficiency, Holland & Welsch 1977). */
export const TUKEY_K = 4.685;

function checkOptions(o: RegistrationOptions): void {
  const lv = o.levelsMm ?? [8, 6, 4];
  if (lv.length === 0 || !lv.every((x) => Number.isFinite(x) && x > 0)) throw new RangeError('levelsMm must be positive numbers');
  const pos = (v: number | undefined, name: string, allowZero = false) => {
    if (v !== undefined && !(Number.isFinite(v) && (allowZero ? v >= 0 : v > 0))) throw new RangeError(`${name} must be a positive number`);
  };
  pos(o.maskFraction, 'maskFraction');
  pos(o.searchRangeDeg, 'searchRangeDeg', true);
  pos(o.searchStepDeg, 'searchStepDeg');
  pos(o.searchCandidates, 'searchCandidates');
  pos(o.maxIterations, 'maxIterations');
  const ew = o.warp ? o.warp.gain?.excludedWeight : undefined;
  if (ew !== undefined && !(ew > 0 && ew <= 1)) throw new RangeError('warp.gain.excludedWeight must be in (0, 1]');
}

function ncc(fx: FixedPoints, mv: MovingImage, w: Float64Array): { ncc: number; inside: number; a: number; b: number } {
  const K = new Float64Array(12);
  const res = newPassResult();
  composeK(mv.worldToVox, w, K);
  accumulate(fx, mv, K, 1, 0, null, null, new Float64Array(NP), res);
  const [a, b] = fitIntensity(res);
  return { ncc: res.ncc, inside: res.inside, a, b };
}

/** The template's points (minus the excluded region) and the subject's pyramid. */
function prepareInputs(
  subject: Volume, template: Volume, options: RegistrationOptions, levelsMm: readonly number[], issues: IssueList,
): { tp: PreparedTemplate; tp0: PreparedTemplate; sp: PreparedSubject } {
  const tp0 = prepareTemplate(template, levelsMm, options.maskFraction ?? 0.05);
  const ex = options.exclude;
  const tp = ex ? { ...tp0, levels: tp0.levels.map((l) => excludePointsCached(l, tp0.centre, ex.volume, ex.labels)) } : tp0;
  if (tp.levels.some((l) => l.n < 100)) {
    throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'fewer than 100 template points remain after the exclusion');
  }
  const sp = prepareSubject(subject, levelsMm);
  if (sp.nonFinite > 0) {
    issues.add('REGISTRATION_NONFINITE_VOXELS', 'warning', `${sp.nonFinite} non-finite subject voxels were treated as 0 for registration.`);
  }
  return { tp, tp0, sp };
}

/** Steps 2-3 at the coarsest level: initial pose, rotation search, similarity fits of the best candidates. */
function coarseFit(
  tp: PreparedTemplate, sp: PreparedSubject, options: RegistrationOptions, levelsMm: readonly number[],
  probeOpt: OptimiseOptions, opt: OptimiseOptions, stages: RegistrationStage[],
): { state: RegState; ncc: number; iterations: number } {
  const fx0 = tp.levels[0]!, mv0 = sp.levels[0]!;
  const s0 = momentScale(sp.moments, tp.moments);
  const search = rotationSearch(
    fx0, mv0, sp.moments.centre, s0,
    options.searchRangeDeg ?? 30, options.searchStepDeg ?? 15, options.searchCandidates ?? 3,
  );
  stages.push({ name: 'search', levelMm: levelsMm[0]!, points: fx0.n, iterations: search.evaluated, similarity: search.candidates[0]!.ncc });
  let best: RegState | null = null;
  let bestNcc = -Infinity;
  let iterations = 0;
  for (const c of search.candidates) {
    const init = ncc(fx0, mv0, c.w);
    const st: RegState = { w: new Float64Array(c.w), a: init.a, b: init.b };
    const r = optimise(fx0, mv0, 'similarity', st, probeOpt);
    iterations += r.iterations;
    if (r.ncc > bestNcc) {
      bestNcc = r.ncc;
      best = st;
    }
  }
  if (best === null) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'coarse search produced no candidate');
  // continue the best candidate to convergence
  const cont = optimise(fx0, mv0, 'similarity', best, opt);
  iterations += cont.iterations;
  bestNcc = cont.ncc;
  stages.push({ name: 'similarity', levelMm: levelsMm[0]!, points: fx0.n, iterations, similarity: bestNcc });
  return { state: best, ncc: bestNcc, iterations };
}

/** The Tukey constant at the residual scale of the alignment `w` (Infinity when not robust or zero scale). */
function tukeyAt(fx: FixedPoints, mv: MovingImage, w: Float64Array, a: number, b: number, robust: boolean): number {
  const Kc = new Float64Array(12);
  composeK(mv.worldToVox, w, Kc);
  const sigma = residualScale(fx, mv, Kc, a, b);
  return robust && sigma > 0 ? TUKEY_K * sigma : Infinity;
}

/** Step 4 as a list: the 9- and 12-parameter fits at the coarsest level, then 12-parameter fits at each finer level. */
function refineSchedule(levels: number): Array<readonly [number, Model]> {
  const schedule: Array<readonly [number, Model]> = [[0, 'scales'], [0, 'affine']];
  for (let l = 1; l < levels; l++) schedule.push([l, 'affine']);
  return schedule;
}

/** One stage of step 4 at pyramid level `l`: the intensity model and the Tukey constant re-fitted on the level, then LM. */
function refineStage(
  tp: PreparedTemplate, sp: PreparedSubject, l: number, model: Model, state: RegState,
  opt: OptimiseOptions, robust: boolean,
): { ncc: number; inside: number; iterations: number; points: number } {
  const fx = tp.levels[l]!, mv = sp.levels[l]!;
  // re-fit the intensity model on the new level before iterating
  const pre = ncc(fx, mv, state.w);
  state.a = pre.a;
  state.b = pre.b;
  // robust (Tukey) weighting with the residual scale of the current alignment
  const tukeyC = tukeyAt(fx, mv, state.w, state.a, state.b, robust);
  const r = optimise(fx, mv, model, state, { ...opt, tukeyC });
  return { ncc: r.ncc, inside: r.inside, iterations: r.iterations, points: fx.n };
}

/**
 * The optional DCT warp, Tukey-weighted at the final residual scale: on the same (excluded) template
 * points, or with a gain on all the level's points, the excluded ones down-weighted (warp-gain.ts).
 */
function warpStep(run: RegistrationRun): RegistrationResult['warp'] {
  const { tp, tp0, sp, options, levelsMm, state, robust, stages } = run;
  const wo = options.warp;
  if (!wo) return null;
  const c = tp.centre;
  const wl = Math.min(Math.max(0, wo.level ?? levelsMm.length - 1), levelsMm.length - 1);
  const go = wo.gain;
  const fx = go ? tp0.levels[wl]! : tp.levels[wl]!, mv = sp.levels[wl]!;
  const gain = go ? warpGainAt(fx, c, go.membership, options.exclude ?? null, go.excludedWeight ?? DEFAULT_EXCLUDED_WEIGHT) : undefined;
  const { gain: _g, level: _l, ...rest } = wo;
  const tukeyC = tukeyAt(tp.levels[wl]!, mv, state.w, state.a, state.b, robust);
  const fit = fitDctWarp(fx, mv, state.w, { ...rest, tukeyC, ...(gain ? { gain } : {}) });
  stages.push({ name: 'warp', levelMm: levelsMm[wl]!, points: fx.n, iterations: fit.iterations, similarity: fit.ncc });
  return { ...fit, centre: [c[0], c[1], c[2]] };
}

/** mniToSubject: q = L (p - c) + t, from W = [L | t] (12 entries) and the template centre c. */
function mniToSubjectMatrix(w: Float64Array, c: readonly [number, number, number]): Float64Array {
  const m2s = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    m2s[4 * r] = w[4 * r]!;
    m2s[4 * r + 1] = w[4 * r + 1]!;
    m2s[4 * r + 2] = w[4 * r + 2]!;
    m2s[4 * r + 3] = w[4 * r + 3]! - (w[4 * r]! * c[0] + w[4 * r + 1]! * c[1] + w[4 * r + 2]! * c[2]);
  }
  m2s[15] = 1;
  return m2s;
}

/**
 * Register a subject SPECT volume to a template (both with RAS mm affines).
 * Pure and synchronous; the template's pyramid is cached per template object.
 * @param subject the study (any orientation, voxel size, intensity scale)
 * @param template the MNI-space template (e.g. `builtinTemplate(...)`); treated as
 *   immutable (its pyramid is cached per object)
 * @param options see `RegistrationOptions`; when the cerebellar perfusion is the
 *   quantity under study pass `exclude: { volume: <template atlas cerebellum> }`
 * @throws RegistrationError REGISTRATION_FAILED when either image has no usable
 *   signal, when fewer than 100 template points remain after the exclusion, or
 *   when the optimisation ends with a non-finite or singular transform.
 * @throws RangeError on invalid options (programmer error)
 */
export function registerToTemplate(subject: Volume, template: Volume, options: RegistrationOptions = {}): RegistrationResult {
  return finishRegistration(startRegistration(subject, template, options));
}

/**
 * A registration part-way through its schedule: steps 1-3 done, `next` the first stage of step 4
 * still to run. Internal to the register folder (choose.ts compares two runs at a coarse level and
 * finishes one); `startRegistration` then `finishRegistration` is `registerToTemplate`, stage by stage.
 */
export interface RegistrationRun {
  readonly options: RegistrationOptions;
  readonly levelsMm: readonly number[];
  readonly tp: PreparedTemplate;
  /** The template's points before the exclusion (the warp's with a gain). */
  readonly tp0: PreparedTemplate;
  readonly sp: PreparedSubject;
  readonly issues: IssueList;
  readonly stages: RegistrationStage[];
  readonly state: RegState;
  readonly schedule: ReadonlyArray<readonly [number, Model]>;
  readonly opt: OptimiseOptions;
  readonly robust: boolean;
  next: number;
  /** NCC and template coverage at the end of the last stage run, total iterations so far. */
  ncc: number;
  inside: number;
  iterations: number;
}

/** Steps 1-3 of `registerToTemplate` (same errors). */
export function startRegistration(subject: Volume, template: Volume, options: RegistrationOptions = {}): RegistrationRun {
  checkOptions(options);
  const levelsMm = options.levelsMm ?? [8, 6, 4];
  const maxIt = options.maxIterations ?? 30;
  const issues = new IssueList();
  const { tp, tp0, sp } = prepareInputs(subject, template, options, levelsMm, issues);
  const stages: RegistrationStage[] = [];
  warmUpPasses();
  const probeOpt: OptimiseOptions = { maxIterations: Math.min(maxIt, 5), relTol: 1e-4, stepTol: 0.1 };
  const opt: OptimiseOptions = { maxIterations: maxIt, relTol: 1e-5, stepTol: 0.05 };
  const coarse = coarseFit(tp, sp, options, levelsMm, probeOpt, opt, stages);
  return {
    options, levelsMm, tp, tp0, sp, issues, stages, state: coarse.state, schedule: refineSchedule(levelsMm.length), opt,
    robust: options.robust ?? true, next: 0, ncc: coarse.ncc, inside: 1, iterations: coarse.iterations,
  };
}

/** Run the stages of step 4 at pyramid levels up to index `level` (coarsest 0) not run yet. */
export function advanceRegistration(run: RegistrationRun, level: number): void {
  for (; run.next < run.schedule.length && run.schedule[run.next]![0] <= level; run.next++) {
    const [l, model] = run.schedule[run.next]!;
    const r = refineStage(run.tp, run.sp, l, model, run.state, run.opt, run.robust);
    run.iterations += r.iterations;
    run.ncc = r.ncc;
    run.inside = r.inside;
    run.stages.push({ name: model, levelMm: run.levelsMm[l]!, points: r.points, iterations: r.iterations, similarity: r.ncc });
  }
}

/** The rest of step 4, the optional warp and the checks: the result of `registerToTemplate`. */
export function finishRegistration(run: RegistrationRun): RegistrationResult {
  advanceRegistration(run, run.levelsMm.length - 1);
  const { options, tp, sp, state, issues, stages } = run;
  const finalNcc = run.ncc;
  const warp = warpStep(run);
  const m2s = mniToSubjectMatrix(state.w, tp.centre);
  const s2m = m2s.every((v) => Number.isFinite(v)) ? invert4(m2s) : null;
  if (s2m === null || !Number.isFinite(finalNcc)) {
    throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'registration ended with a singular or non-finite transform');
  }
  const scale = decomposeLinear(m2s);
  checkTransform(finalNcc, scale, run.inside, options, issues);
  const coverage = checkRegion(options, sp, m2s, issues);
  return {
    subjectToMni: s2m,
    mniToSubject: m2s,
    similarity: finalNcc,
    iterations: run.iterations,
    stages,
    scale,
    templateCoverage: run.inside,
    regionCoverage: coverage,
    warp,
    issues: issues.toArray(),
  };
}
