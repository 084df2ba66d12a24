/**
 * Issue 12 validation, source (a): the built-in phantom, 64 realistic studies
 * (test/validation/cohort.ts: 16 per age group under 1, 1-3, 4-15, adults; 4
 * per class normal, moderate, severe, unilateral; blur 9-15 mm, 0.6-4 million
 * counts, 4-8 mm deformation, scalp and salivary uptake, a quarter without
 * attenuation correction, atrophy in a third of the severe studies, poses to
 * +-30 degrees, five file formats read back). Source (b) is in
 * cohort-template.test.ts. Tables and the +-10 % children's runs:
 * `npx tsx bench/validate.ts` (docs/validation.md).
 */
import { describe } from 'vitest';
import { phantomSource } from '../../src/simulate/sources.js';
import { cohortChecks } from './checks.js';
import { SEEDS } from './seeds.js';

describe('validation on the built-in phantom (source a), 64 realistic studies', () => {
  // every target met (bench/validate.ts --quick --source a, session 20): the normal subject's factor is now
  // calibrated so that its ideal ratio at the study's blur is the age model's (cohort.ts, normalFactorFor);
  // the two severe studies at 1-3 and 4-15 graded moderate under the old tissue-ratio normal are severe
  cohortChecks('source (a)', () => phantomSource(), SEEDS.a, {});
});
