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
 * the 3 x nb coefficients; the intensity model (a, b) is that of the affine
 * solution. Loops over typed arrays, Float64 accumulators, no allocation inside
 * the point loop (dct-pass.ts).
 *
 * With a cerebellar gain (`DctWarpGain`) the excluded region is not left out but
 * down-weighted, and the template's cerebellum is given a fitted intensity: the
 * template model at a point is f (1 + (g - 1) S), S the template's cerebellar
 * membership blurred to its resolution, and g one more unknown of the same
 * Gauss-Newton fit. A cold or atrophic cerebellum then shapes the posterior
 * fossa's fit with its own contrast instead of being matched to a normal one.
 */
import { composeK, fitIntensity, newPassResult, type FixedPoints, type MovingImage } from './metric.js';
import { bendingDiagonal, choleskySolve } from './dct-solve.js';
import type { DctWarp } from './dct-basis.js';
import { basisCache, pass, type PassModel, type PassOut, type PassScratch, type PointGain } from './dct-pass.js';

export { displacement, type DctWarp } from './dct-basis.js';

/** Tukey biweight constant in units of the residual scale (95 % efficiency, Holland & Welsch 1977). */
const TUKEY_K = 4.685;
/** Range the cerebellar gain is kept in (the template's cerebellum from absent to three times as warm). */
const GAIN_MIN = 0.02, GAIN_MAX = 3;

/**
 * The cerebellar gain of the warp's template model, per fixed point: `membership` S in [0, 1]
 * (the cerebellum blurred to the template's resolution) and `weight` w (1, or the lower weight of
 * the points of the region otherwise excluded from the cost). The fit's own Tukey constant is
 * TUKEY_K times the weighted RMS residual at the affine solution (when `tukeyC` is finite).
 */
export interface DctWarpGain {
  readonly membership: Float64Array;
  readonly weight: Float64Array;
}

/** Defaults: the settings measured in docs/registration.md. */
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
  /** A cerebellar gain in the template model (arrays of the fixed points' length). */
  readonly gain?: DctWarpGain;
}

export interface DctWarpFit {
  readonly warp: DctWarp;
  readonly ncc: number;
  readonly iterations: number;
  /** Largest displacement at the fixed points (mm). */
  readonly maxDisplacementMm: number;
  /** The fitted cerebellar gain g (null without `gain`). */
  readonly gain: number | null;
}

function nccOf(o: PassOut): number {
  const vf = o.sff - (o.sf * o.sf) / o.n, vm = o.smm - (o.sm * o.sm) / o.n;
  return vf > 0 && vm > 0 ? (o.sfm - (o.sf * o.sm) / o.n) / Math.sqrt(vf * vm) : 0;
}

function clampGain(g: number): number {
  return g < GAIN_MIN ? GAIN_MIN : g > GAIN_MAX ? GAIN_MAX : g;
}

/** The box of the basis: the bounding box of the fixed points grown by 10 mm. */
function basisBox(fx: FixedPoints): { origin: [number, number, number]; length: [number, number, number] } {
  const lo = [Infinity, Infinity, Infinity], hi = [-Infinity, -Infinity, -Infinity];
  for (let p = 0; p < fx.n; p++) {
    for (let d = 0; d < 3; d++) {
      const v = fx.xyz[3 * p + d]!;
      if (v < lo[d]!) lo[d] = v;
      if (v > hi[d]!) hi[d] = v;
    }
  }
  return {
    origin: [lo[0]! - 10, lo[1]! - 10, lo[2]! - 10],
    length: [hi[0]! - lo[0]! + 20, hi[1]! - lo[1]! + 20, hi[2]! - lo[2]! + 20],
  };
}

/** The fit's fixed inputs: points, image, composed affine, basis, penalty and scratch. */
interface FitContext {
  readonly fx: FixedPoints; readonly mv: MovingImage; readonly K: Float64Array; readonly stride: number;
  readonly nb: number; readonly np: number; readonly R: Float64Array; readonly lambda: number;
  readonly scratch: PassScratch; readonly po: PassOut;
}

function run(c: FitContext, w: DctWarp, model: PassModel, H: Float64Array | null, g: Float64Array | null): PassOut {
  pass(c.fx.xyz, c.fx.f, c.fx.n, c.mv.mg, c.mv.dims, c.K, w, model, H, g, c.stride, c.scratch, c.po);
  return c.po;
}

/**
 * The intensity model (a, b) at the affine solution, then with a gain its closed-form first value
 * and the fit's own Tukey constant; returns the model of the iterations.
 */
function startModel(c: FitContext, w: DctWarp, tukeyC: number, gainIn: DctWarpGain | undefined): PassModel {
  const gain: PointGain | null = gainIn ? { membership: gainIn.membership, weight: gainIn.weight, gain: 1 } : null;
  const sums = newPassResult();
  Object.assign(sums, run(c, w, { a: 1, b: 0, tukeyC: Infinity, gain }, null, null));
  const [a, b] = fitIntensity(sums);
  if (!gain) return { a, b, tukeyC, gain };
  const po = run(c, w, { a, b, tukeyC: Infinity, gain }, null, null);
  if (po.sss > 0) gain.gain = clampGain(1 + po.sef / po.sss);
  const p2 = run(c, w, { a, b, tukeyC: Infinity, gain }, null, null);
  const own = TUKEY_K * Math.sqrt((2 * p2.cost) / Math.max(1, p2.n));
  return { a, b, tukeyC: tukeyC < Infinity && own > 0 ? own : Infinity, gain };
}

