/**
 * Short mutation-fuzz run inside `npm test` (fixed seeds, 300 inputs in all):
 * mutated writer-made files and mutated real files of ../shared/data must give
 * a valid Volume or a SpectError, never another exception. Long runs:
 * `npx tsx test/fuzz/run.ts --runs N` (docs/reliability.md).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { describeShared, sharedBytes, sharedPath } from '../helpers/shared-data.js';
import { existsSync } from 'node:fs';
import { SeedSet, caseArb, runCase } from './fuzz-core.js';
import { sharedSeeds, writerSeeds, type Seed, type Target } from './targets.js';

function fuzz(seeds: readonly Seed[], target: Target, runs: number, seed: number): Promise<void> {
  const set = new SeedSet(seeds.filter((s) => s.target === target));
  return fc.assert(fc.asyncProperty(caseArb(set.seeds.length), async (c) => { await runCase(set, c); }), { numRuns: runs, seed });
}

describe('mutation fuzzing of writer-made files', () => {
  const seeds = writerSeeds();
  it('DICOM (GE, Siemens, Hermes NM multi-frame; single-frame NM)', () => fuzz(seeds, 'dicom', 60, 1), 20_000);
  it('NIfTI (.nii and .nii.gz)', () => fuzz(seeds, 'nifti', 50, 2), 20_000);
  it('Interfile (header text and data)', () => fuzz(seeds, 'interfile', 40, 3), 20_000);
});

describeShared('mutation fuzzing of real files (../shared/data)', () => {
  const seeds = sharedSeeds((rel) => (existsSync(sharedPath(rel)) ? sharedBytes(rel) : null));
  it('DICOM (GE Lu-177, NEMA NM1 codecs, dcm_qa_ts, pydicom set)', () => fuzz(seeds, 'dicom', 80, 4), 20_000);
  it('NIfTI (SPM SPECT template, FSL atlas, gzipped AAL)', () => fuzz(seeds, 'nifti', 40, 5), 20_000);
  it('Interfile (Auer phantom attenuation map)', () => fuzz(seeds, 'interfile', 30, 6), 20_000);
});
