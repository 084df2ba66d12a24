/**
 * A regularised low-order nonlinear step after the affine fit: a displacement
 * field u(x) = sum_b c_b B_b(x) in a separable discrete-cosine basis over a box
 * of template space, as in SPM's classic spatial normalisation (Ashburner &
 * Friston, Hum Brain Mapp 1999;7:254-266), fitted by the same intensity-scaled
 * least-squares cost as the affine step (Tukey-weighted, over the same template
 * points, so an excluded region such as the cerebellum and its margin does not
 * pull the warp) plus lambda times the bending energy of u.
 *
 * The model for a fixed point x (centred template mm): q = W (x + u(x)), with W
 * the affine [L | t] of the registration. Gauss-Newton / Levenberg-Marquardt on
 * the 3 x nb coefficients; the intensity model (a, b) is refitted in closed form
 * each iteration. Loops over typed arrays, Float64 accumulators, no allocation
 * inside the point loop.
 */
import { composeK, fitIntensity, newPassResult, type FixedPoints, type MovingImage } from './metric.js';
import { bendingDiagonal, choleskySolve } from './dct-solve.js';

export interface DctWarp {
  /** Basis functions per axis (cosines of order 0 .. n-1). */
  readonly order: readonly [number, number, number];
  /** Box of the basis in centred template mm: origin and length per axis (outside it the field is constant). */
  readonly origin: readonly [number, number, number];
  readonly length: readonly [number, number, number];
  /** Coefficients (mm), component-major: coef[d * nb + b], b = i + oi (j + oj k). */
  readonly coef: Float64Array;
}

/** Defaults: the settings measured in docs/registration.md ("Options measured, not adopted"). */
export interface DctWarpOptions {
  /** Cosines per axis (default 3: 27 basis functions, 81 coefficients). */
  readonly order?: number;
  /** Weight of the bending energy (scaled by 1e8 mm^4 in the basis normalisation; default 2). */
  readonly lambda?: number;
  /** Largest number of Levenberg-Marquardt iterations (default 4). */
  readonly iterations?: number;
  /** Tukey constant on the residuals (Infinity: plain least squares). */
  readonly tukeyC?: number;
  /** Use every stride-th fixed point (default 16); the data term is scaled so that lambda keeps its meaning. */
  readonly stride?: number;
}

export interface DctWarpFit {
  readonly warp: DctWarp;
  readonly ncc: number;
  readonly iterations: number;
  /** Largest displacement at the fixed points (mm). */
  readonly maxDisplacementMm: number;
}

/** Per-axis cosine values at x into out[off .. off + n - 1]. */
function axisBasis(x: number, x0: number, len: number, n: number, out: Float64Array, off: number): void {
  let t = (x - x0) / len;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  for (let i = 0; i < n; i++) out[off + i] = Math.cos(Math.PI * i * t);
}

/** Tensor basis values (nb) from the per-axis values. */
function tensor(ax: Float64Array, o: readonly [number, number, number], out: Float64Array): void {
  const [ox, oy, oz] = o;
  let b = 0;
  for (let k = 0; k < oz; k++) {
    const zk = ax[ox + oy + k]!;
    for (let j = 0; j < oy; j++) {
      const yz = ax[ox + j]! * zk;
      for (let i = 0; i < ox; i++) out[b++] = ax[i]! * yz;
    }
  }
}

/** Displacement u(x) (centred mm) into out[0..2]; `ax` and `bv` are scratch (sum of orders, nb). */
export function displacement(w: DctWarp, x: number, y: number, z: number, ax: Float64Array, bv: Float64Array, out: Float64Array): void {
  const o = w.order;
  axisBasis(x, w.origin[0], w.length[0], o[0], ax, 0);
  axisBasis(y, w.origin[1], w.length[1], o[1], ax, o[0]);
  axisBasis(z, w.origin[2], w.length[2], o[2], ax, o[0] + o[1]);
  tensor(ax, o, bv);
  const nb = o[0] * o[1] * o[2];
  const c = w.coef;
  let u0 = 0, u1 = 0, u2 = 0;
  for (let b = 0; b < nb; b++) {
    const v = bv[b]!;
    u0 += c[b]! * v;
    u1 += c[nb + b]! * v;
    u2 += c[2 * nb + b]! * v;
  }
  out[0] = u0;
  out[1] = u1;
  out[2] = u2;
}

