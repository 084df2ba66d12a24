/**
 * The classifier's expected normal ratio, used by the validation cohorts to set
 * a simulated normal subject's cerebellar factor at each age (the sources are
 * adult perfusion maps): factor(age) = expected(age) / expected(adult).
 */
import { expectedRatio } from '../../src/classify/age-model.js';
import type { Tracer } from '../../src/classify/reference-ranges.js';

/** Any adult age: the model is constant in adults. */
export const ADULT_REFERENCE_AGE = 40;

export function expectedNormalRatio(ageYears: number, tracer: Tracer): number {
  return expectedRatio(ageYears, tracer).mean;
}
