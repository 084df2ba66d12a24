/**
 * Similarity kernels: the least-squares cost with intensity scaling and its
 * Gauss-Newton normal equations (Friston et al. 1995), and normalised
 * cross-correlation (NCC), over a list of fixed (template) points.
 *
 * The model for fixed point x (centred MNI mm) with template value f is
 *   e(x) = a * M(W x) + b - f(x),
 * where M is the moving (subject) image sampled trilinearly in its voxel grid
 * and W = [L | t] maps centred MNI mm to subject RAS mm. At the least-squares
 * optimum of (a, b) the cost equals sum (f - mean f)^2 (1 - NCC^2), so minimising
 * it maximises the correlation. Derivatives use the chain rule through the
 * trilinear interpolation of precomputed central-difference gradient images:
 *   de/dW_rc = a * (dM/dq_r) * x_c,  dM/dq = V^T dM/dv  (V: subject world -> voxel).
 * Only template points that fall inside the subject grid count (cost = mean
 * over those), so a field of view that cuts the brain does not pull the fit.
 * Loops are over typed arrays, allocation-free, with Float64 accumulators.
 */
import type { Grid } from './pyramid.js';
import { selectInPlace } from '../kernels/label-stats.js';
import { trilinearAt } from '../kernels/trilinear.js';
import { ACC_SIZE, fullPass, normalEquations, storePassSums } from './normal-equations.js';
import type { FixedPoints, MovingImage, PassResult } from './metric-types.js';

export type { FixedPoints, MovingImage, PassResult } from './metric-types.js';

/** Number of parameters of the full problem: 12 affine entries (row-major [L|t]) + a + b. */
export const NP = 14;

/** Central differences (one-sided at the edges), in intensity per voxel, interleaved with the values. */
export function gradientImages(g: Grid, worldToVox: Float64Array): MovingImage {
  const [nx, ny, nz] = g.dims;
  const d = g.data;
  const mg = new Float32Array(4 * d.length);
  const sx = nx, sxy = nx * ny;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    const dk0 = k === 0 ? 0 : sxy, dk1 = k === nz - 1 ? 0 : sxy, hk = nz > 1 && k > 0 && k < nz - 1 ? 0.5 : 1;
    for (let j = 0; j < ny; j++) {
      const dj0 = j === 0 ? 0 : sx, dj1 = j === ny - 1 ? 0 : sx, hj = ny > 1 && j > 0 && j < ny - 1 ? 0.5 : 1;
      for (let i = 0; i < nx; i++, idx++) {
        const o = 4 * idx;
        mg[o] = d[idx]!;
        if (nx > 1) mg[o + 1] = i === 0 ? d[idx + 1]! - d[idx]! : i === nx - 1 ? d[idx]! - d[idx - 1]! : 0.5 * (d[idx + 1]! - d[idx - 1]!);
        if (ny > 1) mg[o + 2] = hj * (d[idx + dj1]! - d[idx - dj0]!);
        if (nz > 1) mg[o + 3] = hk * (d[idx + dk1]! - d[idx - dk0]!);
      }
    }
  }
  return { data: d, mg, dims: g.dims, worldToVox };
}

/** A zeroed pass result. */
export function newPassResult(): PassResult {
  return { sse: 0, ncc: 0, inside: 0, n: 0, sf: 0, sff: 0, sm: 0, smm: 0, sfm: 0 };
}

/**
 * K = worldToVox * [W; 0 0 0 1] as 12 numbers (centred MNI mm -> subject voxel).
 * `w` is the 12-entry row-major [L | t].
 */
export function composeK(worldToVox: Float64Array, w: Float64Array, out: Float64Array): void {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let s = worldToVox[4 * r]! * w[c]! + worldToVox[4 * r + 1]! * w[4 + c]! + worldToVox[4 * r + 2]! * w[8 + c]!;
      if (c === 3) s += worldToVox[4 * r + 3]!;
      out[4 * r + c] = s;
    }
  }
}

const scratchAcc = new Float64Array(ACC_SIZE);

/**
 * One pass: residuals, NCC and (when `H`/`g` are given) the normal equations
 * H = J^T J (symmetric, 14 x 14), g = J^T e over 14 parameters (normal-equations.ts).
 * `K` is from `composeK`, `a`/`b` the intensity model. `_jac` is unused (kept for callers).
 */
export function accumulate(
  fx: FixedPoints,
  mv: MovingImage,
  K: Float64Array,
  a: number,
  b: number,
  H: Float64Array | null,
  g: Float64Array | null,
  _jac: Float64Array,
  out: PassResult,
  tukeyC = Infinity,
): void {
  if (H !== null && g !== null) {
    fullPass(fx, mv, K, a, b, tukeyC, scratchAcc, out);
    normalEquations(scratchAcc, H, g);
  } else {
    costPass(fx, mv, K, a, b, tukeyC, out);
  }
}

/**
 * One pass without derivatives: the cost (sum of squared residuals, or of Tukey's
 * rho when `tukeyC` is finite), the NCC sums and the share of points inside the
 * subject grid. Per point it computes exactly what `fullPass` computes.
 */
