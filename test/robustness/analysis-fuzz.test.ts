/**
 * The fuzzer's "analysis" target in `npm test` (the long run is test/fuzz/run.ts
 * --target analysis): unmutated seeds first (a simulated brain is labelled, a
 * sphere, an ellipsoid and a Gaussian blob in DICOM, NIfTI and Interfile are
 * `indeterminate`), then a few mutated studies through read + analyzeStudy.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisSeeds, runAnalysisCase } from './analysis-target.js';
import { SeedSet, caseArb } from './fuzz-core.js';
import { ErrorCode } from '../../src/errors.js';

const seeds = analysisSeeds();

describe('fuzz target: the whole analysis', () => {
  it.each(seeds.map((s) => [s.name, s] as const))('unmutated %s', async (_n, s) => {
    const key = await runAnalysisCase(s, s.nonBrain);
    if (s.nonBrain) expect(key).toBe('report:indeterminate (non-brain)');
    else expect(key).toBe('report:normal'); // simulated normal study, age 30, HMPAO (measured)
  }, 60_000);

  it('12 mutated studies: a SpectError or a finite report, never a confident label on a non-brain', async () => {
    const set = new SeedSet(seeds);
    const cases = fc.sample(caseArb(seeds.length), { seed: 77, numRuns: 12 });
    for (const c of cases) {
      const s = seeds[c.seed % seeds.length]!;
      const key = await runAnalysisCase({ ...set.input(c), format: s.format }, s.nonBrain);
      // a report, or the code of a typed error (of the reader, or of the analysis)
      const code = /^(?:analysis:)?([A-Z_]+)$/.exec(key)?.[1];
      if (code !== undefined) expect(Object.values(ErrorCode), key).toContain(code);
      else expect(key).toMatch(/^report:[a-z]+( \(non-brain\))?$/);
    }
  }, 120_000);
});
