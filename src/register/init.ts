/**
 * Initialisation: translation from the centres of mass, isotropic scale from the
 * second moments, then a coarse grid search over the three rotation angles at
 * the coarsest pyramid level, keeping the best few candidates for refinement
 * (the multi-start strategy of FLIRT, Jenkinson & Smith 2001). Principal axes
 * are not used for the rotation: for a near-ellipsoidal head their signs and,
 * with nearly equal eigenvalues, their order are ambiguous; the grid search is not.
 */
import { det3 } from './intensity.js';
import { composeK, costPass, newPassResult, type FixedPoints, type MovingImage } from './metric.js';
import { rotationMatrix } from './optimise.js';
import type { Moments } from './intensity.js';

export interface Candidate {
  readonly w: Float64Array;
  readonly ncc: number;
}

/** Isotropic subject/template size ratio from the determinants of the second moments, clamped to [0.6, 1.5]. */
export function momentScale(subject: Moments, template: Moments): number {
  const ds = det3(subject.cov), dt = det3(template.cov);
  if (!(ds > 0 && dt > 0)) return 1;
  const s = Math.pow(ds / dt, 1 / 6);
  return Math.min(1.5, Math.max(0.6, s));
}

/** Poses are first ranked on every PREFILTER_STEP-th fixed point ... */
export const PREFILTER_STEP = 4;
/** ... and the best max(PREFILTER_KEEP, 4 x keep) of them re-scored on all points. */
export const PREFILTER_KEEP = 12;

const thinned = new WeakMap<FixedPoints, FixedPoints>();

/** Every `step`-th point of `fx` (cached per object). */
function thin(fx: FixedPoints, step: number): FixedPoints {
  const hit = thinned.get(fx);
  if (hit) return hit;
  const n = Math.ceil(fx.n / step);
  const xyz = new Float64Array(3 * n), f = new Float64Array(n);
  let sumF = 0, sumFF = 0;
  for (let p = 0, q = 0; p < fx.n; p += step, q++) {
    xyz[3 * q] = fx.xyz[3 * p]!;
    xyz[3 * q + 1] = fx.xyz[3 * p + 1]!;
    xyz[3 * q + 2] = fx.xyz[3 * p + 2]!;
    const v = fx.f[p]!;
    f[q] = v;
    sumF += v;
    sumFF += v * v;
  }
  const out: FixedPoints = { n, xyz, f, sumF, sumFF };
  thinned.set(fx, out);
  return out;
}

/**
 * Evaluate NCC on a grid of rotations (about the template centre) and return the
 * `keep` best initial transforms W = [s R | subject centre], best first. The grid
 * is ranked on a quarter of the fixed points and its best max(12, 4 keep) poses
 * re-scored on all of them (the full-point NCC decides, as when every pose is
 * scored on all points, unless a true top pose falls below that prefilter cut).
 */
export function rotationSearch(
  fx: FixedPoints,
  mv: MovingImage,
  centre: readonly [number, number, number],
  scale: number,
  rangeDeg: number,
  stepDeg: number,
  keep: number,
): { candidates: Candidate[]; evaluated: number } {
  const steps: number[] = [];
  const nHalf = stepDeg > 0 ? Math.floor(rangeDeg / stepDeg + 1e-9) : 0;
  for (let q = -nHalf; q <= nHalf; q++) steps.push((q * stepDeg * Math.PI) / 180);
  const rot = new Float64Array(9);
  const K = new Float64Array(12);
  const res = newPassResult();
  const coarse = fx.n >= 4 * PREFILTER_STEP * PREFILTER_KEEP ? thin(fx, PREFILTER_STEP) : fx;
  const all: Candidate[] = [];
  for (const ax of steps) {
    for (const ay of steps) {
      for (const az of steps) {
        rotationMatrix(ax, ay, az, rot);
        const w = new Float64Array(12);
        for (let r = 0; r < 3; r++) {
          for (let c = 0; c < 3; c++) w[4 * r + c] = scale * rot[3 * r + c]!;
          w[4 * r + 3] = centre[r]!;
        }
        composeK(mv.worldToVox, w, K);
        costPass(coarse, mv, K, 1, 0, Infinity, res);
        all.push({ w, ncc: res.ncc });
      }
    }
  }
  const gridIndex = new Map(all.map((c, i) => [c.w, i]));
  // stable sort: ties keep grid order, so the result is deterministic
  all.sort((p, q) => q.ncc - p.ncc);
  const best = coarse === fx ? all : all.slice(0, Math.max(PREFILTER_KEEP, 4 * keep)).map((c) => {
    composeK(mv.worldToVox, c.w, K);
    costPass(fx, mv, K, 1, 0, Infinity, res);
    return { w: c.w, ncc: res.ncc };
  });
  // full-point ranking; ties in grid order as without the prefilter
  if (coarse !== fx) best.sort((p, q) => q.ncc - p.ncc || gridIndex.get(p.w)! - gridIndex.get(q.w)!);
  return { candidates: best.slice(0, Math.max(1, keep)), evaluated: all.length };
}
