/**
 * Issue figures for the whole analysis on simulated cohorts from BOTH simulator
 * sources (48 studies each, poses, sizes, noise, resolution, styles and fields
 * of view varied): severe vs normal sensitivity and specificity >= 0.95,
 * correlation of the measured with the ideal ratio >= 0.95, mean absolute
 * error <= 0.04, and every study whose cerebellum is partly outside the field
 * of view flagged. Per-study tables: `npx tsx bench/validate.ts` (docs/validation.md).
 */
import { describe, expect, it } from 'vitest';
import { readNifti, readNiftiLabels } from '../../src/nifti/index.js';
import { phantomSource } from '../../src/simulate/sources.js';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';
import { runCohort, summarise, type CohortSummary } from './cohort.js';

function check(s: CohortSummary): void {
  expect(s.severeN).toBeGreaterThanOrEqual(8);
  expect(s.normalN).toBeGreaterThanOrEqual(8);
  expect(s.sensitivity).toBeGreaterThanOrEqual(0.95);
  expect(s.specificity).toBeGreaterThanOrEqual(0.95);
  expect(s.correlation).toBeGreaterThanOrEqual(0.95);
  expect(s.meanAbsError).toBeLessThanOrEqual(0.04);
  expect(s.cutClassifiedSilently).toBe(0);
}

describe('validation on the built-in phantom (source a)', () => {
  it('48 studies meet the figures', async () => {
    const s = summarise(await runCohort(phantomSource(), 48, 11, 0.25));
    console.log('source (a):', JSON.stringify(s));
    check(s);
  }, 300_000);
});

describeShared('validation on the real SPM12 HMPAO template with the FSL atlas (source b)', () => {
  it('48 studies meet the figures', async () => {
    const activity = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    const lab = readNiftiLabels(sharedBytes('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
    const s = summarise(await runCohort({
      activity, labels: { data: lab.labels, dims: lab.volume.dims, affine: lab.volume.affine, cerebellum: [2], cortex: [3, 4, 5, 6, 8] },
    }, 48, 12, 0.25));
    console.log('source (b):', JSON.stringify(s));
    check(s);
  }, 300_000);
});
