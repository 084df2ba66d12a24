/**
 * What bench/chang-outline.ts and bench/chang-residual.ts share: their three simulator sources
 * and their six noise-free studies (64^3, 4 mm, FWHM 11-16 mm, brain scale 0.85-1.0, cerebellar
 * factor 1 and 0.5, six poses), simulated with and without attenuation.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNifti, readNiftiLabels } from '../src/nifti/index.js';
import { simulateStudy, type PreparedSource, type SimResult, type SimSource } from '../src/simulate/index.js';
import { phantomSource } from '../src/simulate/sources.js';
import { t1Head } from './t1-head.js';

/** Number of studies per source. */
export const CHANG_BENCH_STUDIES = 6;

/**
 * Source (a), the built-in phantom; source (b), the SPM12 HMPAO template with the FSL MNI atlas,
 * in the simulator's head; and source (b) inside the avg152T1 head. The last two need
 * ../shared/data and are left out (with a message on stderr) without it.
 */
export function changBenchSources(shared: string): [string, SimSource][] {
  const sources: [string, SimSource][] = [['a (built-in phantom)', phantomSource()]];
  try {
    const activity = readNifti(new Uint8Array(readFileSync(resolve(shared, 'nifti/templates/spm12_OldNorm_SPECT.nii'))));
    const lab = readNiftiLabels(new Uint8Array(readFileSync(resolve(shared, 'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'))));
    const labels = { data: lab.labels, dims: lab.volume.dims, affine: lab.volume.affine, cerebellum: [2], cortex: [3, 4, 5, 6, 8] };
    sources.push(['b (SPM12 HMPAO template + FSL atlas)', { activity, labels }]);
    const head = t1Head(shared);
    if (head) sources.push(['b, avg152T1 head', { activity, labels, head }]);
  } catch {
    console.error('../shared/data not found: source (b) skipped');
  }
  return sources;
}

/** Study `s` (0..5) of a source: cerebellar factor 1 (even s) or 0.5 (odd s), `attenuationPerCm` 0 for the corrected study. */
export function changBenchStudy(src: PreparedSource, s: number, attenuationPerCm: number): SimResult {
  return simulateStudy(
    src,
    {
      cerebellarFactor: s % 2 === 0 ? 1 : 0.5,
      matrix: 64,
      voxelSizeMm: 4,
      fwhmMm: 11 + s,
      brainScale: 0.85 + 0.03 * s,
      attenuationPerCm,
      ageYears: 8,
      noise: false,
      pose: { rotationsDeg: [s * 3 - 8, 4 - s, 2 * s - 5], translationMm: [s - 3, 2, -s] },
    },
    900 + s,
  );
}
