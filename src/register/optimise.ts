/**
 * Levenberg-Marquardt (Marquardt 1963) Gauss-Newton optimiser of the
 * intensity-scaled least-squares cost of `metric.ts`, for four nested
 * transformation models (Friston et al. 1995 estimate affine and intensity
 * parameters jointly the same way).
 *
 * Updates are compositional: W <- W o U(theta) with U a small transform about
 * the template centre, parameterised in millimetres so that all parameters have
 * comparable scales: rotations as angle (rad) * RADIUS, log-scales * RADIUS,
 * linear-part increments * RADIUS, translations in mm. The 12 x k Jacobian of
 * the composed matrix entries with respect to theta is taken by central
 * differences of that small matrix function (not per voxel); the per-voxel work
 * is the 14 x 14 normal-equation pass, projected as D^T H D.
 */
import { composeK, costPass, NP, newPassResult, type FixedPoints, type MovingImage, type PassResult } from './metric.js';
import { ACC_SIZE, fullPass, normalEquations } from './normal-equations.js';
import { warmUpPasses } from './warm-up.js';

/** Steps that leave less than this fraction of the template mask inside the subject's FOV are rejected. */
export const MIN_INSIDE = 0.3;

/** Transformation models, nested: rigid (6) < similarity (7) < scales (9) < affine (12). */
export type Model = 'rigid' | 'similarity' | 'scales' | 'affine';

/** Lever arm (mm) turning rotations and log-scales into millimetre-like units. */
export const RADIUS = 70;

export function modelSize(m: Model): number {
  return m === 'rigid' ? 6 : m === 'similarity' ? 7 : m === 'scales' ? 9 : 12;
}

/** Rotation matrix Rz(c) Ry(b) Rx(a) (row-major 3x3, radians) into out[0..8]. */
export function rotationMatrix(a: number, b: number, c: number, out: Float64Array): void {
  const ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b), cc = Math.cos(c), sc = Math.sin(c);
  out[0] = cc * cb; out[1] = cc * sb * sa - sc * ca; out[2] = cc * sb * ca + sc * sa;
  out[3] = sc * cb; out[4] = sc * sb * sa + cc * ca; out[5] = sc * sb * ca - cc * sa;
  out[6] = -sb; out[7] = cb * sa; out[8] = cb * ca;
}

/** U(theta) as 12 entries [L | t] (row-major 3x4). */
function smallTransform(model: Model, th: ArrayLike<number>, out: Float64Array, rot: Float64Array): void {
  if (model === 'affine') {
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) out[4 * r + c] = (r === c ? 1 : 0) + th[3 * r + c]! / RADIUS;
      out[4 * r + 3] = th[9 + r]!;
    }
    return;
  }
  rotationMatrix(th[0]! / RADIUS, th[1]! / RADIUS, th[2]! / RADIUS, rot);
  let s0 = 1, s1 = 1, s2 = 1;
  if (model === 'similarity') s0 = s1 = s2 = Math.exp(th[6]! / RADIUS);
  if (model === 'scales') {
    s0 = Math.exp(th[6]! / RADIUS); s1 = Math.exp(th[7]! / RADIUS); s2 = Math.exp(th[8]! / RADIUS);
  }
  for (let r = 0; r < 3; r++) {
    out[4 * r] = rot[3 * r]! * s0;
    out[4 * r + 1] = rot[3 * r + 1]! * s1;
    out[4 * r + 2] = rot[3 * r + 2]! * s2;
    out[4 * r + 3] = th[3 + r]!;
  }
}

/** out = W o U (both 12-entry [L | t]). */
export function composeW(w: ArrayLike<number>, u: ArrayLike<number>, out: Float64Array): void {
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let s = w[4 * r]! * u[c]! + w[4 * r + 1]! * u[4 + c]! + w[4 * r + 2]! * u[8 + c]!;
      if (c === 3) s += w[4 * r + 3]!;
      out[4 * r + c] = s;
    }
  }
}

