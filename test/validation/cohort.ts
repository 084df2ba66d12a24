/**
 * End-to-end validation on simulated cohorts: simulate (known truth) -> write
 * the files of a vendor style -> read them back -> analyse -> compare with the
 * truth. Used by test/validation/*.test.ts and by bench/validate.ts (which
 * prints the per-study table for docs/validation.md).
 *
 * Classes, by the cerebellar perfusion relative to a normal subject of the
 * same age: normal 0.95-1.05, moderate 0.65-0.80, severe 0.35-0.50 (at least
 * half of the expected relative cerebellar uptake lost).
 */
import { analyzeStudy } from '../../src/analyze.js';
import { readDicom, assembleSeries } from '../../src/dicom/index.js';
import { readNifti } from '../../src/nifti/index.js';
import { createRng, deriveSeed } from '../../src/kernels/random.js';
import { prepareSource, randomStudyParams, renderStudy, simulateStudy, DEFAULT_RANGES, type SimSource, type PreparedSource } from '../../src/simulate/index.js';
import { absoluteCerebellarFactor } from '../../src/simulate/sources.js';
import type { Volume } from '../../src/volume/volume.js';

export type TruthClass = 'normal' | 'moderate' | 'severe';

export interface StudyOutcome {
  readonly index: number;
  readonly truthClass: TruthClass;
  readonly relativeFactor: number;
  readonly ageYears: number;
  readonly tracer: string;
  readonly format: string;
  readonly fovCut: boolean;
  readonly idealRatio: number;
  readonly measuredRatio: number | null;
  readonly label: string;
  readonly severe: boolean;
  readonly flaggedCoverage: boolean;
  readonly cerebellumCoverage: number;
  readonly similarity: number;
}

const CLASS_RANGES: Record<TruthClass, [number, number]> = { normal: [0.95, 1.05], moderate: [0.65, 0.8], severe: [0.35, 0.5] };

async function readBack(files: readonly { name: string; bytes: Uint8Array }[], format: string): Promise<Volume> {
  if (format === 'nifti') return readNifti(files[0]!.bytes);
  if (format === 'series') return assembleSeries(files.filter((f) => f.name.endsWith('.dcm')));
  return readDicom(files[0]!.bytes);
}

/** Run `n` studies from `source` (deterministic by `seed`). */
export async function runCohort(source: SimSource | PreparedSource, n: number, seed: number, fovCutProbability = 0.2): Promise<StudyOutcome[]> {
  const prepared = 'classes' in source ? source : prepareSource(source);
  const out: StudyOutcome[] = [];
  const classes: TruthClass[] = ['normal', 'severe', 'moderate'];
  for (let i = 0; i < n; i++) {
    const s = deriveSeed(seed, i);
    const rng = createRng(s);
    const truthClass = classes[i % 3]!;
    const { format, ...p } = randomStudyParams(rng, { ...DEFAULT_RANGES, ageYears: [1, 80], fovCutProbability, atrophyProbability: 0 });
    const [lo, hi] = CLASS_RANGES[truthClass];
    const relativeFactor = lo + (hi - lo) * rng.uniform();
    const age = p.ageYears ?? 30;
    const params = { ...p, cerebellarFactor: absoluteCerebellarFactor(relativeFactor, age) };
    const sim = simulateStudy(prepared, params, s);
    const rendered = renderStudy(sim, { format });
    const volume = await readBack(rendered.files, format);
    const nifti = format === 'nifti';
    const { report } = analyzeStudy(volume, nifti ? { ageYears: age, tracer: p.tracer ?? 'HMPAO' } : {});
    const cov = report.regions.groups.cerebellum?.coverage ?? 0;
    out.push({
      index: i, truthClass, relativeFactor, ageYears: age, tracer: p.tracer ?? 'HMPAO', format,
      fovCut: sim.truth.slicesZeroed.length > 0 && params.axialFovMm != null,
      idealRatio: sim.truth.idealRatio,
      measuredRatio: report.ratios.cerebellumToCortex,
      label: report.classification.label,
      severe: report.classification.severeCerebellarHypoperfusion,
      flaggedCoverage: report.issues.some((x) => x.code === 'CEREBELLUM_PARTLY_OUTSIDE_FOV'),
      cerebellumCoverage: cov,
      similarity: report.registration.similarity,
    });
  }
  return out;
}

export interface CohortSummary {
  readonly n: number;
  readonly sensitivity: number;
  readonly specificity: number;
  readonly severeN: number;
  readonly normalN: number;
  readonly correlation: number;
  readonly meanAbsError: number;
  readonly maxAbsError: number;
  readonly cutStudies: number;
  readonly cutFlagged: number;
  readonly cutClassifiedSilently: number;
}

/** Sensitivity/specificity of `severeCerebellarHypoperfusion` (studies whose cerebellum is fully in view), ratio agreement, FOV flags. */
export function summarise(rows: readonly StudyOutcome[]): CohortSummary {
  const inView = rows.filter((r) => r.cerebellumCoverage >= 0.999 && !r.fovCut);
  const sev = inView.filter((r) => r.truthClass === 'severe');
  const nor = inView.filter((r) => r.truthClass === 'normal');
  const pairs = inView.filter((r) => r.measuredRatio !== null).map((r) => [r.idealRatio, r.measuredRatio!] as const);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const mx = mean(pairs.map((p) => p[0])), my = mean(pairs.map((p) => p[1]));
  let sxy = 0, sxx = 0, syy = 0;
  for (const [x, y] of pairs) { sxy += (x - mx) * (y - my); sxx += (x - mx) ** 2; syy += (y - my) ** 2; }
  const errs = pairs.map(([x, y]) => Math.abs(x - y));
  // a study with part of the cerebellum cut off must be flagged (issue) and not classified as normal/severe silently
  const cut = rows.filter((r) => r.cerebellumCoverage < 0.999 || r.fovCut);
  const cutTrulyPartial = cut.filter((r) => r.cerebellumCoverage < 0.999);
  return {
    n: rows.length,
    sensitivity: sev.filter((r) => r.severe).length / Math.max(1, sev.length),
    specificity: nor.filter((r) => !r.severe).length / Math.max(1, nor.length),
    severeN: sev.length,
    normalN: nor.length,
    correlation: sxy / Math.sqrt(sxx * syy),
    meanAbsError: mean(errs),
    maxAbsError: Math.max(...errs),
    cutStudies: cutTrulyPartial.length,
    cutFlagged: cutTrulyPartial.filter((r) => r.flaggedCoverage).length,
    cutClassifiedSilently: cutTrulyPartial.filter((r) => !r.flaggedCoverage).length,
  };
}
