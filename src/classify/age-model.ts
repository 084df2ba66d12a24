/**
 * The continuous age model of the normal cerebellum / cerebral cortex ratio
 * and of its spread (docs/method.md, section 6, explains every number).
 *
 * expected(age) = ADULT_HMPAO_MEAN x factor(age), sd(age) = expected(age) x cv(age):
 * - factor is NEONATAL_FACTOR up to 2 months, falls to the childhood plateau
 *   CHILD_FACTOR (Barthel 1997) along a smoothstep that ends at 2 years
 *   (infancy: the cortex catches up with the cerebellum; Rubinstein 1989,
 *   Kobayashi 1996), stays there, and rises back to 1 along a second
 *   smoothstep from 13 to 19 years (after puberty cortical flow falls;
 *   Kobayashi 1996). Constant in adults up to 100 years.
 * - cv is the children's CHILD_CV (Barthel 1997) up to 13 years and moves to
 *   the adult ADULT_CV (Marroni 2013) along the same puberty smoothstep.
 * The smoothstep 3t^2 - 2t^3 is continuous with a continuous first
 * derivative, so the model has no step anywhere; outside the transitions it
 * equals its anchors exactly.
 */
import { ADULT_CV, ADULT_HMPAO_MEAN, CHILD_CV, CHILD_FACTOR, SOURCES, ageBandOf, type AgeBand, type Citation, type ReferenceRange, type Tracer } from './reference-ranges.js';

/** Factor at birth: no numeric neonatal norm is published; the adult value is assumed (see docs/method.md). */
export const NEONATAL_FACTOR = 1;
/** Infancy transition, years: from the end of the second month (Rubinstein 1989) to the end of the second year. */
export const INFANCY_TRANSITION: readonly [number, number] = [2 / 12, 2];
/** Puberty transition, years: the childhood plateau (Barthel 1997, 4-15 y, mean 11) to the adult value. */
export const PUBERTY_TRANSITION: readonly [number, number] = [13, 19];
/** Relative uncertainty of the expected ratio: children (the published +/-10 % band) and adults (anchor spread between atlases, docs/method.md). */
export const CHILD_MEAN_UNCERTAINTY = 0.1;
export const ADULT_MEAN_UNCERTAINTY = 0.02;
export const MAX_AGE_YEARS = 100;

/** 0 before a, 1 after b, 3t^2 - 2t^3 between. */
export function smoothstep(a: number, b: number, x: number): number {
  if (x <= a) return 0;
  if (x >= b) return 1;
  const t = (x - a) / (b - a);
  return t * t * (3 - 2 * t);
}

export interface ExpectedRatio {
  readonly ageYears: number;
  readonly tracer: Tracer;
  /** Expected cerebellum / cortex ratio of a normal subject of this age and tracer. */
  readonly mean: number;
  /** Between-subject SD of that ratio (mean x cv). */
  readonly sd: number;
  readonly cv: number;
  /** Ratio of the expected value to the adult anchor. */
  readonly factor: number;
  /** Relative uncertainty of `mean` (0.1 = +/-10 %) and the band it gives. */
  readonly uncertainty: number;
  readonly meanBand: readonly [number, number];
  /** Age band, for reporting only: the numbers above do not depend on it. */
  readonly ageBand: AgeBand;
  readonly provisional: boolean;
  readonly derivation: string;
  readonly sources: readonly Citation[];
}

/** The maturation factor (1 in adults). */
export function maturationFactor(ageYears: number): number {
  const a = clampAge(ageYears);
  const infant = smoothstep(INFANCY_TRANSITION[0], INFANCY_TRANSITION[1], a);
  const puberty = smoothstep(PUBERTY_TRANSITION[0], PUBERTY_TRANSITION[1], a);
  const childhood = NEONATAL_FACTOR + (CHILD_FACTOR - NEONATAL_FACTOR) * infant;
  return childhood + (1 - childhood) * puberty;
}