/** Scratch buffers of `applyUpdate` (single-threaded, reused, never escape). */
const scratchU = new Float64Array(12), scratchRot = new Float64Array(9);

/** W after an update theta. */
export function applyUpdate(model: Model, w: Float64Array, th: ArrayLike<number>, out: Float64Array): void {
  smallTransform(model, th, scratchU, scratchRot);
  composeW(w, scratchU, out);
}

/** Jacobian (12 x k, row-major) of (W o U(theta)) entries at theta = 0, by central differences. */
function updateJacobian(model: Model, w: Float64Array, D: Float64Array, th: Float64Array, wp: Float64Array, wm: Float64Array): void {
  const k = modelSize(model);
  const h = 1e-3;
  for (let q = 0; q < k; q++) {
    th.fill(0);
    th[q] = h;
    applyUpdate(model, w, th, wp);
    th[q] = -h;
    applyUpdate(model, w, th, wm);
    for (let e = 0; e < 12; e++) D[e * k + q] = (wp[e]! - wm[e]!) / (2 * h);
  }
}

/** Solve the symmetric positive system A x = b (n x n) by Cholesky; false if not positive definite. */
export function solveSpd(A: Float64Array, b: Float64Array, n: number, x: Float64Array, L = new Float64Array(n * n), y = new Float64Array(n)): boolean {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let q = 0; q < j; q++) s -= L[i * n + q]! * L[j * n + q]!;
      if (i === j) {
        if (!(s > 0)) return false;
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j]!;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let q = 0; q < i; q++) s -= L[i * n + q]! * y[q]!;
    y[i] = s / L[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let q = i + 1; q < n; q++) s -= L[q * n + i]! * x[q]!;
    x[i] = s / L[i * n + i]!;
  }
  return true;
}

/** Mutable state of a registration: W (12), intensity model (a, b). */
export interface RegState {
  readonly w: Float64Array;
  a: number;
  b: number;
}

export interface OptimiseOptions {
  readonly maxIterations: number;
  /** Stop when the relative decrease of the cost falls below this. */
  readonly relTol: number;
  /** Stop when the largest parameter step (mm) falls below this. */
  readonly stepTol: number;
  /** Tukey biweight constant on the residuals (Infinity = plain least squares). */
  readonly tukeyC?: number;
}

export interface OptimiseResult {
  readonly iterations: number;
  readonly ncc: number;
  readonly sse: number;
  readonly inside: number;
}

/**
 * Run LM iterations of one model from `state` (updated in place).
 * Bounded by maxIterations and by 10 damping increases per iteration.
 * A trial step costs one cost-only pass (metric.ts `costPass`); the normal
 * equations (normal-equations.ts) are computed only at accepted points from
 * which the optimisation continues.
 */
