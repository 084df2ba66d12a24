/**
 * Steps 4-5 of simulateStudy (simulate.ts): the axial field of view, the count scale with the
 * truth means it yields, and the Poisson noise.
 */
import { AnalysisError, ErrorCode } from '../errors.js';
import { createRng, deriveSeed } from '../kernels/random.js';
import type { Mat4 } from '../volume/affine.js';
import { CLASS_CEREBELLUM, CLASS_CORTEX } from './source.js';

/** Zero the slices (n x n planes) whose centre z (scanner affine A) lies outside the axial field of view; their indices. */
export function zeroOutsideFov(noiseFree: Float32Array, A: Mat4, n: number, fovMm: number | null, centreMm: number): number[] {
  const slicesZeroed: number[] = [];
  const plane = n * n;
  if (fovMm !== null) {
    for (let k = 0; k < n; k++) {
      const z = A[10]! * k + A[11]!;
      if (Math.abs(z - centreMm) > fovMm / 2) {
        slicesZeroed.push(k);
        noiseFree.fill(0, k * plane, (k + 1) * plane);
      }
    }
  }
  return slicesZeroed;
}

/** What scaleCounts measured: the scale, the noise-free total and the truth sums and counts inside the field of view. */
export interface CountStats {
  readonly countScale: number;
  readonly totalNF: number;
  readonly sCb: number;
  readonly nCb: number;
  readonly sCx: number;
  readonly nCx: number;
}

/**
 * Scale `noiseFree` (in place) so that its total is `totalCounts`, and sum it over the truth cerebellum and cortex
 * outside the zeroed slices.
 * @throws AnalysisError ANALYSIS_FAILED (empty study; no truth cerebellum or cortex voxel inside the field of view)
 */
export function scaleCounts(
  noiseFree: Float32Array,
  truthLabels: Uint8Array,
  n: number,
  slicesZeroed: readonly number[],
  totalCounts: number,
): CountStats {
  let sum = 0;
  for (let i = 0; i < noiseFree.length; i++) sum += noiseFree[i]!;
  if (!(sum > 0)) throw new AnalysisError(ErrorCode.ANALYSIS_FAILED, 'simulated study is empty (head outside the field of view?)');
  const countScale = totalCounts / sum;
  const plane = n * n;
  let sCb = 0,
    nCb = 0,
    sCx = 0,
    nCx = 0,
    totalNF = 0;
  const zeroed = new Uint8Array(n);
  for (const k of slicesZeroed) zeroed[k] = 1;
  for (let i = 0; i < noiseFree.length; i++) {
    const v = noiseFree[i]! * countScale;
    noiseFree[i] = v;
    totalNF += noiseFree[i]!;
    if (zeroed[Math.floor(i / plane)]) continue;
    const c = truthLabels[i]!;
    if (c === CLASS_CEREBELLUM) {
      sCb += noiseFree[i]!;
      nCb++;
    } else if (c === CLASS_CORTEX) {
      sCx += noiseFree[i]!;
      nCx++;
    }
  }
  if (nCb === 0 || nCx === 0) {
    throw new AnalysisError(
      ErrorCode.ANALYSIS_FAILED,
      `field of view holds ${nCb} cerebellum and ${nCx} cortex voxels; the ratio is undefined`,
    );
  }
  return { countScale, totalNF, sCb, nCb, sCx, nCx };
}

/** The noisy study: Poisson counts of `noiseFree` (seeded by deriveSeed(seed, 1)), or a copy without noise; with its total. */
export function countNoise(
  noiseFree: Float32Array,
  noise: boolean,
  seed: number,
  totalNF: number,
): { noisy: Float32Array; totalNoisy: number } {
  const noisy = new Float32Array(noiseFree.length);
  let totalNoisy = 0;
  if (noise) {
    const rng = createRng(deriveSeed(seed, 1));
    for (let i = 0; i < noisy.length; i++) {
      const v = rng.poisson(noiseFree[i]!);
      noisy[i] = v;
      totalNoisy += v;
    }
  } else {
    noisy.set(noiseFree);
    totalNoisy = totalNF;
  }
  return { noisy, totalNoisy };
}
