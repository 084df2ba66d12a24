/**
 * The full-grid and coarse-grid steps of the Chang correction (src/kernels/chang.ts): block
 * means, [1 2 1] smoothing, the outline threshold and the trilinear factor at every voxel.
 * Each loop nest is its own small function so that V8 optimises it on first use: as one large
 * function, every loop was compiled on stack replacement without type feedback for the loops
 * after it and deoptimised again (`node --trace-deopt`), which cost most of a cold call.
 * Arithmetic and its order are those of the single function they came from.
 */

/** Mean of the positive finite values of each block of s0 x s1 x s2 voxels (x fastest; other voxels count as 0); blocks at the far edges may be short. */
export function blockMeans(
  data: Float32Array,
  n0: number,
  n1: number,
  n2: number,
  s0: number,
  s1: number,
  s2: number,
  c0: number,
  c1: number,
  c2: number,
): Float64Array {
  const sum = new Float64Array(c0 * c1 * c2);
  const blockOfI = new Int32Array(n0);
  for (let i = 0; i < n0; i++) blockOfI[i] = Math.floor(i / s0);
  for (let k = 0; k < n2; k++) {
    const ck = Math.floor(k / s2);
    for (let j = 0; j < n1; j++) blockSumRow(data, sum, blockOfI, n0 * (j + n1 * k), c0 * (Math.floor(j / s1) + c1 * ck));
  }
  for (let ck = 0; ck < c2; ck++)
    for (let cj = 0; cj < c1; cj++) {
      divideByCount(
        sum,
        c0 * (cj + c1 * ck),
        c0,
        n0,
        s0,
        (Math.min(n1, (cj + 1) * s1) - cj * s1) * (Math.min(n2, (ck + 1) * s2) - ck * s2),
      );
    }
  return sum;
}

function blockSumRow(data: Float32Array, sum: Float64Array, blockOfI: Int32Array, row: number, crow: number): void {
  const n0 = blockOfI.length;
  for (let i = 0; i < n0; i++) {
    const v = data[row + i]!;
    // NaN, +Infinity and non-positive voxels add nothing (as the registration's normalisation treats them)
    if (v > 0 && v < Infinity) sum[crow + blockOfI[i]!] = sum[crow + blockOfI[i]!]! + v;
  }
}

/** The coarse blocks (sizes s, counts c) more than half of whose voxels are inside `mask`. */
export function maskBlocks(
  mask: Uint8Array,
  n: readonly [number, number, number],
  s: readonly [number, number, number],
  c: readonly [number, number, number],
): Uint8Array {
  const f = new Float32Array(mask.length);
  for (let i = 0; i < mask.length; i++) f[i] = mask[i] ? 1 : 0;
  const frac = blockMeans(f, n[0], n[1], n[2], s[0], s[1], s[2], c[0], c[1], c[2]);
  const out = new Uint8Array(frac.length);
  for (let q = 0; q < frac.length; q++) out[q] = frac[q]! > 0.5 ? 1 : 0;
  return out;
}

/** Divide a coarse row by the voxel count of each block (yz = the count across the row). */
function divideByCount(sum: Float64Array, q0: number, c0: number, n0: number, s0: number, yz: number): void {
  for (let ci = 0; ci < c0; ci++) sum[q0 + ci] = sum[q0 + ci]! / ((Math.min(n0, (ci + 1) * s0) - ci * s0) * yz);
}

/** [1 2 1] / 4 smoothing along one axis (stride `st`, length `na`) into `tmp`, edge values repeated. */
export function smoothAxis121(sum: Float64Array, tmp: Float64Array, st: number, na: number): void {
  const nc = sum.length;
  for (let q = 0; q < nc; q++) {
    const idx = Math.floor(q / st) % na;
    const lo = idx > 0 ? sum[q - st]! : sum[q]!;
    const hi = idx < na - 1 ? sum[q + st]! : sum[q]!;
    tmp[q] = 0.25 * lo + 0.5 * sum[q]! + 0.25 * hi;
  }
}

function maxOf(a: Float64Array): number {
  let max = 0;
  for (let q = 0; q < a.length; q++) if (a[q]! > max) max = a[q]!;
  return max;
}

/** Histogram of the positive values of `a` in `hist.length` bins on [0, max]; the count of positive values. */
function positiveHistogram(a: Float64Array, max: number, hist: Float64Array): number {
  const BINS = hist.length;
  let positive = 0;
  for (let q = 0; q < a.length; q++) {
    const v = a[q]!;
    if (v > 0) {
      hist[Math.min(BINS - 1, Math.floor((v / max) * BINS))]! += 1;
      positive++;
    }
  }
  return positive;
}

/** `fraction` of the 99.5th percentile of the positive values (histogram of 2048 bins on [0, max]); null when max is not positive. */
export function outlineThreshold(sum: Float64Array, fraction: number): number | null {
  const max = maxOf(sum);
  if (!(max > 0)) return null;
  const BINS = 2048;
  const hist = new Float64Array(BINS);
  const positive = positiveHistogram(sum, max, hist);
  let acc = 0,
    bin = BINS - 1;
  for (let b = 0; b < BINS; b++) {
    acc += hist[b]!;
    if (acc >= 0.995 * positive) {
      bin = b;
      break;
    }
  }
  return fraction * ((bin + 1) / BINS) * max;
}