/** Levenberg-Marquardt step of the np unknowns (the last one the gain, unpenalised) into `step`; false when not SPD. */
function solveStep(
  c: FitContext, H: Float64Array, g: Float64Array, coef: Float64Array, s2: number, mu: number, A: Float64Array, step: Float64Array,
): boolean {
  const { np, nb, R, lambda } = c;
  for (let r = 0; r < np; r++) {
    for (let s = r; s < np; s++) A[r * np + s] = A[s * np + r] = H[r * np + s]! / s2;
    const pen = r < 3 * nb ? lambda * R[r % nb]! : 0;
    A[r * np + r] = A[r * np + r]! * (1 + mu) + pen + 1e-6;
    step[r] = -(g[r]! / s2 + (r < 3 * nb ? pen * coef[r]! : 0));
  }
  return choleskySolve(A, step, np);
}

/**
 * Fit the DCT warp after the affine `w` (12 entries [L | t], centred template mm -> subject mm).
 * The box is the bounding box of the fixed points grown by 10 mm.
 */
export function fitDctWarp(fx: FixedPoints, mv: MovingImage, w: Float64Array, options: DctWarpOptions = {}): DctWarpFit {
  const ord = options.order ?? 3;
  const lambda = options.lambda ?? 2;
  const maxIt = options.iterations ?? 4;
  const stride = Math.max(1, Math.floor(options.stride ?? 16));
  const order: [number, number, number] = [ord, ord, ord];
  const { origin, length } = basisBox(fx);
  const nb = ord * ord * ord, np = 3 * nb + (options.gain ? 1 : 0);
  let warp: DctWarp = { order, origin, length, coef: new Float64Array(3 * nb) };
  const K = new Float64Array(12);
  composeK(mv.worldToVox, w, K);
  const c: FitContext = {
    fx, mv, K, stride, nb, np, R: bendingDiagonal(order, length), lambda,
    scratch: {
      ax: new Float64Array(3 * ord), bv: new Float64Array(nb), basis: basisCache(fx.n, stride, nb), basisOf: null,
      J: new Float64Array(np), u: new Float64Array(3), s: new Float64Array(4),
    },
    po: { cost: 0, n: 0, sf: 0, sff: 0, sm: 0, smm: 0, sfm: 0, maxU: 0, sef: 0, sss: 0 },
  };
  const H = new Float64Array(np * np), g = new Float64Array(np), A = new Float64Array(np * np), step = new Float64Array(np);
  // two coefficient buffers, swapped on acceptance (no allocation in the iterations)
  let trial: Float64Array = new Float64Array(3 * nb);
  const model = startModel(c, warp, options.tukeyC ?? Infinity, options.gain);
  const gain = model.gain;
  const energy = (coef: Float64Array, data: number, s2: number) => {
    let e = 0;
    for (let d = 0; d < 3; d++) for (let q = 0; q < nb; q++) e += c.R[q]! * coef[d * nb + q]! ** 2;
    return data / s2 + 0.5 * lambda * e;
  };
  // residual variance fixed at the affine solution (so that lambda has one meaning per study)
  // divided by the stride: the data term estimates the sum over all the points, so lambda means the same at any stride
  const p0 = run(c, warp, model, null, null);
  const s2 = Math.max(1e-12, p0.cost / Math.max(1, p0.n)) / stride;
  let E = energy(warp.coef, p0.cost, s2);
  let mu = 1e-3;
  let it = 0;
  for (; it < maxIt; it++) {
    // Gauss-Newton matrix of the first iteration kept for the later ones (the chord method; the
    // gradient is recomputed each time, so the minimum is the same, and the damping mu absorbs the
    // change of curvature): one pass with H instead of one per iteration
    g.fill(0);
    if (it === 0) H.fill(0);
    run(c, warp, model, it === 0 ? H : null, g);
    const g0 = gain ? gain.gain : 1;
    let improved = false;
    for (let tries = 0; tries < 4 && !improved; tries++) {
      if (!solveStep(c, H, g, warp.coef, s2, mu, A, step)) { mu *= 10; continue; }
      for (let r = 0; r < 3 * nb; r++) trial[r] = warp.coef[r]! + step[r]!;
      if (gain) gain.gain = clampGain(g0 + step[3 * nb]!);
      const tw: DctWarp = { order, origin, length, coef: trial };
      const pt = run(c, tw, model, null, null);
      const Et = energy(trial, pt.cost, s2);
      if (Et < E && pt.n > 0) {
        trial = warp.coef;
        warp = tw;
        E = Et;
        mu = Math.max(1e-6, mu / 10);
        improved = true;
      } else {
        mu *= 10;
        if (gain) gain.gain = g0;
      }
    }
    if (!improved) break;
  }
  const fin = run(c, warp, { ...model, tukeyC: Infinity }, null, null);
  return { warp, ncc: nccOf(fin), iterations: it, maxDisplacementMm: fin.maxU, gain: gain ? gain.gain : null };
}
