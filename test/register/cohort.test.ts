/**
 * Registration of realistic simulated studies to OUR built-in template.
 *
 * Studies come from the project's simulator (src/simulate, `simulateCohort`,
 * seed 42) with the REAL SPM12 Tc-99m HMPAO template as activity source and the
 * FSL MNI structural atlas as its labels: random pose (+-25 deg, +-30 mm), brain
 * size 0.8..1.05, 64^3 or 128^3 grids, 6-14 mm FWHM, Poisson noise, cerebellar
 * hypoperfusion (factor 0.5..1.05), atrophy and cut axial fields of view.
 * They are registered to `builtinTemplate` with the built-in atlas's cerebellum
 * left out of the cost (cost-function masking), and the estimated
 * subject->MNI map is compared with the simulator's truth.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';
import { readNifti } from '../../src/nifti/index.js';
import { builtinAtlas, builtinTemplate, groupMask } from '../../src/atlas/index.js';
import { simulateCohort } from '../../src/simulate/index.js';
import { registerToTemplate } from '../../src/register/index.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { applyAffine, invert4 } from '../../src/volume/affine.js';
import { cerebellumDice, FSL_CEREBELLUM, LANDMARKS } from './landmarks.js';

const CEREBELLUM = FSL_CEREBELLUM;


describeShared('registerToTemplate: simulator cohort (SPM HMPAO source) to the built-in template', () => {
  let spm: Volume;
  let fsl: Volume;
  beforeAll(() => {
    spm = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    fsl = readNifti(sharedBytes('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
  });

  it('30 studies: landmark error mean <= 3 mm, worst <= 6 mm, cerebellum Dice >= 0.85', () => {
    const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
    const ba = builtinAtlas({ voxelSize: 2 });
    const cerebellum = createVolume({ data: Float32Array.from(groupMask(ba, 'cerebellum')), dims: ba.dims, affine: ba.affine });
    const labels = { data: Int16Array.from(fsl.data), dims: fsl.dims, affine: fsl.affine, cerebellum: [CEREBELLUM], cortex: [3, 4, 5, 6, 8] };
    const errs: number[] = [];
    const dices: number[] = [];
    for (const m of simulateCohort({ activity: spm, labels }, 30, 42)) {
      const m2sTrue = invert4(Float64Array.from(m.result.truth.subjectToMni))!;
      const res = registerToTemplate(m.result.volume, template, { exclude: { volume: cerebellum } });
      for (const L of LANDMARKS) {
        const q = applyAffine(m2sTrue, L[0], L[1], L[2]);
        const p = applyAffine(res.subjectToMni, q[0], q[1], q[2]);
        errs.push(Math.hypot(p[0] - L[0], p[1] - L[1], p[2] - L[2]));
      }
      dices.push(cerebellumDice(fsl, res.subjectToMni, m2sTrue));
    }
    const mean = errs.reduce((s, e) => s + e, 0) / errs.length;
    const worst = Math.max(...errs);
    const minDice = Math.min(...dices);
    const meanDice = dices.reduce((s, d) => s + d, 0) / dices.length;
    console.log(`built-in template, 30 simulated studies: landmark mean ${mean.toFixed(2)} mm, worst ${worst.toFixed(2)} mm; cerebellum Dice mean ${meanDice.toFixed(3)}, min ${minDice.toFixed(3)}`);
    expect(mean).toBeLessThanOrEqual(3);
    expect(worst).toBeLessThanOrEqual(6);
    expect(minDice).toBeGreaterThanOrEqual(0.85);
  });
});
