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
 * Several quantiles of a[lo, hi) at once, each exactly as `quantileInPlace`
 * (R type 7), into out[0 .. qs.length). The order statistics they need are
 * selected recursively, each inside the part left by the previous selection
 * (after selecting rank r, a[lo, lo + r) <= a[lo + r] <= a[lo + r + 1, hi)), so
 * the median, 10th and 90th percentiles cost about two quickselects of the
 * range, not three plus the scans for the next order statistic.
 * `scratch` needs 4 * qs.length entries. Reorders a[lo, hi).
 */
export function quantilesInPlace(
  a: Float32Array, lo: number, hi: number, qs: readonly number[], out: Float64Array, scratch = new Float64Array(4 * qs.length),
): void {
  const m = hi - lo;
  if (m <= 0) {
    for (let j = 0; j < qs.length; j++) out[j] = NaN;
    return;
  }
  // ranks needed (floor(h) and, when h is fractional, floor(h) + 1), sorted and unique
  const nq = qs.length;
  const ranks = scratch.subarray(0, 2 * nq);
  let nr = 0;
  for (let j = 0; j < nq; j++) {
    const h = (m - 1) * qs[j]!;
    const k = Math.floor(h);
    ranks[nr++] = k;
    if (h !== k) ranks[nr++] = k + 1;
  }
  const rs = ranks.subarray(0, nr).sort();
  let u = 0;
  for (let i = 0; i < nr; i++) if (i === 0 || rs[i] !== rs[u - 1]) rs[u++] = rs[i]!;
  const vals = scratch.subarray(2 * nq, 2 * nq + u);
  selectRanksFrom(a, lo, hi, rs, 0, u, vals, lo);
  const valueOf = (r: number): number => {
    let i = 0;
    while (rs[i] !== r) i++;
    return vals[i]!;
  };
  for (let j = 0; j < nq; j++) {
    const h = (m - 1) * qs[j]!;
    const k = Math.floor(h);
    const vk = valueOf(k);
    out[j] = h === k ? vk : vk + (h - k) * (valueOf(k + 1) - vk);
  }
}

/**
 * Select the order statistics ranks[r0, r1) (sorted; positions base + rank) of the
 * part a[lo, hi) that holds them, into vals[r0, r1).
 */
function selectRanksFrom(a: Float32Array, lo: number, hi: number, ranks: Float64Array, r0: number, r1: number, vals: Float64Array, base: number): void {
  if (r0 >= r1) return;
  const mid = (r0 + r1) >> 1;
  const pos = base + ranks[mid]!;
  vals[mid] = selectInPlace(a, lo, hi - 1, pos);
  selectRanksFrom(a, lo, pos, ranks, r0, mid, vals, base);
  selectRanksFrom(a, pos + 1, hi, ranks, mid + 1, r1, vals, base);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Order-preserving unsigned key of a Float32 value (negative values reversed, then positive ones). */
function floatKey(v: number): number {
  f32[0] = v;
  const b = u32[0]!;
  return b >= 0x80000000 ? (~b) >>> 0 : (b | 0x80000000) >>> 0;
}

function keyFloat(k: number): number {
  u32[0] = k >= 0x80000000 ? (k & 0x7fffffff) >>> 0 : (~k) >>> 0;
  return f32[0]!;
}

/** Number of entries <= v in the sorted a[lo, hi). */
function upperBound(a: Float32Array, lo: number, hi: number, v: number): number {
  let l = lo, h = hi;
  while (l < h) {
    const mid = (l + h) >>> 1;
    if (a[mid]! <= v) l = mid + 1;
    else h = mid;
  }
  return l - lo;
}

/**
 * Quantiles (R type 7, exactly as `quantileInPlace`) of the union of several
 * sorted runs of `a` (run r is a[starts[r], ends[r])), without merging them: the
 * k-th order statistic is the smallest value v with #(x <= v) >= k + 1, found by
 * bisection over the 2^32 ordered Float32 keys, counting with a binary search in
 * each run (32 x runs x log(run) steps). Values must be finite.
 */
export function sortedRunsQuantiles(
  a: Float32Array, starts: ArrayLike<number>, ends: ArrayLike<number>, qs: readonly number[], out: Float64Array,
): void {
  const nr = starts.length;
  let m = 0, min = Infinity, max = -Infinity;
  for (let r = 0; r < nr; r++) {
    const lo = starts[r]!, hi = ends[r]!;
    if (hi <= lo) continue;
    m += hi - lo;
    if (a[lo]! < min) min = a[lo]!;
    if (a[hi - 1]! > max) max = a[hi - 1]!;
  }
  if (m === 0) {
    for (let j = 0; j < qs.length; j++) out[j] = NaN;
    return;
  }
  const count = (v: number): number => {
    let c = 0;
    for (let r = 0; r < nr; r++) if (ends[r]! > starts[r]!) c += upperBound(a, starts[r]!, ends[r]!, v);
    return c;
  };
  const kth = (k: number): number => {
    let lo = floatKey(min), hi = floatKey(max);
    while (lo < hi) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (count(keyFloat(mid)) >= k + 1) hi = mid;
      else lo = mid + 1;
    }
    const v = keyFloat(lo);
    return v === 0 ? 0 : v;
  };
  for (let j = 0; j < qs.length; j++) {
    const h = (m - 1) * qs[j]!;
    const k = Math.floor(h);
    const vk = kth(k);
    if (h === k) {
      out[j] = vk;
      continue;
    }
    // the (k+1)-th: vk again when it is repeated, else the smallest value above vk
    let next = vk;
    if (count(vk) < k + 2) {
      next = Infinity;
      for (let r = 0; r < nr; r++) {
        const lo = starts[r]!, hi = ends[r]!;
        const p = lo + upperBound(a, lo, hi, vk);
        if (p < hi && a[p]! < next) next = a[p]!;
      }
    }
    out[j] = vk + (h - k) * (next - vk);
  }
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
