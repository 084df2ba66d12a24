/** Shared by the registration accuracy tests: MNI landmarks and the warped-cerebellum Dice. */
import { applyAffineInto, invert4, multiply4 } from '../../src/volume/affine.js';
import type { Volume } from '../../src/volume/volume.js';

/**
 * Landmarks in MNI152 mm (approximate positions, read on the MNI152 average and
 * the FSL MNI structural atlas; AC at (0, 2, -4) as the usual MNI offset of the
 * Talairach origin, PC about 25 mm behind it).
 */
export const NAMED_LANDMARKS: ReadonlyArray<readonly [string, readonly [number, number, number]]> = [
  ['anterior commissure', [0, 2, -4]],
  ['posterior commissure', [0, -24, -2]],
  ['left cerebellar hemisphere', [-26, -66, -36]],
  ['right cerebellar hemisphere', [26, -66, -36]],
  ['vermis', [0, -62, -30]],
  ['frontal pole', [0, 64, 0]],
  ['occipital pole', [0, -100, 4]],
  ['vertex', [0, -20, 72]],
];
export const LANDMARKS: ReadonlyArray<readonly [number, number, number]> = NAMED_LANDMARKS.map(([, p]) => p);

/** FSL MNI maxprob: value = index + 1. */
export const FSL_CEREBELLUM = 2;

/**
 * Dice of the cerebellum (label `label` of `atlas`) warped by (estimated
 * subject->MNI) o (true MNI->subject) with the atlas itself, on the atlas grid.
 */
export function cerebellumDice(atlas: Volume, s2mEst: Float64Array, m2sTrue: Float64Array, label = FSL_CEREBELLUM): number {
  const M = multiply4(invert4(atlas.affine)!, multiply4(s2mEst, multiply4(m2sTrue, atlas.affine)));
  const [nx, ny, nz] = atlas.dims;
  const p: [number, number, number] = [0, 0, 0];
  let a = 0, b = 0, ab = 0, idx = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) {
    const t = atlas.data[idx] === label;
    applyAffineInto(p, M, i, j, k);
    const ii = Math.floor(p[0] + 0.5), jj = Math.floor(p[1] + 0.5), kk = Math.floor(p[2] + 0.5);
    const e = ii >= 0 && jj >= 0 && kk >= 0 && ii < nx && jj < ny && kk < nz && atlas.data[ii + nx * (jj + ny * kk)] === label;
    if (t) a++;
    if (e) b++;
    if (t && e) ab++;
  }
  return (2 * ab) / (a + b);
}
