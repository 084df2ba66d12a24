/**
 * One-pass regional statistics over an integer label image.
 *
 * `labelStats` walks the voxels once to count and sum per label (Float64
 * accumulators), then, when percentiles are requested, buckets the values by
 * label with a counting sort into one scratch buffer and runs quickselect
 * (Hoare's FIND, CACM 1961) inside each bucket: O(n) time, two allocations
 * per call, none inside the loops.
 */

import { quantilesInPlace } from './quantile.js';

export { quantileInPlace, quantilesInPlace, selectInPlace, sortedRunsQuantiles } from './quantile.js';

export type LabelArray = Int16Array | Uint8Array | Uint16Array | Int32Array;

export interface LabelStatsOptions {
  /** Quantiles to compute per label, each in [0, 1] (linear interpolation, R type 7). */
  readonly quantiles?: readonly number[];
  /** Optional voxel mask: only voxels with mask[i] !== 0 count. */
  readonly mask?: Uint8Array;
  /** Labels below this are ignored like those outside [0, nLabels) (e.g. 1: skip the background early). Default 0. */
  readonly minLabel?: number;
}

export interface LabelStats {
  /** Largest label value + 1; arrays below are indexed by label value. */
  readonly nLabels: number;
  readonly count: Float64Array;
  readonly sum: Float64Array;
  /** sum / count, NaN where count is 0 (callers must report empty regions). */
  readonly mean: Float64Array;
  /** quantile q[j] of label l at `quantiles[j * nLabels + l]`, NaN where empty. */
  readonly quantiles: Float64Array;
}

/**
 * Per-label count, sum, mean and quantiles of `values` over `labels`.
 * Labels outside [0, nLabels) and non-finite values are ignored.
 * @throws RangeError when lengths differ or a quantile is outside [0, 1].
 */
export function labelStats(
  values: Float32Array,
  labels: LabelArray,
  nLabels: number,
  options: LabelStatsOptions = {},
): LabelStats {
  const n = values.length;
  if (labels.length !== n) throw new RangeError(`labels (${labels.length}) and values (${n}) differ in length`);
  if (!Number.isInteger(nLabels) || nLabels < 1) throw new RangeError('nLabels must be a positive integer');
  const mask = options.mask;
  if (mask && mask.length !== n) throw new RangeError(`mask (${mask.length}) and values (${n}) differ in length`);
  const qs = options.quantiles ?? [];
  for (const q of qs) if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile ${q} outside [0, 1]`);

  const count = new Float64Array(nLabels);
  const sum = new Float64Array(nLabels);
  const from = Math.max(0, Math.floor(options.minLabel ?? 0));
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < from || l >= nLabels) continue;
    if (mask && mask[i] === 0) continue;
    const v = values[i]!;
    if (v - v !== 0) continue; // NaN or ±Inf
    count[l]! += 1;
    sum[l]! += v;
  }
  const mean = new Float64Array(nLabels);
  for (let l = 0; l < nLabels; l++) mean[l] = count[l]! > 0 ? sum[l]! / count[l]! : NaN;

  const quantiles = new Float64Array(qs.length * nLabels).fill(NaN);
  if (qs.length > 0) {
    const b = bucketByLabel(values, labels, nLabels, count, mask, from);
    const q = new Float64Array(qs.length);
    const scratch = new Float64Array(4 * qs.length);
    for (let l = 0; l < nLabels; l++) {
      const lo = b.start[l]!;
      const m = count[l]!;
      if (m === 0) continue;
      quantilesInPlace(b.values, lo, lo + m, qs, q, scratch);
      for (let j = 0; j < qs.length; j++) quantiles[j * nLabels + l] = q[j]!;
    }
  }
  return { nLabels, count, sum, mean, quantiles };
}

export interface LabelBuckets {
  /** Values grouped by label: label l occupies values[start[l], start[l + 1]). */
  readonly values: Float32Array;
  readonly start: Float64Array;
}

/**
 * Counting sort of the finite values into label buckets, given the per-label
 * counts from a first pass (as computed by `labelStats`). Labels below
 * `minLabel` (e.g. 1: the background) are left out (their buckets are empty).
 */
export function bucketByLabel(
  values: Float32Array,
  labels: LabelArray,
  nLabels: number,
  count: Float64Array,
  mask?: Uint8Array,
  minLabel = 0,
): LabelBuckets {
  const from = Math.max(0, Math.min(nLabels, Math.floor(minLabel)));
  const start = new Float64Array(nLabels + 1);
  for (let l = from; l < nLabels; l++) start[l + 1] = start[l]! + count[l]!;
  const fill = Float64Array.from(start.subarray(0, nLabels));
  const buf = new Float32Array(start[nLabels]!);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < from || l >= nLabels) continue;
    if (mask && mask[i] === 0) continue;
    const v = values[i]!;
    if (v - v !== 0) continue;
    buf[fill[l]!++] = v;
  }
  return { values: buf, start };
}