/** Coefficient of variation of the normal ratio. */
export function normalCv(ageYears: number): number {
  const puberty = smoothstep(PUBERTY_TRANSITION[0], PUBERTY_TRANSITION[1], clampAge(ageYears));
  return CHILD_CV + (ADULT_CV - CHILD_CV) * puberty;
}

function clampAge(ageYears: number): number {
  if (!Number.isFinite(ageYears)) throw new RangeError('age must be a finite number of years');
  return Math.min(MAX_AGE_YEARS, Math.max(0, ageYears));
}

function stage(a: number): string {
  if (a <= INFANCY_TRANSITION[0]) return 'neonatal value (adult anchor; no numeric neonatal norm is published)';
  if (a < INFANCY_TRANSITION[1]) return 'interpolated (smoothstep) between the neonatal value at 2 months and the childhood plateau at 2 years';
  if (a <= PUBERTY_TRANSITION[0]) return `childhood plateau, factor ${CHILD_FACTOR.toFixed(4)} (Barthel 1997, 4-15 y)`;
  if (a < PUBERTY_TRANSITION[1]) return 'interpolated (smoothstep) between the childhood plateau at 13 years and the adult value at 19 years';
  return 'adult value';
}

function cvSource(a: number): string {
  if (a <= PUBERTY_TRANSITION[0]) return 'Barthel 1997 children';
  if (a >= PUBERTY_TRANSITION[1]) return 'Marroni 2013 adults';
  return 'smoothstep from Barthel 1997 children to Marroni 2013 adults';
}

/** Expected normal ratio and spread at an age (years, clamped to 0-100) for a tracer. Pure. */
export function expectedRatio(ageYears: number, tracer: Tracer): ExpectedRatio {
  const a = clampAge(ageYears);
  const factor = maturationFactor(a);
  const cv = normalCv(a);
  const mean = ADULT_HMPAO_MEAN * factor;
  const puberty = smoothstep(PUBERTY_TRANSITION[0], PUBERTY_TRANSITION[1], a);
  const uncertainty = CHILD_MEAN_UNCERTAINTY + (ADULT_MEAN_UNCERTAINTY - CHILD_MEAN_UNCERTAINTY) * puberty;
  const child = a < PUBERTY_TRANSITION[1];
  const otherTracer = tracer !== 'HMPAO';
  const sources: Citation[] = [SOURCES.spmTemplate, SOURCES.marroni2013];
  if (child) sources.push(SOURCES.barthel1997, SOURCES.kobayashi1996);
  if (a < INFANCY_TRANSITION[1]) sources.push(SOURCES.rubinstein1989);
  if (otherTracer) sources.push(SOURCES.hmpaoVsEcd1997);
  const derivation =
    `built-in age model at ${a.toFixed(2)} y: ${ADULT_HMPAO_MEAN} (SPM12 HMPAO template) x factor ${factor.toFixed(4)}, ${stage(a)}; ` +
    `sd = mean x CV ${cv.toFixed(4)} (${cvSource(a)}); ` +
    `mean uncertain by +/-${(100 * uncertainty).toFixed(0)} %.` +
    (otherTracer ? ` ${tracer} reuses the HMPAO anchor (no published value measured this way).` : '');
  return {
    ageYears: a, tracer, mean, sd: mean * cv, cv, factor, uncertainty,
    meanBand: [mean * (1 - uncertainty), mean * (1 + uncertainty)],
    ageBand: ageBandOf(a), provisional: child || otherTracer, derivation, sources,
  };
}

/** The built-in model as a classifier reference range at one age. */
export function referenceRangeFor(tracer: Tracer, ageYears: number): ReferenceRange {
  const e = expectedRatio(ageYears, tracer);
  return {
    tracer, ageBand: e.ageBand, mean: e.mean, sd: e.sd, provisional: e.provisional, derivation: e.derivation, sources: e.sources,
    kind: 'model', name: `built-in age model (${tracer}, ${e.ageYears.toFixed(1)} y${e.provisional ? ', provisional' : ''})`,
    ageYears: e.ageYears, uncertainty: e.uncertainty, meanBand: e.meanBand,
  };
}
