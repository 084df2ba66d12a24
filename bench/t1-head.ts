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
import type { SimSource } from '../src/simulate/index.js';

/** Set to 1 every voxel not connected (6-neighbours) to the grid border through 0-voxels. */
function fillEnclosed(mask: Uint8Array, dims: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  const seen = new Uint8Array(mask.length),
    queue = new Int32Array(mask.length);
  let head = 0,
    tail = 0;
  const push = (p: number) => {
    if (!mask[p] && !seen[p]) {
      seen[p] = 1;
      queue[tail++] = p;
    }
  };
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) push(i + nx * (j + ny * k));
      }
  while (head < tail) {
    const p = queue[head++]!;
    const i = p % nx,
      j = Math.floor(p / nx) % ny,
      k = Math.floor(p / (nx * ny));
    if (i > 0) push(p - 1);
    if (i < nx - 1) push(p + 1);
    if (j > 0) push(p - nx);
    if (j < ny - 1) push(p + nx);
    if (k > 0) push(p - nx * ny);
    if (k < nz - 1) push(p + nx * ny);
  }
  for (let p = 0; p < mask.length; p++) if (!seen[p]) mask[p] = 1;
}

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
  fillEnclosed(mask, t1.dims);
  return { data: mask, dims: t1.dims, affine: t1.affine };
}