export function costPass(fx: FixedPoints, mv: MovingImage, K: Float64Array, a: number, b: number, tukeyC: number, out: PassResult): void {
  const nx = mv.dims[0], ny = mv.dims[1], nz = mv.dims[2];
  const sxy = nx * ny;
  const d = mv.data;
  const k00 = K[0]!, k01 = K[1]!, k02 = K[2]!, k03 = K[3]!;
  const k10 = K[4]!, k11 = K[5]!, k12 = K[6]!, k13 = K[7]!;
  const k20 = K[8]!, k21 = K[9]!, k22 = K[10]!, k23 = K[11]!;
  const xyz = fx.xyz, fv = fx.f, np = fx.n;
  const xmax = nx - 1, ymax = ny - 1, zmax = nz - 1;
  const di = xmax > 0 ? 1 : 0, dj = ymax > 0 ? nx : 0, dk = zmax > 0 ? sxy : 0;
  const robust = tukeyC < Infinity;
  const c2 = tukeyC * tukeyC / 6;
  let sse = 0, sm = 0, smm = 0, sfm = 0, sf = 0, sff = 0, inside = 0;
  for (let p = 0; p < np; p++) {
    const x = xyz[3 * p]!, y = xyz[3 * p + 1]!, z = xyz[3 * p + 2]!;
    const vx = k00 * x + k01 * y + k02 * z + k03;
    const vy = k10 * x + k11 * y + k12 * z + k13;
    const vz = k20 * x + k21 * y + k22 * z + k23;
    // Points outside the subject's field of view carry no information and are
    // left out (not compared with zeros), so a truncated FOV does not bias the fit.
    if (!(vx >= 0 && vy >= 0 && vz >= 0 && vx <= xmax && vy <= ymax && vz <= zmax)) continue;
    inside++;
    let i0 = Math.floor(vx), j0 = Math.floor(vy), k0 = Math.floor(vz);
    if (i0 >= xmax) i0 = xmax > 0 ? xmax - 1 : 0;
    if (j0 >= ymax) j0 = ymax > 0 ? ymax - 1 : 0;
    if (k0 >= zmax) k0 = zmax > 0 ? zmax - 1 : 0;
    const tx = vx - i0, ty = vy - j0, tz = vz - k0;
    const w000 = (1 - tx) * (1 - ty) * (1 - tz), w100 = tx * (1 - ty) * (1 - tz);
    const w010 = (1 - tx) * ty * (1 - tz), w110 = tx * ty * (1 - tz);
    const w001 = (1 - tx) * (1 - ty) * tz, w101 = tx * (1 - ty) * tz;
    const w011 = (1 - tx) * ty * tz, w111 = tx * ty * tz;
    const b0 = i0 + nx * j0 + sxy * k0, b1 = b0 + di, b2 = b0 + dj, b3 = b2 + di;
    const b4 = b0 + dk, b5 = b4 + di, b6 = b4 + dj, b7 = b6 + di;
    const m = w000 * d[b0]! + w100 * d[b1]! + w010 * d[b2]! + w110 * d[b3]! + w001 * d[b4]! + w101 * d[b5]! + w011 * d[b6]! + w111 * d[b7]!;
    const f = fv[p]!;
    const e = a * m + b - f;
    if (robust) {
      // Tukey biweight (Beaton & Tukey 1974): rho(e) = c^2/6 (1 - (1 - (e/c)^2)^3) for |e| < c, else c^2/6;
      // IRLS weight w = (1 - (e/c)^2)^2, zero beyond c (outlying regions, e.g. a hypoperfused cerebellum).
      const u = e / tukeyC;
      if (u * u >= 1) {
        sse += c2;
      } else {
        const v = 1 - u * u;
        sse += c2 * (1 - v * v * v);
      }
    } else {
      sse += e * e;
    }
    sf += f;
    sff += f * f;
    sm += m;
    smm += m * m;
    sfm += f * m;
  }
  storePassSums(out, np, inside, sse, sf, sff, sm, smm, sfm);
}

/** Least-squares intensity model (a, b) of f ~ a m + b from the sums of the last pass. */
export function fitIntensity(r: PassResult): [number, number] {
  const n = r.n;
  if (!(n > 0)) return [1, 0];
  const varM = r.smm - (r.sm * r.sm) / n;
  if (!(varM > 1e-12 * Math.max(1, r.smm))) return [1, r.sf / n];
  const a = (r.sfm - (r.sf * r.sm) / n) / varM;
  return [a, (r.sf - a * r.sm) / n];
}

/**
 * Robust residual scale: 1.4826 * median |e| over the inside points
 * (the normal-consistent MAD about zero), by quickselect on a scratch copy.
 */
export function residualScale(fx: FixedPoints, mv: MovingImage, K: Float64Array, a: number, b: number): number {
  const nx = mv.dims[0], ny = mv.dims[1], nz = mv.dims[2];
  const buf = new Float64Array(fx.n);
  let n = 0;
  const xyz = fx.xyz;
  for (let p = 0; p < fx.n; p++) {
    const x = xyz[3 * p]!, y = xyz[3 * p + 1]!, z = xyz[3 * p + 2]!;
    const vx = K[0]! * x + K[1]! * y + K[2]! * z + K[3]!;
    const vy = K[4]! * x + K[5]! * y + K[6]! * z + K[7]!;
    const vz = K[8]! * x + K[9]! * y + K[10]! * z + K[11]!;
    if (!(vx >= 0 && vy >= 0 && vz >= 0 && vx <= nx - 1 && vy <= ny - 1 && vz <= nz - 1)) continue;
    buf[n++] = Math.abs(a * trilinearAt(mv.data, nx, ny, nz, vx, vy, vz, 0) + b - fx.f[p]!);
  }
  if (n === 0) return 0;
  return 1.4826 * selectInPlace(buf, 0, n - 1, n >> 1);
}


