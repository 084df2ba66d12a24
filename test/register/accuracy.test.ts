/**
 * Accuracy of registerToTemplate on studies simulated from the REAL SPM12
 * Tc-99m HMPAO template (shared data): the template is resampled through a
 * known random pose (rotations +-25 deg, translations +-30 mm, size 0.8..1.05 with
 * +-3 % anisotropy) onto 64^3 (3.5-4.5 mm) or 128x128x96 (3.0-3.3 mm) grids with
 * random axis flips, blurred to 8-14 mm FWHM, scaled to 80-300 counts at the
 * maximum and given Poisson noise from a seeded PRNG.
 *
 * The target is the SPM template itself (exact truth), so these figures measure
 * the initialisation and the optimiser without template mismatch; registration
 * to the project's built-in template is tested in cohort.test.ts.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';
import { readNifti } from '../../src/nifti/index.js';
import { registerToTemplate } from '../../src/register/index.js';
import { rotationMatrix } from '../../src/register/optimise.js';
import { resampleAffine } from '../../src/kernels/trilinear.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { createRng } from '../../src/kernels/random.js';
import { cerebellumDice, FSL_CEREBELLUM, NAMED_LANDMARKS } from './landmarks.js';
import { applyAffine, invert4, multiply4 } from '../../src/volume/affine.js';

const LANDMARKS = NAMED_LANDMARKS;
const CEREBELLUM = FSL_CEREBELLUM;


function poisson(r: () => number, lam: number): number {
  if (!(lam > 0)) return 0;
  if (lam > 30) {
    const u = Math.max(r(), 1e-12), v = r();
    return Math.max(0, Math.round(lam + Math.sqrt(lam) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
  }
  const L = Math.exp(-lam);
  let k = 0, p = 1;
  do { k++; p *= r(); } while (p > L && k < 1000);
  return k - 1;
}

interface Sim { subject: Volume; mniToSubject: Float64Array; size: number }

/** Simulated study; `zCropMm` keeps only subject slices above that subject z (mm) to cut the FOV. */
function simulate(template: Volume, seed: number, zCropMm?: (mniToSubject: Float64Array) => number): Sim {
  const rng = createRng(seed);
  const r = () => rng.uniform();
  const u = (a: number, b: number) => a + (b - a) * r();
  const deg = Math.PI / 180;
  const rot = new Float64Array(9);
  rotationMatrix(u(-25, 25) * deg, u(-25, 25) * deg, u(-25, 25) * deg, rot);
  const size = u(0.8, 1.05);
  const sc = [size * u(0.97, 1.03), size * u(0.97, 1.03), size * u(0.97, 1.03)];
  const m2s = new Float64Array(16);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) m2s[4 * i + j] = rot[3 * i + j]! * sc[j]!;
    m2s[4 * i + 3] = u(-30, 30);
  }
  m2s[15] = 1;
  const big = r() >= 0.7;
  const vox = big ? u(3, 3.3) : u(3.5, 4.5);
  const dims: [number, number, number] = big ? [128, 128, 96] : [64, 64, 64];
  const flip = [r() < 0.5 ? -1 : 1, r() < 0.5 ? -1 : 1, 1];
  const A = new Float64Array(16);
  for (let i = 0; i < 3; i++) {
    A[5 * i] = flip[i]! * vox;
    A[4 * i + 3] = (-flip[i]! * vox * (dims[i]! - 1)) / 2;
  }
  A[15] = 1;
  if (zCropMm !== undefined) {
    // keep slices with z >= zCropMm
    const k0 = Math.max(0, Math.ceil((zCropMm(m2s) - A[11]!) / vox));
    dims[2] = dims[2] - k0;
    A[11] = A[11]! + k0 * vox;
  }
  const s2m = invert4(m2s)!;
  const vv = multiply4(invert4(template.affine)!, multiply4(s2m, A));
  const data = resampleAffine(template.data, template.dims, dims, vv);
  const fwhm = u(8, 14);
  gaussianSmooth3d(data, dims, [fwhm / vox, fwhm / vox, fwhm / vox], data);
  let mx = 0;
  for (let i = 0; i < data.length; i++) mx = Math.max(mx, data[i]!);
  const peak = u(80, 300);
  for (let i = 0; i < data.length; i++) data[i] = poisson(r, (data[i]! / mx) * peak);
  return { subject: createVolume({ data, dims, affine: A }), mniToSubject: m2s, size };
}


function landmarkErrors(s2mEst: Float64Array, m2sTrue: Float64Array): number[] {
  return LANDMARKS.map(([, L]) => {
    const q = applyAffine(m2sTrue, L[0], L[1], L[2]);
    const p = applyAffine(s2mEst, q[0], q[1], q[2]);
    return Math.hypot(p[0] - L[0], p[1] - L[1], p[2] - L[2]);
  });
}

