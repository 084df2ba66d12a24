/**
 * End-to-end validation on realistic simulated cohorts (issue 12): simulate
 * (known truth) -> write the files of a vendor style -> read them back ->
 * analyse -> compare with the truth. Used by test/validation/*.test.ts and by
 * bench/validate.ts (tables of docs/validation.md).
 *
 * Study i: age group i % 4 (under 1, 1-3, 4-15, adults 16-80), class
 * floor(i / 4) % 4 (normal, moderate, severe, unilateral), so every group holds
 * every class. Classes by the relative loss of the cerebellum/cortex ratio
 * against a normal subject of the same age, the loss being that of the ideal
 * ratio (same study, same blur and anatomy) so that it is the quantity the
 * classifier grades. The normal subject's cerebellar factor is calibrated so
 * that its ideal ratio at the study's blur equals the classifier's age model
 * (times `childScale` under 16 years; normalFactorFor):
 *   normal     loss -7 % .. +7 %
 *   moderate   loss 15 .. 25 %
 *   severe     loss 30 .. 60 %, bilateral; one in three with cerebellar atrophy
 *   unilateral one hemisphere 30 .. 40 % low, the other normal
 * The camera's blur dilutes a perfusion (tissue) loss in the ratio: the ideal
 * ratio is r0 + (f / fn)(rN - r0) in the perfusion factor f (rN at the normal
 * factor fn, r0 at f = 0, two noise-free simulations of the same study), so the
 * tissue loss that gives a ratio loss L is L / kappa, kappa = 1 - r0 / rN. The
 * unilateral hemisphere uses the same kappa (an approximation: a hemisphere
 * dilutes a little more).
 * Studies without attenuation correction (a quarter, mu 0.11-0.15 /cm plus a
 * 0.2 /cm skull, src/simulate/attenuation.ts): losses and the ideal ratio are
 * those of the same study with correction (what the library's Chang step aims
 * at and the classifier's reference assumes); the uncorrected ideal is kept as
 * `idealRatioUncorrected`. Half the NIfTI studies carry a JSON sidecar that
 * says whether they were corrected; the others leave the status unknown.
 */
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { readDicom, assembleSeries } from '../../src/dicom/index.js';
import { readNiftiWithSidecar } from '../../src/nifti/index.js';
import { createRng, deriveSeed, type Rng } from '../../src/kernels/random.js';
import { prepareSource, renderStudy, simulateStudy, RENDER_FORMATS, type SimSource, type PreparedSource, type SimParams } from '../../src/simulate/index.js';
import type { Volume } from '../../src/volume/volume.js';
import type { TracerCode } from '../../src/dicom-write/types.js';
import { ADULT_REFERENCE_AGE, expectedNormalRatio } from './normal-model.js';

export type TruthClass = 'normal' | 'moderate' | 'severe' | 'unilateral';
export const CLASSES: readonly TruthClass[] = ['normal', 'moderate', 'severe', 'unilateral'];
export type AgeGroup = '<1' | '1-3' | '4-15' | 'adult';
export const AGE_GROUPS: readonly AgeGroup[] = ['<1', '1-3', '4-15', 'adult'];
const AGE_RANGES: Record<AgeGroup, [number, number]> = { '<1': [0.5, 0.99], '1-3': [1, 3.99], '4-15': [4, 15.99], adult: [16, 80] };
/** Loss ranges (fraction of the same-age normal uptake lost). */
const LOSS: Record<Exclude<TruthClass, 'unilateral'>, [number, number]> = { normal: [-0.07, 0.07], moderate: [0.15, 0.25], severe: [0.3, 0.6] };

export interface StudyOutcome {
  readonly index: number;
  readonly group: AgeGroup;
  readonly truthClass: TruthClass;
  /** Target loss of the ideal ratio (unilateral: of the affected half), fraction. */
  readonly loss: number;
  /** Perfusion (tissue) loss put into the simulation to reach it, fraction. */
  readonly tissueLoss: number;
  /** Realised loss of the ideal ratio against the same study at the normal factor. */
  readonly idealLoss: number;
  /** Normal subject's cerebellar factor used, and the tissue definition's (before session 20). */
  readonly normalFactor: number;
  readonly tissueNormalFactor: number;
  /** Target normal ratio (age model x childScale) and the ideal ratio of the study at the normal factor. */
  readonly targetNormalRatio: number;
  readonly idealNormalRatio: number;
  readonly atrophy: number;
  readonly attenuationCorrected: boolean;
  /** How the analysis met the study's attenuation: 'file' (corrected, or said so), 'library' (Chang applied). */
  readonly attenuationHandled: 'file' | 'library';
  /** The file said whether it was attenuation corrected (false: a NIfTI without sidecar). */
  readonly attenuationStatusKnown: boolean;
  /** Studies without attenuation correction: the ideal ratio of the study as reconstructed (uncorrected). */
  readonly idealRatioUncorrected: number | null;
  readonly fwhmMm: number;
  readonly totalCounts: number;
  readonly ageYears: number;
  readonly tracer: string;
  readonly format: string;
  readonly idealRatio: number;
  readonly tissueRatio: number;
  readonly measuredRatio: number | null;
  /** Partial-volume-corrected ratio when the analysis reports one. */
  readonly pvcRatio: number | null;
  readonly label: string;
  readonly severe: boolean;
  readonly cerebellumCoverage: number;
  readonly similarity: number;
}

