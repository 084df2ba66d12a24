/**
 * An attenuating head that the library's models were not built from: SPM12's canonical
 * avg152T1 (the MNI152 average T1 head, in ../shared/data) above 20 % of its maximum, with what
 * the grid border does not reach through outside voxels filled (the skull, dark on T1, and the
 * airways and sinuses enclosed by the scalp count as head). For the benches of the Chang step
 * (bench/chang-outline.ts, bench/chang-residual.ts); nothing derived from it is kept in the repo.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNifti } from '../src/nifti/index.js';
import { fillHoles } from '../src/simulate/anatomy.js';
import type { SimSource } from '../src/simulate/index.js';

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
