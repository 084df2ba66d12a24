/**
 * The whole measurement with the real FSL MNI and AAL atlases (from ../shared/data)
 * as well as with the built-in one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { readDicom } from '../../src/dicom/index.js';
import { readNifti, readNiftiLabels } from '../../src/nifti/index.js';
import { prepareSource, simulateStudy } from '../../src/simulate/index.js';
import { loadAtlasFiles, type AtlasFiles } from '../../src/node/atlas.js';
import { describeShared, REPO_ROOT, sharedBytes, sharedPath } from '../helpers/shared-data.js';

const fixture = async (p: string) => readDicom(new Uint8Array(readFileSync(join(REPO_ROOT, 'fixtures', p))));

describeShared('analysis with external atlases', () => {
  const fslSpec: AtlasFiles = { kind: 'fsl', image: sharedPath('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'), labels: sharedPath('nifti/atlases/fsl_mni/MNI.xml') };
  const aalSpec: AtlasFiles = { kind: 'aal', image: sharedPath('nifti/atlases/aal_mricron/aal.nii.gz'), labels: sharedPath('nifti/atlases/aal_mricron/aal.nii.txt') };

  it('FSL, AAL and built-in atlases agree on the fixtures: severe child flagged, normal adult normal', async () => {
    const severe = await fixture('child-severe-hermes/study.dcm');
    const normal = await fixture('adult-normal-ge/study.dcm');
    for (const atlas of [undefined, await loadAtlasFiles(fslSpec), await loadAtlasFiles(aalSpec)]) {
      const s = analyzeStudy(severe, atlas ? { atlas } : {}).report;
      const n = analyzeStudy(normal, atlas ? { atlas } : {}).report;
      expect(s.classification.label, atlas?.name).toBe('severe');
      expect(n.classification.label, atlas?.name).toBe('normal');
      expect(s.ratios.cerebellumToCortex!).toBeLessThan(0.6);
    }
  }, 120_000);

  it('a study simulated from the real HMPAO template, measured with the FSL atlas, matches its ideal ratio', async () => {
    const activity = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    const lab = readNiftiLabels(sharedBytes('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
    const src = prepareSource({ activity, labels: { data: lab.labels, dims: lab.volume.dims, affine: lab.volume.affine, cerebellum: [2], cortex: [3, 4, 5, 6, 8] } });
    const sim = simulateStudy(src, {
      cerebellarFactor: 0.7, pose: { rotationsDeg: [10, -8, 15], translationMm: [12, -9, 6] }, brainScale: 0.9,
      matrix: 128, voxelSizeMm: 3.3, fwhmMm: 10, totalCounts: 6e6, ageYears: 40, tracer: 'HMPAO',
    }, 5);
    const atlas = await loadAtlasFiles(fslSpec);
    const r = analyzeStudy(sim.volume, { atlas }).report;
    expect(Math.abs(r.ratios.cerebellumToCortex! - sim.truth.idealRatio)).toBeLessThan(0.03);
  }, 120_000);
});