export interface CohortOptions {
  readonly n: number;
  readonly seed: number;
  /** Simulated children's (< 16 y) normal ratio = model x childScale (default 1). */
  readonly childScale?: number;
  /** Passed to analyzeStudy (true: every study analysed as corrected, i.e. no Chang step: the "before" of docs/validation.md). */
  readonly attenuationCorrected?: boolean;
  /** How the normal subject's cerebellar factor is set (default 'ratio', see normalFactorFor). */
  readonly normalDefinition?: NormalDefinition;
}

async function readBack(files: readonly { name: string; bytes: Uint8Array }[], format: string): Promise<Volume> {
  if (format === 'nifti') return readNiftiWithSidecar(files[0]!.bytes, files.find((f) => f.name.endsWith('.json'))?.bytes ?? null);
  if (format === 'series') return assembleSeries(files.filter((f) => f.name.endsWith('.dcm')));
  return readDicom(files[0]!.bytes);
}

const logUniform = (rng: Rng, lo: number, hi: number) => Math.exp(rng.range(Math.log(lo), Math.log(hi)));

/** Parameters of study i (deterministic by seed). */
export function realisticStudy(i: number, seed: number, childScale = 1): {
  group: AgeGroup; truthClass: TruthClass; loss: number; normal: number; targetRatio: number; affectedRight: boolean; params: SimParams; format: (typeof RENDER_FORMATS)[number];
} {
  const rng = createRng(deriveSeed(seed, i));
  const group = AGE_GROUPS[i % 4]!;
  const truthClass = CLASSES[Math.floor(i / 4) % 4]!;
  const [a0, a1] = AGE_RANGES[group];
  const age = Math.round(rng.range(a0, a1) * 100) / 100;
  const tracer = rng.pick(['HMPAO', 'ECD', 'IMP'] as const satisfies readonly TracerCode[]);
  // brain size grows to ~ 90 % of the adult volume by 2-3 years (linear scale ~ 0.85-0.97)
  const scale = group === '<1' ? rng.range(0.8, 0.9) : group === '1-3' ? rng.range(0.85, 0.97) : rng.range(0.9, 1.05);
  const matrix = rng.uniform() < 0.5 ? 64 : 128;
  const sym = (a: number) => rng.range(-a, a);
  const loss = truthClass === 'unilateral' ? rng.range(0.3, 0.4) : rng.range(...LOSS[truthClass]);
  // the k-th severe study of the cohort (k = 0..15 for 64 studies) is atrophic when k % 3 == 0: 6 of 16
  const severeIndex = 4 * Math.floor(i / 16) + (i % 4);
  const atrophy = truthClass === 'severe' && severeIndex % 3 === 0 ? rng.range(0.05, 0.15) : 0;
  const childFactor = age < 16 ? childScale : 1;
  // the target normal ratio (age model) and the pre-session-20 tissue factor (--normal=tissue)
  const targetRatio = expectedNormalRatio(age, tracer) * childFactor;
  const normal = (expectedNormalRatio(age, tracer) / expectedNormalRatio(ADULT_REFERENCE_AGE, tracer)) * childFactor;
  const affectedRight = rng.uniform() < 0.5;
  const params: SimParams = {
    cerebellarFactor: normal,
    cerebellarAtrophy: atrophy,
    deformationMm: rng.range(4, 8),
    scalpFraction: rng.range(0.1, 0.35),
    salivaryFraction: rng.range(0.3, 1),
    attenuationPerCm: rng.uniform() < 0.25 ? rng.range(0.11, 0.15) : 0,
    pose: { rotationsDeg: [sym(30), sym(30), sym(30)], translationMm: [sym(20), sym(20), sym(20)] },
    brainScale: scale,
    matrix,
    voxelSizeMm: matrix === 64 ? rng.range(3.9, 4.8) : rng.range(2.2, 3.6),
    fwhmMm: rng.range(9, 15),
    totalCounts: Math.round(logUniform(rng, 0.6e6, 4e6)),
    noise: true,
    ageYears: age,
    sex: rng.uniform() < 0.5 ? 'F' : 'M',
    tracer,
  };
  return { group, truthClass, loss, normal, targetRatio, affectedRight, params, format: rng.pick(RENDER_FORMATS) };
}

