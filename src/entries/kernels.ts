/**
 * spect-perfusion/kernels: the numeric kernels alone (plain loops on typed
 * arrays, Float64 accumulators, deterministic), without the readers, the
 * atlas or the analysis. The same functions are exported by `spect-perfusion`.
 */
export { labelStats, quantileInPlace, selectInPlace, bucketByLabel } from '../kernels/label-stats.js';
export type { LabelArray, LabelStats, LabelStatsOptions, LabelBuckets } from '../kernels/label-stats.js';
export { gaussianSmooth3d, gaussianKernel1d, gaussianRadius, SIGMA_TO_FWHM } from '../kernels/gaussian.js';
export { sampleTrilinear, sampleNearest, resampleAffine, resampleLabelsAffine } from '../kernels/trilinear.js';
export type { Interpolation, ResampleAffineOptions } from '../kernels/trilinear.js';
export { createRng, deriveSeed } from '../kernels/random.js';
export type { Rng } from '../kernels/random.js';
