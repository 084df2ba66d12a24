/**
 * One pass of the DCT warp's cost over the template points (dct-warp.ts fits the warp with it):
 * the displaced point sampled in the subject, its residual against the template model, the
 * Tukey-weighted cost, the intensity sums and, when asked, the Gauss-Newton normal equations.
 *
 * The template model is f_p, or with a cerebellar gain g (dct-warp.ts, `DctWarpGain`)
 * f_p (1 + (g - 1) S_p), S_p the template's blurred cerebellar membership at the point, and
 * each point's term weighted by w_p. The unknowns are the 3 nb coefficients and, with a gain,
 * g as one more (last) unknown.
 */
import { basisValues, displacementFromBasis, type DctWarp } from './dct-basis.js';

/** Cost, inside points, intensity sums, largest displacement; sef / sss: sums of w e f_p S_p and w (f_p S_p)^2 (the gain's step). */
export interface PassOut {
  cost: number;
  n: number;
  sf: number;
  sff: number;
  sm: number;
  smm: number;
  sfm: number;
  maxU: number;
  sef: number;
  sss: number;
}

/**
 * Scratch buffers of `pass` (sum of orders, nb, 3 nb + 1, 3, 4) and the basis values of the pass's
 * points, allocated once per fit (one scratch per fit: dct-warp.ts). The points and the basis box
 * stay fixed during a fit while the coefficients change, so B_b(x_p) is computed on the first pass
 * (nb per `stride`-th point, in `basis`) and read by the later ones: the same numbers, without the
 * cosines. An empty `basis` (a fit too large for the cache, BASIS_CACHE_MAX) computes them per pass.
 */
export interface PassScratch {
  ax: Float64Array;
  bv: Float64Array;
  /** nb values per pass point (ceil(nPoints / stride) points), or empty: no cache. */
  basis: Float64Array;
  /** What `basis` holds the values of (null before the first pass). */
  basisOf: { readonly origin: readonly number[]; readonly xyz: Float64Array; readonly stride: number; readonly nPoints: number } | null;
  J: Float64Array;
  u: Float64Array;
  s: Float64Array;
}

/** Largest basis cache, values (16 MiB; the default fit needs about 50 000). */
export const BASIS_CACHE_MAX = 1 << 21;

/** The basis cache of a fit with these points, stride and order (empty beyond BASIS_CACHE_MAX). */
export function basisCache(nPoints: number, stride: number, nb: number): Float64Array {
  const len = Math.ceil(nPoints / stride) * nb;
  return new Float64Array(len <= BASIS_CACHE_MAX ? len : 0);
}

/** The gain model at the points: membership S_p and cost weight w_p (length n each); `gain` is g. */
export interface PointGain {
  readonly membership: Float64Array;
  readonly weight: Float64Array;
  gain: number;
}

/** Intensity model and robust weighting of a pass: residual e = a m + b - f_p(g), Tukey constant (Infinity: squares). */
export interface PassModel {
  readonly a: number;
  readonly b: number;
  readonly tukeyC: number;
  readonly gain: PointGain | null;
}

/**
 * Trilinear value and gradient of the moving image at voxel (vx, vy, vz) (inside the grid) into
 * out[0..3] = m, dM/di, dM/dj, dM/dk.
 */