/**
 * The normal subject's cerebellar perfusion factor. 'ratio' (default): the factor fn at which
 * the study's ideal ratio (noise-free, attenuation corrected, its own blur, anatomy and
 * extracerebral uptake, no atrophy) equals the target normal ratio, expectedRatio(age).mean
 * (x childScale under 16 years): the age model describes the ratio measured on clinical SPECT.
 * The ideal ratio is (nearly) linear in the factor, r(f) = r0 + f (r1 - r0), so two noise-free
 * simulations give fn; a secant step on the realised ratio removes the small non-linearity
 * (cerebellar spill-in into the cortex). 'tissue' (the definition before session 20): the
 * factor is the tissue ratio expected(age) / expected(adult) x childScale, whose ideal ratio
 * follows the phantom's blur dependence (up to 7 % above the model at 15 mm).
 */
export type NormalDefinition = 'ratio' | 'tissue';

function normalFactorFor(ideal: (f: number, atrophy: number) => number, study: ReturnType<typeof realisticStudy>): number {
  const target = study.targetRatio;
  let fa = 0, ra = ideal(0, 0);
  let fb = 1, rb = ideal(1, 0);
  let fn = fb;
  for (let k = 0; k < 3; k++) {
    fn = fa + ((target - ra) * (fb - fa)) / (rb - ra);
    const rn = ideal(fn, 0);
    if (Math.abs(rn - target) < 2e-4) break;
    // keep the two points nearest the target
    if (Math.abs(ra - target) > Math.abs(rb - target)) { fa = fn; ra = rn; } else { fb = fn; rb = rn; }
  }
  return fn;
}

/** The perfusion factors that give the target ratio loss (see the header), and the tissue loss used. */
function factorsFor(prepared: PreparedSource, study: ReturnType<typeof realisticStudy>, seed: number, definition: NormalDefinition):
  { params: SimParams; tissueLoss: number; idealNormal: number; normalFactor: number } {
  const { params, loss, truthClass, affectedRight } = study;
  // losses are those of the attenuation-corrected study (what the classifier's reference assumes)
  const cache = new Map<string, number>();
  const ideal = (f: number, atrophy: number) => {
    const key = `${f} ${atrophy}`;
    let r = cache.get(key);
    if (r === undefined) {
      r = simulateStudy(prepared, { ...params, cerebellarFactor: f, cerebellarAtrophy: atrophy, noise: false, attenuationPerCm: 0 }, seed).truth.idealRatio;
      cache.set(key, r);
    }
    return r;
  };
  const normal = definition === 'tissue' ? study.normal : normalFactorFor(ideal, study);
  // the loss is against the same study (atrophy included) at the normal factor
  const atrophy = params.cerebellarAtrophy ?? 0;
  const rN = ideal(normal, atrophy), r0 = ideal(0, atrophy);
  const kappa = 1 - r0 / rN;
  const tissueLoss = Math.min(0.95, loss / kappa);
  const f = normal * (1 - tissueLoss);
  const sides = truthClass === 'unilateral'
    ? { cerebellarFactor: affectedRight ? normal : f, cerebellarFactorRight: affectedRight ? f : normal }
    : { cerebellarFactor: f };
  return { params: { ...params, ...sides }, tissueLoss, idealNormal: rN, normalFactor: normal };
}

