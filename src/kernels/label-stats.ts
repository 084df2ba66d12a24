/**
 * One-pass regional statistics over an integer label image.
 *
 * `labelStats` walks the voxels once to count and sum per label (Float64
 * accumulators), then, when percentiles are requested, buckets the values by
 * label with a counting sort into one scratch buffer and runs quickselect
 * (Hoare's FIND, CACM 1961) inside each bucket: O(n) time, two allocations
 * per call, none inside the loops.
 */

export type LabelArray = Int16Array | Uint8Array | Uint16Array | Int32Array;

export interface LabelStatsOptions {
  /** Quantiles to compute per label, each in [0, 1] (linear interpolation, R type 7). */
  readonly quantiles?: readonly number[];
  /** Optional voxel mask: only voxels with mask[i] !== 0 count. */
  readonly mask?: Uint8Array;
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
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= nLabels) continue;
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
    const b = bucketByLabel(values, labels, nLabels, count, mask);
    for (let l = 0; l < nLabels; l++) {
      const lo = b.start[l]!;
      const m = count[l]!;
      if (m === 0) continue;
      for (let j = 0; j < qs.length; j++) quantiles[j * nLabels + l] = quantileInPlace(b.values, lo, lo + m, qs[j]!);
    }
  }
  return { nLabels, count, sum, mean, quantiles };
}

/**
 * Quantile q of a[lo, hi) (R type 7: h = (m-1)q, interpolate between the
 * floor(h)-th and ceil(h)-th order statistics). Reorders a[lo, hi).
 */
export function quantileInPlace(a: Float32Array, lo: number, hi: number, q: number): number {
  const m = hi - lo;
  if (m <= 0) return NaN;
  const h = (m - 1) * q;
  const k = Math.floor(h);
  const vk = selectInPlace(a, lo, hi - 1, lo + k);
  if (h === k) return vk;
  // the (k+1)-th order statistic is the minimum of the right part after selection
  let next = Infinity;
  for (let i = lo + k + 1; i < hi; i++) if (a[i]! < next) next = a[i]!;
  return vk + (h - k) * (next - vk);
}

/**
 * Hoare quickselect with median-of-three pivots on a[left..right] (inclusive):
 * puts the k-th smallest at a[k] and returns it. Reorders the range.
 */
export function selectInPlace(a: Float32Array | Float64Array, left: number, right: number, k: number): number {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three into a[k]'s search pivot
    let x = a[mid]!;
    const l = a[left]!, r = a[right]!;
    if ((l <= x && x <= r) || (r <= x && x <= l)) { /* x is the median */ }
    else if ((x <= l && l <= r) || (r <= l && l <= x)) x = l;
    else x = r;
    let i = left, j = right;
    while (i <= j) {
      while (a[i]! < x) i++;
      while (a[j]! > x) j--;
      if (i <= j) {
        const t = a[i]!; a[i] = a[j]!; a[j] = t;
        i++; j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}

export interface LabelBuckets {
  /** Values grouped by label: label l occupies values[start[l], start[l + 1]). */
  readonly values: Float32Array;
  readonly start: Float64Array;
}

/**
 * Counting sort of the finite values into label buckets, given the per-label
 * counts from a first pass (as computed by `labelStats`).
 */
export function bucketByLabel(
  values: Float32Array,
  labels: LabelArray,
  nLabels: number,
  count: Float64Array,
  mask?: Uint8Array,
): LabelBuckets {
  const start = new Float64Array(nLabels + 1);
  for (let l = 0; l < nLabels; l++) start[l + 1] = start[l]! + count[l]!;
  const fill = Float64Array.from(start.subarray(0, nLabels));
  const buf = new Float32Array(start[nLabels]!);
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= nLabels) continue;
    if (mask && mask[i] === 0) continue;
    const v = values[i]!;
    if (v - v !== 0) continue;
    buf[fill[l]!++] = v;
  }
  return { values: buf, start };
}
