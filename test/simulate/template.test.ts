/**
 * Simulator on the real HMPAO template (spm12 OldNorm SPECT.nii) with the FSL MNI
 * maxprob atlas; reference ratio from reference/regional_ratio_SPECT.json (nibabel).
 */
import { expect, it } from 'vitest';
import { readNifti, readNiftiLabels } from '../../src/nifti/index.js';
import { prepareSource, simulateStudy, type PreparedSource } from '../../src/simulate/index.js';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';

describeShared('simulator with the spm12 HMPAO template and FSL atlas', () => {
  let src: PreparedSource | undefined;
  const source = (): PreparedSource => {
    if (src) return src;
    const activity = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    const at = readNiftiLabels(sharedBytes('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
    src = prepareSource({
      activity,
      labels: { data: Int16Array.from(at.labels), dims: at.volume.dims, affine: at.volume.affine, cerebellum: [2], cortex: [3, 4, 5, 6, 8] },
    });
    return src;
  };
  const ref = () => golden<{ ratio_cerebellum_over_cortex: number; cerebellum: { voxels: number }; cortex: { voxels: number } }>('regional_ratio_SPECT');

  it('prepared source reproduces the reference regional ratio exactly (same atlas mapping)', () => {
    const s = source();
    expect(s.cerebellumMean / s.cortexMean).toBeCloseTo(ref().ratio_cerebellum_over_cortex, 9);
    let nCb = 0, nCx = 0;
    for (const c of s.classes) { if (c === 1) nCb++; else if (c === 2) nCx++; }
    expect(nCb).toBe(ref().cerebellum.voxels);
    expect(nCx).toBe(ref().cortex.voxels);
  });

  it('identity pose, factor 1: ideal ratio close to 1.068', () => {
    const r0 = simulateStudy(source(), { cerebellarFactor: 1, fwhmMm: 0, voxelSizeMm: 2, noise: false }, 1);
    const r10 = simulateStudy(source(), { cerebellarFactor: 1, fwhmMm: 10, voxelSizeMm: 3.3, noise: false }, 1);
    const want = ref().ratio_cerebellum_over_cortex;
    // resampling half a voxel off the template grid (and blur) mixes edges: within 2.5 %
    expect(Math.abs(r0.truth.idealRatio / want - 1)).toBeLessThan(0.025);
    expect(Math.abs(r10.truth.idealRatio / want - 1)).toBeLessThan(0.025);
  });

  it('factor 0.6 lowers the ideal ratio proportionally', () => {
    const p = { fwhmMm: 0, voxelSizeMm: 2, noise: false, edgeFwhmMm: 0 } as const;
    const r1 = simulateStudy(source(), { ...p, cerebellarFactor: 1 }, 1).truth.idealRatio;
    const r6 = simulateStudy(source(), { ...p, cerebellarFactor: 0.6 }, 1).truth.idealRatio;
    const r8 = simulateStudy(source(), { ...p, cerebellarFactor: 0.8 }, 1).truth.idealRatio;
    expect(r6 / r1).toBeGreaterThan(0.6);
    expect(r6 / r1).toBeLessThan(0.62);
    expect(r8 / r1).toBeGreaterThan(0.8);
    expect(r8 / r1).toBeLessThan(0.81);
    // with the default soft edge and a 10 mm system blur the drop is diluted but still close
    const q = { voxelSizeMm: 3.3, noise: false, fwhmMm: 10 } as const;
    const d1 = simulateStudy(source(), { ...q, cerebellarFactor: 1 }, 1).truth.idealRatio;
    const d6 = simulateStudy(source(), { ...q, cerebellarFactor: 0.6 }, 1).truth.idealRatio;
    expect(d6 / d1).toBeGreaterThan(0.6);
    expect(d6 / d1).toBeLessThan(0.68);
  });
});