/** Run a realistic cohort from `source`. */
export async function runCohort(source: SimSource | PreparedSource, options: CohortOptions): Promise<StudyOutcome[]> {
  const prepared = 'classes' in source ? source : prepareSource(source);
  const out: StudyOutcome[] = [];
  for (let i = 0; i < options.n; i++) {
    const study = realisticStudy(i, options.seed, options.childScale ?? 1);
    const { group, truthClass, loss, format } = study;
    const s = deriveSeed(options.seed, i);
    const definition = options.normalDefinition ?? 'ratio';
    const { params, tissueLoss, idealNormal, normalFactor } = factorsFor(prepared, study, s, definition);
    const sim = simulateStudy(prepared, params, s);
    const noAc = params.attenuationPerCm! > 0;
    // the ideal of a study without attenuation correction is that of the same study corrected: the
    // library's Chang step aims at it, and the classifier's reference ranges are for corrected studies
    const idealRatio = noAc ? simulateStudy(prepared, { ...params, noise: false, attenuationPerCm: 0 }, s).truth.idealRatio : sim.truth.idealRatio;
    // half the NIfTI studies carry a JSON sidecar (AttenuationCorrection), half say nothing
    const sidecar = format === 'nifti' && createRng(deriveSeed(s, 7)).uniform() < 0.5;
    const rendered = renderStudy(sim, { format, sidecar });
    const volume = await readBack(rendered.files, format);
    const ac = options.attenuationCorrected === undefined ? {} : { attenuationCorrected: options.attenuationCorrected };
    const { report } = analyzeStudy(volume, format === 'nifti' ? { ageYears: params.ageYears!, tracer: params.tracer!, ...ac } : ac);
    out.push({
      index: i, group, truthClass, loss, tissueLoss, idealLoss: 1 - idealRatio / idealNormal,
      normalFactor, tissueNormalFactor: study.normal, targetNormalRatio: study.targetRatio, idealNormalRatio: idealNormal,
      atrophy: params.cerebellarAtrophy ?? 0,
      attenuationCorrected: !noAc,
      attenuationHandled: report.issues.some((x) => x.code === 'ATTENUATION_CORRECTED_BY_LIBRARY') ? 'library' : 'file',
      attenuationStatusKnown: volume.metadata.attenuationCorrected !== null,
      idealRatioUncorrected: noAc ? sim.truth.idealRatio : null,
      fwhmMm: params.fwhmMm!, totalCounts: params.totalCounts!,
      ageYears: params.ageYears!, tracer: params.tracer!, format,
      idealRatio,
      tissueRatio: sim.truth.tissueRatio,
      measuredRatio: report.ratios.cerebellumToCortex,
      pvcRatio: report.ratios.cerebellumToCortexPvc,
      label: report.classification.label,
      severe: report.classification.severeCerebellarHypoperfusion,
      cerebellumCoverage: report.regions.groups.cerebellum?.coverage ?? 0,
      similarity: report.registration.similarity,
    });
  }
  return out;
}

export interface GroupSummary {
  readonly n: number;
  readonly severeN: number;
  readonly othersN: number;
  /** Severe flagged among severe. */
  readonly sensitivity: number;
  /** Not flagged among normal + unilateral. */
  readonly specificity: number;
  readonly unilateralFlaggedSevere: number;
  readonly moderateLabelledSevere: number;
  readonly normalLabelledModerateOrSevere: number;
  /** Mean |measured - ideal| over all studies. */
  readonly meanAbsError: number;
  /** Mean (measured - ideal) over the severe studies. */
  readonly severeBias: number;
  readonly maxAbsError: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export function summarise(rows: readonly StudyOutcome[]): GroupSummary {
  const sev = rows.filter((r) => r.truthClass === 'severe');
  const others = rows.filter((r) => r.truthClass === 'normal' || r.truthClass === 'unilateral');
  const measured = rows.filter((r) => r.measuredRatio !== null);
  const errs = measured.map((r) => Math.abs(r.measuredRatio! - r.idealRatio));
  return {
    n: rows.length,
    severeN: sev.length,
    othersN: others.length,
    sensitivity: sev.filter((r) => r.severe).length / Math.max(1, sev.length),
    specificity: others.filter((r) => !r.severe).length / Math.max(1, others.length),
    unilateralFlaggedSevere: rows.filter((r) => r.truthClass === 'unilateral' && r.severe).length,
    moderateLabelledSevere: rows.filter((r) => r.truthClass === 'moderate' && r.label === 'severe').length,
    normalLabelledModerateOrSevere: rows.filter((r) => r.truthClass === 'normal' && (r.label === 'moderate' || r.label === 'severe')).length,
    meanAbsError: mean(errs),
    severeBias: mean(sev.filter((r) => r.measuredRatio !== null).map((r) => r.measuredRatio! - r.idealRatio)),
    maxAbsError: Math.max(...errs),
  };
}

/** Summary per age group and over the whole cohort. */
export function summariseByGroup(rows: readonly StudyOutcome[]): Record<AgeGroup | 'all', GroupSummary> {
  const out = { all: summarise(rows) } as Record<AgeGroup | 'all', GroupSummary>;
  for (const g of AGE_GROUPS) out[g] = summarise(rows.filter((r) => r.group === g));
  return out;
}
