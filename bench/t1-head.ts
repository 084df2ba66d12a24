/**
 * An attenuating head that the library's models were not built from: SPM12's canonical
 * avg152T1 (the MNI152 average T1 head, in ../shared/data) above 20 % of its maximum, with what
 * the grid border does not reach through outside voxels filled (the skull, dark on T1, and the
 * airways and sinuses enclosed by the scalp count as head). For the benches of the Chang step
 * (bench/chang-outline.ts, bench/chang-residual.ts); nothing derived from it is kept in the repo.
 * `changBenchSources` gives those benches their three sources.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNifti, readNiftiLabels } from '../src/nifti/index.js';
import { fillHoles } from '../src/simulate/anatomy.js';
import type { SimSource } from '../src/simulate/index.js';
import { phantomSource } from '../src/simulate/sources.js';

/** The avg152T1 head of ../shared/data as a SimSource head, or null when the file is absent. */
export function t1Head(shared: string): SimSource['head'] | null {
  let t1;
  try {
    t1 = readNifti(new Uint8Array(readFileSync(resolve(shared, 'nifti/templates/spm12_canonical_avg152T1.nii'))));
  } catch {
    return null;
  }
  let max = 0;
  for (let i = 0; i < t1.data.length; i++) if (t1.data[i]! > max) max = t1.data[i]!;
  const mask = new Uint8Array(t1.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = t1.data[i]! > 0.2 * max ? 1 : 0;
  fillHoles(mask, t1.dims);
  return { data: mask, dims: t1.dims, affine: t1.affine };
}

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
