/**
 * The issue 12 checks of a validation cohort, per age group. A target that the
 * current code does not meet is listed in `knownGaps` and runs as `it.fails`
 * (docs/validation.md gives the numbers), so meeting it later turns the test red
 * until the gap is removed from the list.
 */
import { beforeAll, expect, it } from 'vitest';
import type { SimSource } from '../../src/simulate/index.js';
import { AGE_GROUPS, runCohort, summariseByGroup, type AgeGroup, type GroupSummary } from './cohort.js';
import { COHORT_SIZE } from './seeds.js';

export type Criterion = 'detection' | 'classes' | 'mae' | 'bias';
export type KnownGaps = Partial<Record<Criterion, readonly AgeGroup[]>>;

export function cohortChecks(name: string, source: () => SimSource, seed: number, knownGaps: KnownGaps): void {
  let s: Record<AgeGroup | 'all', GroupSummary>;
  beforeAll(async () => {
    s = summariseByGroup(await runCohort(source(), { n: COHORT_SIZE, seed }));
    console.log(`${name}:`, JSON.stringify(s));
  }, 900_000);
  const test = (c: Criterion, g: AgeGroup) => (knownGaps[c]?.includes(g) ? it.fails : it);
  for (const g of AGE_GROUPS) {
    test('detection', g)(`${g}: severe sensitivity and specificity (vs normal + unilateral) >= 0.95`, () => {
      expect(s[g].severeN).toBeGreaterThanOrEqual(4);
      expect(s[g].othersN).toBeGreaterThanOrEqual(8);
      expect(s[g].sensitivity).toBeGreaterThanOrEqual(0.95);
      expect(s[g].specificity).toBeGreaterThanOrEqual(0.95);
    });
    test('classes', g)(`${g}: no unilateral flagged severe, no moderate labelled severe, no normal labelled moderate or severe`, () => {
      expect(s[g].unilateralFlaggedSevere).toBe(0);
      expect(s[g].moderateLabelledSevere).toBe(0);
      expect(s[g].normalLabelledModerateOrSevere).toBe(0);
    });
    test('mae', g)(`${g}: ratio MAE <= 0.02`, () => {
      expect(s[g].meanAbsError).toBeLessThanOrEqual(0.02);
    });
    test('bias', g)(`${g}: severe-band bias within +-0.02`, () => {
      expect(Math.abs(s[g].severeBias)).toBeLessThanOrEqual(0.02);
    });
  }
}
