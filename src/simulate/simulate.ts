/**
 * simulateStudy: from an MNI-space activity template to a reconstructed-looking
 * SPECT study in scanner space, with its truth.
 *
 * Model (docs/simulator.md):
 *  1. cerebellar atrophy and perfusion factor in MNI space (source.ts), then
 *     scalp and salivary uptake, a smooth deformation (individual anatomy) and,
 *     for studies without attenuation correction, the attenuation of a head
 *     with a skull along the scanner's transaxial rays (attenuation.ts);
 *  2. system resolution: isotropic Gaussian of FWHM `fwhmMm` applied in MNI
 *     space with FWHM fwhmMm / brainScale (the head is scaled by brainScale,
 *     so this is fwhmMm in the scanner);
 *  3. pose and scale: trilinear sampling of the blurred activity at the
 *     scanner voxel centres mapped to MNI by subjectToMni (pose.ts);
 *  4. axial field of view: slices whose centre lies outside are zeroed;
 *  5. counts: scaled so the noise-free total is `totalCounts`, then Poisson
 *     noise per voxel (seeded, deterministic).
 */
import { AnalysisError, ErrorCode, GeometryError } from '../errors.js';
import { gaussianSmooth3d } from '../kernels/gaussian.js';
import { createRng, deriveSeed } from '../kernels/random.js';
import { resampleAffine } from '../kernels/trilinear.js';
import { invert4, multiply4, type Mat4 } from '../volume/affine.js';
import { resampleLabels } from '../volume/resample.js';
import { createVolume, type VolumeMetadata } from '../volume/volume.js';
import { TRACERS } from '../dicom-write/types.js';
import { addExtracerebral, applyDeformation, randomDeformation } from './anatomy.js';
import { applyHeadAttenuation } from './attenuation.js';
import { countNoise, scaleCounts, zeroOutsideFov } from './counts.js';
import { scannerAffine, subjectToMniMatrix } from './pose.js';
import { CLASS_CEREBELLUM, CLASS_CORTEX, modifySource, prepareSource, type PreparedSource } from './source.js';
import type { SimParams, SimResult, SimSource, SimTruth } from './types.js';

/** Mean of `activity` over class cerebellum / over class cortex (NaN when either is empty). */
export function classMeanRatio(activity: Float32Array, classes: Uint8Array): number {
  let sCb = 0, nCb = 0, sCx = 0, nCx = 0;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if (c === CLASS_CEREBELLUM) { sCb += activity[i]!; nCb++; } else if (c === CLASS_CORTEX) { sCx += activity[i]!; nCx++; }
  }
  return sCb / nCb / (sCx / nCx);
}

/** Parameters with defaults filled in. */
export function withDefaults(p: SimParams): SimTruth['params'] {
  return {
    cerebellarFactor: p.cerebellarFactor,
    cerebellarFactorRight: p.cerebellarFactorRight ?? p.cerebellarFactor,
    cerebellarAtrophy: p.cerebellarAtrophy ?? 0,
    csfFraction: p.csfFraction ?? 0.25,
    edgeFwhmMm: p.edgeFwhmMm ?? 6,
    deformationMm: p.deformationMm ?? 0,
    scalpFraction: p.scalpFraction ?? 0,
    salivaryFraction: p.salivaryFraction ?? 0,
    attenuationPerCm: p.attenuationPerCm ?? 0,
    pose: p.pose ?? { rotationsDeg: [0, 0, 0], translationMm: [0, 0, 0] },
    brainScale: p.brainScale ?? 1,
    matrix: p.matrix ?? 128,
    voxelSizeMm: p.voxelSizeMm ?? 3.3,
    fwhmMm: p.fwhmMm ?? 10,
    totalCounts: p.totalCounts ?? 5e6,
    noise: p.noise ?? true,
    axialFovMm: p.axialFovMm ?? null,
    axialFovCentreMm: p.axialFovCentreMm ?? 0,
    ageYears: p.ageYears ?? 5,
    sex: p.sex ?? 'F',
    tracer: p.tracer ?? 'HMPAO',
  };
}

function check(name: string, v: number, lo: number, hi: number): void {
  if (!(v >= lo && v <= hi)) throw new AnalysisError(ErrorCode.INVALID_PARAMETER, `simulation parameter ${name} = ${v} outside ${lo}..${hi}`);
}

function validate(p: SimTruth['params']): void {
  check('cerebellarFactor', p.cerebellarFactor, 0, 2);
  check('cerebellarFactorRight', p.cerebellarFactorRight, 0, 2);
  check('deformationMm', p.deformationMm, 0, 20);
  check('scalpFraction', p.scalpFraction, 0, 2);
  check('salivaryFraction', p.salivaryFraction, 0, 5);
  check('attenuationPerCm', p.attenuationPerCm, 0, 0.3);
  check('cerebellarAtrophy', p.cerebellarAtrophy, 0, 0.6);
  check('csfFraction', p.csfFraction, 0, 2);
  check('edgeFwhmMm', p.edgeFwhmMm, 0, 30);
  check('brainScale', p.brainScale, 0.5, 1.5);
  if (p.matrix !== 64 && p.matrix !== 128) throw new AnalysisError(ErrorCode.INVALID_PARAMETER, `matrix must be 64 or 128, got ${String(p.matrix)}`);
  check('voxelSizeMm', p.voxelSizeMm, 1, 10);
  check('fwhmMm', p.fwhmMm, 0, 30);
  check('totalCounts', p.totalCounts, 1, 1e12);
  for (const r of p.pose.rotationsDeg) check('rotationsDeg', r, -180, 180);
  for (const t of p.pose.translationMm) check('translationMm', t, -500, 500);
  if (p.axialFovMm !== null) check('axialFovMm', p.axialFovMm, 1, 2000);
  check('ageYears', p.ageYears, 0, 130);
}