describeShared('registerToTemplate: simulated HMPAO studies registered to the SPM12 SPECT template itself', () => {
  let template: Volume;
  let atlas: Volume;
  beforeAll(() => {
    template = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    atlas = readNifti(sharedBytes('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
  });

  it('recovers 30 random poses: landmark error mean <= 3 mm, worst <= 6 mm, cerebellum Dice >= 0.85', () => {
    const all: number[] = [];
    const dices: number[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const sim = simulate(template, seed);
      const res = registerToTemplate(sim.subject, template);
      const errs = landmarkErrors(res.subjectToMni, sim.mniToSubject);
      all.push(...errs);
      dices.push(cerebellumDice(atlas, res.subjectToMni, sim.mniToSubject));
      // the recovered size factor matches the simulated one
      const meanFactor = (res.scale.factors[0] + res.scale.factors[1] + res.scale.factors[2]) / 3;
      expect(Math.abs(meanFactor - sim.size)).toBeLessThan(0.06);
      expect(res.similarity).toBeGreaterThan(0.9);
      expect(res.issues.filter((i) => i.code !== 'REGISTRATION_TEMPLATE_OUTSIDE_FOV')).toEqual([]);
    }
    const mean = all.reduce((s, e) => s + e, 0) / all.length;
    const worst = Math.max(...all);
    const minDice = Math.min(...dices);
    const meanDice = dices.reduce((s, d) => s + d, 0) / dices.length;
    console.log(`registration accuracy over 30 studies: landmark mean ${mean.toFixed(2)} mm, worst ${worst.toFixed(2)} mm; cerebellum Dice mean ${meanDice.toFixed(3)}, min ${minDice.toFixed(3)}`);
    expect(mean).toBeLessThanOrEqual(3);
    expect(worst).toBeLessThanOrEqual(6);
    expect(minDice).toBeGreaterThanOrEqual(0.85);
  });

  it('is invariant to the intensity scale and deterministic', () => {
    const sim = simulate(template, 101);
    const scaled = createVolume({ data: sim.subject.data.map((v) => v * 1000), dims: sim.subject.dims, affine: sim.subject.affine });
    const r1 = registerToTemplate(sim.subject, template);
    const r2 = registerToTemplate(sim.subject, template);
    const r3 = registerToTemplate(scaled, template);
    expect(Array.from(r2.subjectToMni)).toEqual(Array.from(r1.subjectToMni));
    const diff = landmarkErrors(r3.subjectToMni, r1.mniToSubject);
    expect(Math.max(...diff)).toBeLessThan(0.05);
    // the two matrices are inverses
    const id = multiply4(r1.subjectToMni, r1.mniToSubject);
    for (let q = 0; q < 16; q++) expect(id[q]!).toBeCloseTo(q % 5 === 0 ? 1 : 0, 9);
  });

  it('reports the fraction of the cerebellum outside a cut field of view', () => {
    // subject FOV cut through the (true) position of the vermis landmark: about half of the cerebellum is lost
    const sim = simulate(template, 7, (m2s) => applyAffine(m2s, 0, -62, -30)[2]);
    const res = registerToTemplate(sim.subject, template, {
      region: { volume: atlas, label: CEREBELLUM, name: 'cerebellum' },
    });
    // coverage with the true transform, computed independently here
    const sub = sim.subject;
    const M = multiply4(invert4(sub.affine)!, multiply4(sim.mniToSubject, atlas.affine));
    let tot = 0, ins = 0, idx = 0;
    const [nx, ny, nz] = atlas.dims;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) {
      if (atlas.data[idx] !== CEREBELLUM) continue;
      tot++;
      const p = applyAffine(M, i, j, k);
      if (p.every((v, a) => v >= -0.5 && v <= sub.dims[a]! - 0.5)) ins++;
    }
    const truth = ins / tot;
    console.log(`cut FOV: cerebellum coverage true ${truth.toFixed(3)}, estimated ${res.regionCoverage?.toFixed(3)}`);
    expect(truth).toBeLessThan(0.8);
    expect(truth).toBeGreaterThan(0.2);
    const errs = landmarkErrors(res.subjectToMni, sim.mniToSubject);
    const cutMean = errs.reduce((s, e) => s + e, 0) / errs.length;
    console.log(`cut FOV: landmark mean ${cutMean.toFixed(2)} mm, worst ${Math.max(...errs).toFixed(2)} mm`);
    expect(cutMean).toBeLessThanOrEqual(3);
    expect(Math.max(...errs)).toBeLessThanOrEqual(6);
    expect(res.regionCoverage).not.toBeNull();
    expect(Math.abs(res.regionCoverage! - truth)).toBeLessThan(0.1);
    expect(res.issues.map((i) => i.code)).toContain('REGISTRATION_REGION_OUTSIDE_FOV');
  });
});
