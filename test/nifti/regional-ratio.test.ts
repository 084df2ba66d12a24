/**
 * End-to-end check of orientation handling: SPM SPECT template averaged over
 * the FSL MNI atlas (nearest neighbour through both affines) must give
 * cerebellum/cortex = 1.068029 (reference/regional_ratio_SPECT.json).
 */
import { expect, it } from 'vitest';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';
import { readNifti, readNiftiLabels } from '../../src/nifti/index.js';
import { invert4, multiply4 } from '../../src/volume/affine.js';

interface RatioGolden {
  cerebellum: { voxels: number; mean: number };
  cortex: { voxels: number; mean: number };
  ratio_cerebellum_over_cortex: number;
  wrong_if_affines_ignored: { ratio_cerebellum_over_cortex: number };
}

describeShared('regional ratio SPECT template / FSL MNI atlas', () => {
  it('cerebellum / cortex = 1.068029 through the two affines', () => {
    const g = golden<RatioGolden>('regional_ratio_SPECT');
    const spect = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    const atlas = readNiftiLabels(sharedBytes('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
    const inv = invert4(atlas.volume.affine);
    expect(inv).not.toBeNull();
    const m = multiply4(inv!, spect.affine); // SPECT voxel -> atlas voxel
    const [nx, ny, nz] = spect.dims;
    const [ax, ay, az] = atlas.volume.dims;
    const cortex = new Set([3, 4, 5, 6, 8]);
    let cbSum = 0, cbN = 0, cxSum = 0, cxN = 0, wrongCb = 0, wrongCbN = 0, wrongCx = 0, wrongCxN = 0;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const x = Math.floor(m[0]! * i + m[1]! * j + m[2]! * k + m[3]! + 0.5);
      const y = Math.floor(m[4]! * i + m[5]! * j + m[6]! * k + m[7]! + 0.5);
      const z = Math.floor(m[8]! * i + m[9]! * j + m[10]! * k + m[11]! + 0.5);
      const val = spect.data[i + nx * (j + ny * k)]!;
      if (x >= 0 && y >= 0 && z >= 0 && x < ax && y < ay && z < az) {
        const lab = atlas.labels[x + ax * (y + ay * z)]!;
        if (lab === 2) { cbSum += val; cbN++; } else if (cortex.has(lab)) { cxSum += val; cxN++; }
      }
      const same = atlas.labels[i + ax * (j + ay * k)]!; // same grid size: the orientation-blind answer
      if (same === 2) { wrongCb += val; wrongCbN++; } else if (cortex.has(same)) { wrongCx += val; wrongCxN++; }
    }
    expect(cbN).toBe(g.cerebellum.voxels);
    expect(cxN).toBe(g.cortex.voxels);
    expect(cbSum / cbN).toBeCloseTo(g.cerebellum.mean, 9);
    expect(cxSum / cxN).toBeCloseTo(g.cortex.mean, 9);
    const ratio = (cbSum / cbN) / (cxSum / cxN);
    expect(ratio).toBeCloseTo(g.ratio_cerebellum_over_cortex, 12);
    expect(ratio).toBeCloseTo(1.068029, 6);
    const wrong = (wrongCb / wrongCbN) / (wrongCx / wrongCxN);
    expect(wrong).toBeCloseTo(g.wrong_if_affines_ignored.ratio_cerebellum_over_cortex, 12);
    expect(Math.abs(ratio - wrong)).toBeGreaterThan(1e-3);
  });
});
