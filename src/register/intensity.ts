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
