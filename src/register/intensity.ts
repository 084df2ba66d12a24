/**
 * Intensity normalisation and image moments used by the registration.
 *
 * Registration must not depend on the count scale of a study (counts, kBq/ml,
 * arbitrary units), so each image is divided by a robust maximum: a high
 * percentile of its positive voxels, computed from a fixed 4096-bin histogram
 * (deterministic, O(n), no sort). Masks are "fraction of that robust maximum"
 * thresholds. Moments (centre of mass and second moments, in RAS mm) give the
 * initial translation and isotropic scale (cf. Alpert et al. 1990, "The
 * principal axes transformation", J Nucl Med 31:1717).
 */
import type { Grid } from './pyramid.js';

const BINS = 4096;

/**
 * The `p`-th percentile (0..1) of the finite positive values of `data`, from a histogram.
 * @returns 0 when there is no finite positive value.
 */
export function positivePercentile(data: Float32Array, p: number): number {
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > max && v < Infinity) max = v;
  }
  if (!(max > 0)) return 0;
  const hist = new Float64Array(BINS);
  let n = 0;
  const scale = BINS / max;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v > 0 && v <= max) {
      let b = Math.floor(v * scale);
      if (b >= BINS) b = BINS - 1;
      hist[b]! += 1;
      n++;
    }
  }
  return percentileOfHistogram(hist, n, p, max);
}

/** One pass over a subject: non-finite count, largest finite value and the box of finite non-zero voxels. */
export interface SubjectScan {
  /** Number of NaN / +-Infinity voxels. */
  readonly nonFinite: number;
  /** Largest finite positive value (0 when none). */
  readonly max: number;
  /**
   * Inclusive index box of the finite non-zero voxels: the grid minus its all-zero boundary
   * planes once non-finite voxels count as 0 (`fieldOfView` of the cleaned volume);
   * lo > hi (hi = -1) on every axis when there is none.
   */
  readonly lo: [number, number, number];
  readonly hi: [number, number, number];
}

/**
 * `countNonFinite`, the maximum of `positivePercentile` and the zero-plane box of
 * `fieldOfView` (on the volume with non-finite voxels set to 0) in one pass.
 */
export function scanSubject(data: Float32Array, dims: readonly [number, number, number]): SubjectScan {
  const [nx, ny, nz] = dims;
  let nonFinite = 0, max = 0;
  let i0 = nx, i1 = -1, j0 = ny, j1 = -1, k0 = nz, k1 = -1;
  let row = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++, row += nx) {
      let first = -1, last = -1;
      for (let i = 0; i < nx; i++) {
        const v = data[row + i]!;
        if (v === 0) continue;
        if (v - v !== 0) { nonFinite++; continue; } // NaN or +-Infinity
        if (first < 0) first = i;
        last = i;
        if (v > max) max = v;
      }
      if (first < 0) continue;
      if (first < i0) i0 = first;
      if (last > i1) i1 = last;
      if (j < j0) j0 = j;
      if (j > j1) j1 = j;
      if (k < k0) k0 = k;
      if (k > k1) k1 = k;
    }
  }
  if (i1 < 0) return { nonFinite, max, lo: [0, 0, 0], hi: [-1, -1, -1] };
  return { nonFinite, max, lo: [i0, j0, k0], hi: [i1, j1, k1] };
}

/**
 * `positivePercentile(data, p)` when the largest finite positive value `max` is known and
 * every finite positive voxel lies in the index box [lo, hi] (from `scanSubject`): the same
 * histogram, over the box only.
 */
export function positivePercentileInBox(
  data: Float32Array, dims: readonly [number, number, number], max: number, p: number,
  lo: readonly [number, number, number], hi: readonly [number, number, number],
): number {
  if (!(max > 0)) return 0;
  const [nx, ny] = dims;
  const hist = new Float64Array(BINS);
  let n = 0;
  const scale = BINS / max;
  for (let k = lo[2]; k <= hi[2]; k++) {
    for (let j = lo[1]; j <= hi[1]; j++) {
      const row = nx * (j + ny * k);
      for (let q = row + lo[0], end = row + hi[0]; q <= end; q++) {
        const v = data[q]!;
        if (v > 0 && v <= max) {
          let b = Math.floor(v * scale);
          if (b >= BINS) b = BINS - 1;
          hist[b]! += 1;
          n++;
        }
      }
    }
  }
  return percentileOfHistogram(hist, n, p, max);
}

function percentileOfHistogram(hist: Float64Array, n: number, p: number, max: number): number {
  const target = p * n;
  let acc = 0;
  for (let b = 0; b < BINS; b++) {
    acc += hist[b]!;
    if (acc >= target) return ((b + 1) / BINS) * max;
  }
  return max;
}

/** Count of non-finite values (NaN, +-Infinity). */
export function countNonFinite(data: Float32Array): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) n++;
  return n;
}

/** Scale `data` in place by 1/`ref` (non-finite and negative values become 0). */
export function normaliseInPlace(data: Float32Array, ref: number): void {
  const s = 1 / ref;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    data[i] = v > 0 && v < Infinity ? v * s : 0;
  }
}

export interface Moments {
  /** Sum of the weights (intensities above threshold). */
  readonly mass: number;
  /** Number of voxels above threshold. */
  readonly count: number;
  /** Intensity-weighted centre in RAS mm. */
  readonly centre: [number, number, number];
  /** Intensity-weighted covariance in mm^2, row-major 3x3. */
  readonly cov: Float64Array;
}

/** Intensity-weighted centre and covariance (RAS mm) of the voxels above `threshold`. */
export function moments(g: Grid, threshold: number): Moments {
  const [nx, ny, nz] = g.dims;
  const A = g.affine;
  let m = 0, cnt = 0;
  let sx = 0, sy = 0, sz = 0;
  let sxx = 0, sxy = 0, sxz = 0, syy = 0, syz = 0, szz = 0;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const v = g.data[idx]!;
        if (!(v > threshold)) continue;
        const x = A[0]! * i + A[1]! * j + A[2]! * k + A[3]!;
        const y = A[4]! * i + A[5]! * j + A[6]! * k + A[7]!;
        const z = A[8]! * i + A[9]! * j + A[10]! * k + A[11]!;
        m += v; cnt++;
        sx += v * x; sy += v * y; sz += v * z;
        sxx += v * x * x; sxy += v * x * y; sxz += v * x * z;
        syy += v * y * y; syz += v * y * z; szz += v * z * z;
      }
    }
  }
  const cov = new Float64Array(9);
  if (!(m > 0)) return { mass: 0, count: 0, centre: [0, 0, 0], cov };
  const cx = sx / m, cy = sy / m, cz = sz / m;
  cov[0] = sxx / m - cx * cx; cov[4] = syy / m - cy * cy; cov[8] = szz / m - cz * cz;
  cov[1] = cov[3] = sxy / m - cx * cy;
  cov[2] = cov[6] = sxz / m - cx * cz;
  cov[5] = cov[7] = syz / m - cy * cz;
  return { mass: m, count: cnt, centre: [cx, cy, cz], cov };
}

/** Determinant of a row-major 3x3. */
export function det3(a: ArrayLike<number>): number {
  return (
    a[0]! * (a[4]! * a[8]! - a[5]! * a[7]!) -
    a[1]! * (a[3]! * a[8]! - a[5]! * a[6]!) +
    a[2]! * (a[3]! * a[7]! - a[4]! * a[6]!)
  );
}
