/**
 * Real (non-simulated-by-us) input: the Auer brain perfusion phantom (Interfile,
 * 120^3, 2 mm, shared data), blurred to SPECT resolution. No ground truth
 * exists, so the test checks consistency: registered to the built-in template
 * and to the SPM12 HMPAO template, both results must be plausible and agree
 * at the landmarks to within the known offset between the two templates
 * (about 3 mm, docs/registration.md).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, sharedBytes, sharedPath } from '../helpers/shared-data.js';
import { readInterfile } from '../../src/interfile/index.js';
import { readNifti } from '../../src/nifti/index.js';
import { builtinAtlas, builtinTemplate, groupMask } from '../../src/atlas/index.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { registerToTemplate } from '../../src/register/index.js';
import { createVolume } from '../../src/volume/volume.js';
import { applyAffine } from '../../src/volume/affine.js';
import { LANDMARKS } from './landmarks.js';


describeShared('registerToTemplate: Auer Interfile brain perfusion phantom', () => {
  it('gives plausible, mutually consistent transforms with two templates', () => {
    const base = 'interfile/Brain_Perfusion_Source_120x120x120';
    const raw = readInterfile(readFileSync(sharedPath(base + '.h33'), 'utf8'), sharedBytes(base + '.i33'));
    // SPECT-like resolution: 10 mm FWHM = 5 voxels of 2 mm
    const study = createVolume({ data: gaussianSmooth3d(raw.data, raw.dims, [5, 5, 5]), dims: raw.dims, affine: raw.affine });
    const ba = builtinAtlas({ voxelSize: 2 });
    const cerebellum = createVolume({ data: Float32Array.from(groupMask(ba, 'cerebellum')), dims: ba.dims, affine: ba.affine });
    const opts = { exclude: { volume: cerebellum }, region: { volume: cerebellum, name: 'cerebellum' } };
    const rB = registerToTemplate(study, builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' }), opts);
    const rS = registerToTemplate(study, readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii')), opts);
    let worst = 0, mean = 0;
    for (const L of LANDMARKS) {
      const q = applyAffine(rS.mniToSubject, L[0], L[1], L[2]);
      const p = applyAffine(rB.subjectToMni, q[0], q[1], q[2]);
      const d = Math.hypot(p[0] - L[0], p[1] - L[1], p[2] - L[2]);
      worst = Math.max(worst, d);
      mean += d / LANDMARKS.length;
    }
    console.log(`Auer phantom: NCC built-in ${rB.similarity.toFixed(3)}, SPM ${rS.similarity.toFixed(3)}; size factors ${rS.scale.factors.map((f) => f.toFixed(2)).join('/')}; landmark disagreement mean ${mean.toFixed(2)} mm, worst ${worst.toFixed(2)} mm`);
    expect(rS.similarity).toBeGreaterThan(0.9);
    expect(rB.similarity).toBeGreaterThan(0.75);
    for (const r of [rB, rS]) {
      expect(r.issues).toEqual([]);
      expect(r.regionCoverage).toBe(1);
      for (const f of r.scale.factors) {
        expect(f).toBeGreaterThan(0.7);
        expect(f).toBeLessThan(1.1);
      }
    }
    expect(mean).toBeLessThan(4);
    expect(worst).toBeLessThan(7);
  });
});