export function optimise(fx: FixedPoints, mv: MovingImage, model: Model, state: RegState, opt: OptimiseOptions): OptimiseResult {
  warmUpPasses();
  const k = modelSize(model);
  const kk = k + 2;
  const H = new Float64Array(NP * NP), g = new Float64Array(NP);
  const acc = new Float64Array(ACC_SIZE);
  const K = new Float64Array(12);
  const D = new Float64Array(12 * k);
  const th = new Float64Array(k), wp = new Float64Array(12), wm = new Float64Array(12);
  const Hp = new Float64Array(kk * kk), gp = new Float64Array(kk), A = new Float64Array(kk * kk), rhs = new Float64Array(kk);
  const L = new Float64Array(kk * kk), y = new Float64Array(kk);
  const delta = new Float64Array(kk);
  const wTry = new Float64Array(12);
  const tc = opt.tukeyC ?? Infinity;
  const cur: PassResult = newPassResult();
  const tr: PassResult = newPassResult();
  let lambda = 1e-3;
  let it = 0;
  for (; it < opt.maxIterations; it++) {
    // normal equations at the current point (the cost sums come out identical to the accepted trial's)
    composeK(mv.worldToVox, state.w, K);
    fullPass(fx, mv, K, state.a, state.b, tc, acc, cur);
    normalEquations(acc, H, g);
    updateJacobian(model, state.w, D, th, wp, wm);
    project(D, k, H, g, Hp, gp);
    let accepted = false;
    let maxStep = 0;
    for (let tries = 0; tries < 10 && !accepted; tries++) {
      A.set(Hp);
      for (let r = 0; r < kk; r++) {
        A[r * kk + r] = Hp[r * kk + r]! * (1 + lambda) + 1e-12;
        rhs[r] = -gp[r]!;
      }
      if (!solveSpd(A, rhs, kk, delta, L, y)) {
        lambda *= 10;
        continue;
      }
      applyUpdate(model, state.w, delta, wTry);
      const aT = state.a + delta[k]!, bT = state.b + delta[k + 1]!;
      composeK(mv.worldToVox, wTry, K);
      costPass(fx, mv, K, aT, bT, tc, tr);
      // compare mean squared errors: the set of points inside the subject FOV may change
      const mseCur = cur.sse / Math.max(cur.n, 1), mseTry = tr.sse / Math.max(tr.n, 1);
      if (Number.isFinite(mseTry) && mseTry < mseCur && tr.inside >= MIN_INSIDE) {
        accepted = true;
        const rel = (mseCur - mseTry) / Math.max(mseCur, 1e-300);
        state.w.set(wTry);
        state.a = aT;
        state.b = bT;
        Object.assign(cur, tr);
        lambda = Math.max(lambda / 10, 1e-7);
        maxStep = 0;
        for (let q = 0; q < k; q++) maxStep = Math.max(maxStep, Math.abs(delta[q]!));
        if (rel < opt.relTol && maxStep < opt.stepTol * 10) {
          it++;
          return { iterations: it, ncc: cur.ncc, sse: cur.sse, inside: cur.inside };
        }
      } else {
        lambda *= 10;
      }
    }
    if (!accepted || maxStep < opt.stepTol) {
      it++;
      break;
    }
  }
  if (it === 0) {
    // no iteration ran (maxIterations 0): report the starting point
    composeK(mv.worldToVox, state.w, K);
    costPass(fx, mv, K, state.a, state.b, tc, cur);
  }
  return { iterations: it, ncc: cur.ncc, sse: cur.sse, inside: cur.inside };
}

/**
 * Projected normal equations Hp = P^T H P, gp = P^T g: parameters theta (k) then a, b.
 * Full index: 0..11 affine entries, 12 = a, 13 = b. P = [[D, 0], [0, I2]].
 */
function project(D: Float64Array, k: number, H: Float64Array, g: Float64Array, Hp: Float64Array, gp: Float64Array): void {
  const kk = k + 2;
  for (let r = 0; r < kk; r++) {
    let sg = 0;
    for (let e = 0; e < NP; e++) sg += projEntry(D, k, e, r) * g[e]!;
    gp[r] = sg;
    for (let c = r; c < kk; c++) {
      let s = 0;
      for (let e = 0; e < NP; e++) {
        const pe = projEntry(D, k, e, r);
        if (pe === 0) continue;
        for (let f = 0; f < NP; f++) {
          const pf = projEntry(D, k, f, c);
          if (pf !== 0) s += pe * H[e * NP + f]! * pf;
        }
      }
      Hp[r * kk + c] = s;
      Hp[c * kk + r] = s;
    }
  }
}

/** Entry (e, r) of the projection P = [[D, 0], [0, I2]] (14 x (k+2)). */
function projEntry(D: Float64Array, k: number, e: number, r: number): number {
  if (e < 12) return r < k ? D[e * k + r]! : 0;
  return r === k + (e - 12) ? 1 : 0;
}