interface PassOut { cost: number; n: number; sf: number; sff: number; sm: number; smm: number; sfm: number; maxU: number }

/** Scratch buffers of `pass` (sum of orders, nb, 3 nb, 3, 4), allocated once per fit. */
interface PassScratch { ax: Float64Array; bv: Float64Array; J: Float64Array; u: Float64Array; s: Float64Array }

/**
 * Trilinear value and gradient of the moving image at voxel (vx, vy, vz) (inside the grid) into
 * out[0..3] = m, dM/di, dM/dj, dM/dk.
 */
function sampleWithGradient(mv: MovingImage, vx: number, vy: number, vz: number, out: Float64Array): void {
  const [nx, ny, nz] = mv.dims;
  const sxy = nx * ny;
  const mg = mv.mg;
  const xmax = nx - 1, ymax = ny - 1, zmax = nz - 1;
  let i0 = Math.floor(vx), j0 = Math.floor(vy), k0 = Math.floor(vz);
  if (i0 >= xmax) i0 = xmax > 0 ? xmax - 1 : 0;
  if (j0 >= ymax) j0 = ymax > 0 ? ymax - 1 : 0;
  if (k0 >= zmax) k0 = zmax > 0 ? zmax - 1 : 0;
  const tx = vx - i0, ty = vy - j0, tz = vz - k0;
  const di = xmax > 0 ? 4 : 0, dj = ymax > 0 ? 4 * nx : 0, dk = zmax > 0 ? 4 * sxy : 0;
  const base = 4 * (i0 + nx * j0 + sxy * k0);
  let m = 0, gi = 0, gj = 0, gk = 0;
  for (let corner = 0; corner < 8; corner++) {
    const cx = corner & 1, cy = (corner >> 1) & 1, cz = corner >> 2;
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
 * Add one point to the normal equations of the 3 nb coefficients (upper triangle of H): the Jacobian
 * row J = (g0 B, g1 B, g2 B) with B the basis values `bv`, weight `wgt`, residual `e`.
 */
function addPoint(
  H: Float64Array, g: Float64Array, J: Float64Array, bv: Float64Array, nb: number,
  g0: number, g1: number, g2: number, wgt: number, e: number,
): void {
  const np3 = 3 * nb;
  for (let q = 0; q < nb; q++) {
    const v = bv[q]!;
    J[q] = g0 * v;
    J[nb + q] = g1 * v;
    J[2 * nb + q] = g2 * v;
  }
  const we = wgt * e;
  for (let r = 0; r < np3; r++) {
    const jr = J[r]! * wgt;
    g[r] = g[r]! + J[r]! * we;
    const row = r * np3;
    for (let s = r; s < np3; s++) H[row + s] = H[row + s]! + jr * J[s]!;
  }
}

/**
 * One pass over the points: data cost (Tukey rho or squares), intensity sums and, when H/g are given,
 * the normal equations of the 3 nb warp coefficients (upper triangle of H filled, then mirrored).
 */
function pass(
  fx: FixedPoints, mv: MovingImage, K: Float64Array, w: DctWarp, a: number, b: number, tukeyC: number,
  H: Float64Array | null, g: Float64Array | null, stride: number, scratch: PassScratch, out: PassOut,
): void {
  const [nx, ny, nz] = mv.dims;
  const o = w.order;
  const nb = o[0] * o[1] * o[2];
  const { ax, bv, J, u, s: smp } = scratch;
  const robust = tukeyC < Infinity;
  const c2 = (tukeyC * tukeyC) / 6;
  const xmax = nx - 1, ymax = ny - 1, zmax = nz - 1;
  let cost = 0, n = 0, sf = 0, sff = 0, sm = 0, smm = 0, sfm = 0, maxU = 0;
  const xyz = fx.xyz;
  for (let p = 0; p < fx.n; p += stride) {
    const x = xyz[3 * p]!, y = xyz[3 * p + 1]!, z = xyz[3 * p + 2]!;
    displacement(w, x, y, z, ax, bv, u);
    const u0 = u[0]!, u1 = u[1]!, u2 = u[2]!;
    const du = Math.sqrt(u0 * u0 + u1 * u1 + u2 * u2);
    if (du > maxU) maxU = du;
    const X = x + u0, Y = y + u1, Z = z + u2;
    const vx = K[0]! * X + K[1]! * Y + K[2]! * Z + K[3]!;
    const vy = K[4]! * X + K[5]! * Y + K[6]! * Z + K[7]!;
    const vz = K[8]! * X + K[9]! * Y + K[10]! * Z + K[11]!;
    if (!(vx >= 0 && vy >= 0 && vz >= 0 && vx <= xmax && vy <= ymax && vz <= zmax)) continue;
    sampleWithGradient(mv, vx, vy, vz, smp);
    const m = smp[0]!;
    const f = fx.f[p]!;
    const e = a * m + b - f;
    let wgt = 1;
    if (robust) {
      const uu = (e / tukeyC) ** 2;
      if (uu >= 1) {
        cost += c2;
        wgt = 0;
      } else {
        const v = 1 - uu;
        cost += c2 * (1 - v * v * v);
        wgt = v * v;
      }
    } else {
      cost += 0.5 * e * e;
    }
    n++;
    sf += f; sff += f * f; sm += m; smm += m * m; sfm += f * m;
    if (H === null || g === null || wgt === 0) continue;
    // d e / d X_d = a * sum_r grad_r K[r][d]
    const gi = smp[1]!, gj = smp[2]!, gk = smp[3]!;
    const g0 = a * (gi * K[0]! + gj * K[4]! + gk * K[8]!);
    const g1 = a * (gi * K[1]! + gj * K[5]! + gk * K[9]!);
    const g2 = a * (gi * K[2]! + gj * K[6]! + gk * K[10]!);
    addPoint(H, g, J, bv, nb, g0, g1, g2, wgt, e);
  }
  out.cost = cost; out.n = n; out.sf = sf; out.sff = sff; out.sm = sm; out.smm = smm; out.sfm = sfm; out.maxU = maxU;
}

function nccOf(o: PassOut): number {
  const vf = o.sff - (o.sf * o.sf) / o.n, vm = o.smm - (o.sm * o.sm) / o.n;
  return vf > 0 && vm > 0 ? (o.sfm - (o.sf * o.sm) / o.n) / Math.sqrt(vf * vm) : 0;
}

/**
 * Fit the DCT warp after the affine `w` (12 entries [L | t], centred template mm -> subject mm).
 * The box is the bounding box of the fixed points grown by 10 mm.
 */
export function fitDctWarp(fx: FixedPoints, mv: MovingImage, w: Float64Array, options: DctWarpOptions = {}): DctWarpFit {
  const ord = options.order ?? 3;
  const lambda = options.lambda ?? 2;
  const maxIt = options.iterations ?? 4;
  const tukeyC = options.tukeyC ?? Infinity;
  const stride = Math.max(1, Math.floor(options.stride ?? 16));
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let p = 0; p < fx.n; p++) {
    for (let d = 0; d < 3; d++) {
      const v = fx.xyz[3 * p + d]!;
      if (v < lo[d]!) lo[d] = v;
      if (v > hi[d]!) hi[d] = v;
    }
  }
  const origin: [number, number, number] = [lo[0]! - 10, lo[1]! - 10, lo[2]! - 10];
  const length: [number, number, number] = [hi[0]! - lo[0]! + 20, hi[1]! - lo[1]! + 20, hi[2]! - lo[2]! + 20];
  const order: [number, number, number] = [ord, ord, ord];
  const nb = ord * ord * ord, np3 = 3 * nb;
  let warp: DctWarp = { order, origin, length, coef: new Float64Array(np3) };
  const R = bendingDiagonal(order, length);
  const K = new Float64Array(12);
  composeK(mv.worldToVox, w, K);
  const scratch: PassScratch = {
    ax: new Float64Array(3 * ord), bv: new Float64Array(nb), J: new Float64Array(np3), u: new Float64Array(3), s: new Float64Array(4),
  };
  const H = new Float64Array(np3 * np3), g = new Float64Array(np3), A = new Float64Array(np3 * np3), step = new Float64Array(np3);
  // two coefficient buffers, swapped on acceptance (no allocation in the iterations)
  let trial: Float64Array = new Float64Array(np3);
  const po: PassOut = { cost: 0, n: 0, sf: 0, sff: 0, sm: 0, smm: 0, sfm: 0, maxU: 0 };
  const sums = newPassResult();
  // intensity model at the affine solution
  pass(fx, mv, K, warp, 1, 0, Infinity, null, null, stride, scratch, po);
  Object.assign(sums, po);
  // the intensity model stays that of the affine solution, so the LM cost is one function of the coefficients
  const [a, b] = fitIntensity(sums);
  const energy = (coef: Float64Array, data: number, s2: number) => {
    let e = 0;
    for (let d = 0; d < 3; d++) for (let q = 0; q < nb; q++) e += R[q]! * coef[d * nb + q]! ** 2;
    return data / s2 + 0.5 * lambda * e;
  };
  pass(fx, mv, K, warp, a, b, tukeyC, null, null, stride, scratch, po);
  // residual variance fixed at the affine solution (so that lambda has one meaning per study)
  // divided by the stride: the data term estimates the sum over all the points, so lambda means the same at any stride
  const s2 = Math.max(1e-12, po.cost / Math.max(1, po.n)) / stride;
  let E = energy(warp.coef, po.cost, s2);
  let mu = 1e-3;
  let it = 0;
  for (; it < maxIt; it++) {
    H.fill(0); g.fill(0);
    pass(fx, mv, K, warp, a, b, tukeyC, H, g, stride, scratch, po);
    let improved = false;
    for (let tries = 0; tries < 4 && !improved; tries++) {
      for (let r = 0; r < np3; r++) {
        for (let s = r; s < np3; s++) A[r * np3 + s] = A[s * np3 + r] = H[r * np3 + s]! / s2;
        const q = r % nb;
        A[r * np3 + r] = A[r * np3 + r]! * (1 + mu) + lambda * R[q]! + 1e-6;
        step[r] = -(g[r]! / s2 + lambda * R[q]! * warp.coef[r]!);
      }
      if (!choleskySolve(A, step, np3)) { mu *= 10; continue; }
      for (let r = 0; r < np3; r++) trial[r] = warp.coef[r]! + step[r]!;
      const tw: DctWarp = { order, origin, length, coef: trial };
      pass(fx, mv, K, tw, a, b, tukeyC, null, null, stride, scratch, po);
      const Et = energy(trial, po.cost, s2);
      if (Et < E && po.n > 0) {
        trial = warp.coef;
        warp = tw;
        E = Et;
        mu = Math.max(1e-6, mu / 10);
        improved = true;
      } else {
        mu *= 10;
      }
    }
    if (!improved) break;
  }
  pass(fx, mv, K, warp, a, b, Infinity, null, null, stride, scratch, po);
  return { warp, ncc: nccOf(po), iterations: it, maxDisplacementMm: po.maxU };
}