/** Coarse neighbours and weight of every fine index along one axis (block centres at b * s + (s - 1) / 2). */
function interpAxis(n: number, sA: number, cA: number): { i0: Int32Array; i1: Int32Array; f: Float64Array } {
  const i0 = new Int32Array(n),
    i1 = new Int32Array(n),
    f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Math.min(cA - 1, Math.max(0, (i - (sA - 1) / 2) / sA));
    const a = Math.min(Math.floor(x), cA - 1);
    i0[i] = a;
    i1[i] = Math.min(a + 1, cA - 1);
    f[i] = x - a;
  }
  return { i0, i1, f };
}

/**
 * out = data / (the coarse `factor` trilinear at every voxel). The x and then y interpolations are done once
 * per (fine x, fine y, coarse z) (n0 n1 c2 values, not n0 n1 n2), one coarse plane at a time into two plane
 * buffers that follow the fine planes (the planes of a coarse z are used by consecutive fine planes): the same
 * Float64 operations in the same order as interpolating each voxel in full, so the same values.
 */
export function divideByFactor(
  data: Float32Array,
  out: Float32Array,
  factor: Float32Array,
  n: readonly [number, number, number],
  s: readonly [number, number, number],
  c: readonly [number, number, number],
): void {
  const [n0, n1, n2] = n,
    [c0, c1, c2] = c;
  const X = interpAxis(n0, s[0], c0),
    Y = interpAxis(n1, s[1], c1),
    Z = interpAxis(n2, s[2], c2);
  const fx = new Float64Array(n0 * c1 * c2);
  for (let r = 0; r < c1 * c2; r++) interpolateRow(factor, r * c0, X.i0, X.i1, X.f, fx, r * n0);
  let lo = new Float64Array(n0 * n1),
    hi = new Float64Array(n0 * n1);
  let loPlane = -1,
    hiPlane = -1;
  for (let k = 0; k < n2; k++) {
    const z0 = Z.i0[k]!,
      z1 = Z.i1[k]!,
      fz = Z.f[k]!;
    if (loPlane !== z0) {
      if (hiPlane === z0) {
        const t = lo;
        lo = hi;
        hi = t;
        hiPlane = loPlane;
      } else planeXY(fx, Y.i0, Y.i1, Y.f, z0, c1, n0, lo);
      loPlane = z0;
    }
    if (z1 !== z0 && hiPlane !== z1) {
      planeXY(fx, Y.i0, Y.i1, Y.f, z1, c1, n0, hi);
      hiPlane = z1;
    }
    const upper = z1 === z0 ? lo : hi;
    for (let j = 0; j < n1; j++) divideRow(data, out, lo, upper, n0 * (j + n1 * k), n0 * j, fz, n0);
  }
}

/** dst (n0 x n1) = the x-interpolated rows `fx` of coarse plane ck interpolated at every fine y index. */
function planeXY(
  fx: Float64Array,
  yi0: Int32Array,
  yi1: Int32Array,
  yf: Float64Array,
  ck: number,
  c1: number,
  n0: number,
  dst: Float64Array,
): void {
  const n1 = yi0.length;
  for (let j = 0; j < n1; j++) blendRows(fx, n0 * (yi0[j]! + c1 * ck), n0 * (yi1[j]! + c1 * ck), yf[j]!, dst, n0 * j, n0);
}

/** dst[o + i] = the coarse row at `b` interpolated at fine x index i. */
function interpolateRow(
  factor: Float32Array,
  b: number,
  xi0: Int32Array,
  xi1: Int32Array,
  xf: Float64Array,
  dst: Float64Array,
  o: number,
): void {
  const n0 = xi0.length;
  for (let i = 0; i < n0; i++) {
    const a0 = xi0[i]!,
      a1 = xi1[i]!,
      tx = xf[i]!;
    dst[o + i] = factor[b + a0]! + tx * (factor[b + a1]! - factor[b + a0]!);
  }
}

/** dst[o + i] = lo + f (hi - lo) of rows `lo` and `hi` of `src`. */
function blendRows(src: Float64Array, lo: number, hi: number, f: number, dst: Float64Array, o: number, n: number): void {
  for (let i = 0; i < n; i++) {
    const e0 = src[lo + i]!;
    dst[o + i] = e0 + f * (src[hi + i]! - e0);
  }
}

/** out row = data row / (the row `r` of plane `lo` blended towards plane `hi` by fz). */
function divideRow(
  data: Float32Array,
  out: Float32Array,
  lo: Float64Array,
  hi: Float64Array,
  row: number,
  r: number,
  fz: number,
  n0: number,
): void {
  for (let i = 0; i < n0; i++) {
    const e0 = lo[r + i]!,
      e1 = hi[r + i]!;
    out[row + i] = data[row + i]! / (e0 + fz * (e1 - e0));
  }
}