function sampleWithGradient(
  mg: Float32Array,
  dims: readonly [number, number, number],
  vx: number,
  vy: number,
  vz: number,
  out: Float64Array,
): void {
  const [nx, ny, nz] = dims;
  const sxy = nx * ny;
  const xmax = nx - 1,
    ymax = ny - 1,
    zmax = nz - 1;
  let i0 = Math.floor(vx),
    j0 = Math.floor(vy),
    k0 = Math.floor(vz);
  if (i0 >= xmax) i0 = xmax > 0 ? xmax - 1 : 0;
  if (j0 >= ymax) j0 = ymax > 0 ? ymax - 1 : 0;
  if (k0 >= zmax) k0 = zmax > 0 ? zmax - 1 : 0;
  const tx = vx - i0,
    ty = vy - j0,
    tz = vz - k0;
  const di = xmax > 0 ? 4 : 0,
    dj = ymax > 0 ? 4 * nx : 0,
    dk = zmax > 0 ? 4 * sxy : 0;
  const base = 4 * (i0 + nx * j0 + sxy * k0);
  let m = 0,
    gi = 0,
    gj = 0,
    gk = 0;
  for (let corner = 0; corner < 8; corner++) {
    const cx = corner & 1,
      cy = (corner >> 1) & 1,
      cz = corner >> 2;
    const wt = (cx ? tx : 1 - tx) * (cy ? ty : 1 - ty) * (cz ? tz : 1 - tz);
    const off = base + (cx ? di : 0) + (cy ? dj : 0) + (cz ? dk : 0);
    m += wt * mg[off]!;
    gi += wt * mg[off + 1]!;
    gj += wt * mg[off + 2]!;
    gk += wt * mg[off + 3]!;
  }
  out[0] = m;
  out[1] = gi;
  out[2] = gj;
  out[3] = gk;
}

/**
 * Add one point to the normal equations (upper triangle of H, np unknowns): the Jacobian row
 * J = (g0 B, g1 B, g2 B[, dg]) with B the basis values `bv`, weight `wgt`, residual `e`.
 */
function addPoint(
  H: Float64Array | null,
  g: Float64Array,
  J: Float64Array,
  bv: Float64Array,
  bo: number,
  nb: number,
  np: number,
  smp: Float64Array,
  K: Float64Array,
  a: number,
  dg: number,
  wgt: number,
  e: number,
): void {
  // d e / d X_d = a * sum_r grad_r K[r][d] (smp = m and its voxel gradient); d e / d g = dg = -f_p S_p
  const gi = smp[1]!,
    gj = smp[2]!,
    gk = smp[3]!;
  const g0 = a * (gi * K[0]! + gj * K[4]! + gk * K[8]!);
  const g1 = a * (gi * K[1]! + gj * K[5]! + gk * K[9]!);
  const g2 = a * (gi * K[2]! + gj * K[6]! + gk * K[10]!);
  for (let q = 0; q < nb; q++) {
    const v = bv[bo + q]!;
    J[q] = g0 * v;
    J[nb + q] = g1 * v;
    J[2 * nb + q] = g2 * v;
  }
  if (np > 3 * nb) J[3 * nb] = dg;
  const we = wgt * e;
  if (H === null) {
    for (let r = 0; r < np; r++) g[r] = g[r]! + J[r]! * we;
    return;
  }
  for (let r = 0; r < np; r++) {
    const jr = J[r]! * wgt;
    g[r] = g[r]! + J[r]! * we;
    const row = r * np;
    for (let s = r; s < np; s++) H[row + s] = H[row + s]! + jr * J[s]!;
  }
}

/**
 * One pass over every `stride`-th point: data cost (Tukey rho or half squares, times the point
 * weights), intensity sums of the unit-weight points and, when H/g are given, the normal equations
 * of the np unknowns (upper triangle of H).
 */
