/**
 * The classifier's expected normal ratio, used by the validation cohorts as the
 * target ideal ratio of a simulated normal subject at each age (cohort.ts,
 * normalFactorFor; the sources are adult perfusion maps). The pre-session-20
 * tissue definition (--normal=tissue) used factor(age) = expected(age) / expected(adult).
 */
import { expectedRatio } from '../../src/classify/age-model.js';
import type { Tracer } from '../../src/classify/reference-ranges.js';

/** Any adult age: the model is constant in adults. */
export const ADULT_REFERENCE_AGE = 40;

export function expectedNormalRatio(ageYears: number, tracer: Tracer): number {
  return expectedRatio(ageYears, tracer).mean;
}