/**
 * Simulate one study. `source` may be a `SimSource` or the result of
 * `prepareSource` (reuse it across a cohort).
 * @throws AnalysisError INVALID_PARAMETER (parameters out of range)
 * @throws AtlasError ATLAS_ERROR (atlas without cerebellum/cortex on the activity grid)
 * @throws AnalysisError ANALYSIS_FAILED (no truth cerebellum or cortex voxel inside the field of view)
 */
export function simulateStudy(source: SimSource | PreparedSource, params: SimParams, seed: number): SimResult {
  const p = withDefaults(params);
  validate(p);
  const src = 'classes' in source ? source : prepareSource(source);
  const { mod, tissueRatio } = modelActivity(src, p, seed);
  const { noiseFree, truthLabels, A, s2m, dims } = sampleOnScanner(src, mod, p);
  // 4. axial field of view
  const slicesZeroed = zeroOutsideFov(noiseFree, A, p.matrix, p.axialFovMm, p.axialFovCentreMm);
  // 5. counts and noise
  const { countScale, totalNF, sCb, nCb, sCx, nCx } = scaleCounts(noiseFree, truthLabels, p.matrix, slicesZeroed, p.totalCounts);
  const { noisy, totalNoisy } = countNoise(noiseFree, p.noise, seed, totalNF);
  const truth: SimTruth = {
    seed,
    params: p,
    subjectToMni: Array.from(s2m),
    scannerAffine: Array.from(A),
    dims,
    idealRatio: sCb / nCb / (sCx / nCx),
    idealCerebellumMean: sCb / nCb,
    tissueRatio,
    idealCortexMean: sCx / nCx,
    cerebellumVoxels: nCb,
    cortexVoxels: nCx,
    slicesZeroed,
    countScale,
    totalCountsNoiseFree: totalNF,
    totalCountsNoisy: totalNoisy,
  };
  const metadata = studyMetadata(p, seed, truth.idealRatio);
  return {
    volume: createVolume({ data: noisy, dims, affine: A, metadata: { ...metadata, totalCounts: totalNoisy } }),
    noiseFree: createVolume({ data: noiseFree, dims, affine: A, metadata: { ...metadata, totalCounts: totalNF } }),
    truth,
    truthLabels,
  };
}

/** Step 1: the modified MNI-space activity and classes (factor, atrophy, extracerebral uptake, deformation, attenuation) and the tissue ratio before attenuation. */
function modelActivity(src: PreparedSource, p: SimTruth['params'], seed: number): { mod: { activity: Float32Array; classes: Uint8Array }; tissueRatio: number } {
  const act = src.activity;
  let mod = modifySource(src, p.cerebellarFactor, p.cerebellarAtrophy, p.csfFraction, p.edgeFwhmMm, p.cerebellarFactorRight);
  // 1b. extracerebral uptake, individual anatomy, tissue truth, attenuation (anatomy.ts)
  addExtracerebral(src, mod.activity, p.scalpFraction, p.salivaryFraction);
  if (p.deformationMm > 0) {
    mod = applyDeformation(act.dims, mod.activity, mod.classes, randomDeformation(src, p.deformationMm, createRng(deriveSeed(seed, 2))));
  }
  const tissueRatio = classMeanRatio(mod.activity, mod.classes);
  applyHeadAttenuation(src, mod.activity, p.attenuationPerCm, subjectToMniMatrix(p.pose, p.brainScale));
  return { mod, tissueRatio };
}

/** Steps 2-3: blur in MNI space, then the noise-free activity and the truth classes sampled on the scanner grid. */
function sampleOnScanner(
  src: PreparedSource, mod: { activity: Float32Array; classes: Uint8Array }, p: SimTruth['params'],
): { noiseFree: Float32Array; truthLabels: Uint8Array; A: Mat4; s2m: Mat4; dims: [number, number, number] } {
  const act = src.activity;
  // 2. blur in MNI space
  const f = p.fwhmMm / p.brainScale;
  const blurred = f > 0 ? gaussianSmooth3d(mod.activity, act.dims, [f / act.spacing[0], f / act.spacing[1], f / act.spacing[2]]) : mod.activity;
  // 3. sample on the scanner grid
  const n = p.matrix;
  const dims: [number, number, number] = [n, n, n];
  const A = scannerAffine(n, p.voxelSizeMm);
  const s2m = subjectToMniMatrix(p.pose, p.brainScale);
  const inv = invert4(act.affine);
  if (!inv) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'activity affine is singular');
  const vox = multiply4(inv, multiply4(s2m, A));
  const noiseFree = resampleAffine(blurred, act.dims, dims, vox, { interpolation: 'linear', outside: 0 });
  for (let i = 0; i < noiseFree.length; i++) if (noiseFree[i]! < 0) noiseFree[i] = 0; // template values are >= 0; guard interpolation of negatives
  const truthLabels = resampleLabels(mod.classes, act.dims, act.affine, dims, A, { worldTransform: s2m });
  return { noiseFree, truthLabels, A, s2m, dims };
}

/** The metadata of both simulated volumes (without their totals). */
function studyMetadata(p: SimTruth['params'], seed: number, idealRatio: number): Partial<VolumeMetadata> {
  return {
    format: 'synthetic',
    modality: 'NM',
    imageType: ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION'],
    patientAgeYears: p.ageYears,
    patientSex: p.sex,
    radiopharmaceutical: { code: p.tracer, name: TRACERS[p.tracer].name },
    units: 'counts',
    attenuationCorrected: !(p.attenuationPerCm > 0),
    extra: { simulated: true, seed, idealRatio },
  };
}