export function pass(
  xyz: Float64Array,
  f: Float64Array,
  nPoints: number,
  mg: Float32Array,
  dims: readonly [number, number, number],
  K: Float64Array,
  w: DctWarp,
  model: PassModel,
  H: Float64Array | null,
  g: Float64Array | null,
  stride: number,
  scratch: PassScratch,
  out: PassOut,
): void {
  const [nx, ny, nz] = dims;
  const nb = w.order[0] * w.order[1] * w.order[2];
  const { J, u, s: smp } = scratch;
  const cached = pointBasis(xyz, nPoints, w, stride, nb, scratch);
  const bv = cached ? scratch.basis : scratch.bv;
  const { a, b, tukeyC, gain } = model;
  const np = gain ? 3 * nb + 1 : 3 * nb;
  const S = gain ? gain.membership : null,
    W = gain ? gain.weight : null;
  const gm1 = gain ? gain.gain - 1 : 0;
  const robust = tukeyC < Infinity;
  const c2 = (tukeyC * tukeyC) / 6;
  let cost = 0,
    n = 0,
    sf = 0,
    sff = 0,
    sm = 0,
    smm = 0,
    sfm = 0,
    maxU = 0,
    sef = 0,
    sss = 0;
  for (let p = 0, t = 0; p < nPoints; p += stride, t++) {
    const bo = cached ? t * nb : 0;
    if (!cached) basisValues(w, xyz[3 * p]!, xyz[3 * p + 1]!, xyz[3 * p + 2]!, scratch.ax, bv, 0);
    displacementFromBasis(w, bv, bo, u);
    const du = Math.sqrt(u[0]! * u[0]! + u[1]! * u[1]! + u[2]! * u[2]!);
    if (du > maxU) maxU = du;
    const X = xyz[3 * p]! + u[0]!;
    const Y = xyz[3 * p + 1]! + u[1]!;
    const Z = xyz[3 * p + 2]! + u[2]!;
    const vx = K[0]! * X + K[1]! * Y + K[2]! * Z + K[3]!;
    const vy = K[4]! * X + K[5]! * Y + K[6]! * Z + K[7]!;
    const vz = K[8]! * X + K[9]! * Y + K[10]! * Z + K[11]!;
    if (!(vx >= 0 && vy >= 0 && vz >= 0 && vx <= nx - 1 && vy <= ny - 1 && vz <= nz - 1)) continue;
    sampleWithGradient(mg, dims, vx, vy, vz, smp);
    const m = smp[0]!;
    const fs = S === null ? 0 : f[p]! * S[p]!;
    const fp = f[p]! + gm1 * fs;
    const pw = W === null ? 1 : W[p]!;
    const e = a * m + b - fp;
    // Tukey biweight: rho = c^2/6 (1 - v^3), weight v^2, v = 1 - (e/c)^2 (0 beyond c); or half squares
    const uu = (e / tukeyC) ** 2;
    const v = uu >= 1 ? 0 : 1 - uu;
    cost += robust ? pw * c2 * (1 - v * v * v) : 0.5 * pw * e * e;
    const wgt = robust ? pw * v * v : pw;
    n++;
    sef += wgt * e * fs;
    sss += wgt * fs * fs;
    if (pw === 1) {
      sf += fp;
      sff += fp * fp;
      sm += m;
      smm += m * m;
      sfm += fp * m;
    }
    if (g !== null && wgt !== 0) addPoint(H, g, J, bv, bo, nb, np, smp, K, a, -fs, wgt, e);
  }
  Object.assign(out, { cost, n, sf, sff, sm, smm, sfm, maxU, sef, sss });
}

/**
 * Fill the basis cache for these points, box and stride unless it holds them already; false when the
 * fit has no cache (empty `basis`).
 */
function pointBasis(xyz: Float64Array, nPoints: number, w: DctWarp, stride: number, nb: number, scratch: PassScratch): boolean {
  const bv = scratch.basis;
  if (bv.length === 0) return false;
  const k = scratch.basisOf;
  if (k !== null && k.origin === w.origin && k.xyz === xyz && k.stride === stride && k.nPoints === nPoints) return true;
  if (bv.length < Math.ceil(nPoints / stride) * nb) throw new RangeError('pass: basis scratch too small');
  for (let p = 0, bo = 0; p < nPoints; p += stride, bo += nb) {
    basisValues(w, xyz[3 * p]!, xyz[3 * p + 1]!, xyz[3 * p + 2]!, scratch.ax, bv, bo);
  }
  scratch.basisOf = { origin: w.origin, xyz, stride, nPoints };
  return true;
}
