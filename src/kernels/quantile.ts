/**
 * Order statistics of Float32 ranges: quickselect (Hoare's FIND, CACM 1961, median-of-three
 * pivots), quantiles as R type 7 (Hyndman & Fan, Am Stat 1996;50:361), several quantiles from one
 * recursive selection, and quantiles of sorted runs. Used by label-stats.ts for regional
 * percentiles and by the registration's robust scale. No allocation inside the loops.
 */

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
  a: Float32Array,
  lo: number,
  hi: number,
  qs: readonly number[],
  out: Float64Array,
  scratch = new Float64Array(4 * qs.length),
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
function selectRanksFrom(
  a: Float32Array,
  lo: number,
  hi: number,
  ranks: Float64Array,
  r0: number,
  r1: number,
  vals: Float64Array,
  base: number,
): void {
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
  return b >= 0x80000000 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
}

function keyFloat(k: number): number {
  u32[0] = k >= 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  return f32[0]!;
}

/** Number of entries <= v in the sorted a[lo, hi). */
function upperBound(a: Float32Array, lo: number, hi: number, v: number): number {
  let l = lo,
    h = hi;
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
  a: Float32Array,
  starts: ArrayLike<number>,
  ends: ArrayLike<number>,
  qs: readonly number[],
  out: Float64Array,
): void {
  const nr = starts.length;
  let m = 0,
    min = Infinity,
    max = -Infinity;
  for (let r = 0; r < nr; r++) {
    const lo = starts[r]!,
      hi = ends[r]!;
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
    let lo = floatKey(min),
      hi = floatKey(max);
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
        const lo = starts[r]!,
          hi = ends[r]!;
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
    const l = a[left]!,
      r = a[right]!;
    if ((l <= x && x <= r) || (r <= x && x <= l)) {
      /* x is the median */
    } else if ((x <= l && l <= r) || (r <= l && l <= x)) x = l;
    else x = r;
    let i = left,
      j = right;
    while (i <= j) {
      while (a[i]! < x) i++;
      while (a[j]! > x) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k]!;
}
