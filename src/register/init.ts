/**
 * Initialisation: translation from the centres of mass, isotropic scale from the
 * second moments, then a coarse grid search over the three rotation angles at
 * the coarsest pyramid level, keeping the best few candidates for refinement
 * (the multi-start strategy of FLIRT, Jenkinson & Smith 2001). Principal axes
 * are not used for the rotation: for a near-ellipsoidal head their signs and,
 * with nearly equal eigenvalues, their order are ambiguous; the grid search is not.
 */
import { det3 } from './intensity.js';
import { accumulate, composeK, NP, newPassResult, type FixedPoints, type MovingImage } from './metric.js';
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

/**
 * Evaluate NCC on a grid of rotations (about the template centre) and return the
 * `keep` best initial transforms W = [s R | subject centre], best first.
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
  const jac = new Float64Array(NP);
  const res = newPassResult();
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
        accumulate(fx, mv, K, 1, 0, null, null, jac, res);
        all.push({ w, ncc: res.ncc });
      }
    }
  }
  // stable sort: ties keep grid order, so the result is deterministic
  all.sort((p, q) => q.ncc - p.ncc);
  return { candidates: all.slice(0, Math.max(1, keep)), evaluated: all.length };
}
