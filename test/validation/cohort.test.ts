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
  // unmet (docs/validation.md): one severe study at 1-3 and one at 4-15 graded moderate (losses near the
  // 27.5 % cut-off, the phantom's normal ratio at the study's blur above the age model). The two moderate
  // studies without attenuation correction once graded severe are now moderate (Chang correction, and a
  // simulated attenuation whose effect on the ratio is small: docs/validation.md)
  cohortChecks('source (a)', () => phantomSource(), SEEDS.a, { detection: ['1-3', '4-15'] });
});
