/**
 * Cost-function masking (Brett et al. 2001, NeuroImage 14:486): template points
 * inside an excluded region (e.g. the cerebellum, whose perfusion is the
 * quantity under study, or a known lesion) are left out of the similarity, so
 * an abnormal region cannot pull the affine fit; its position then follows
 * from the rest of the brain.
 */
import { invert4 } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';
import { ErrorCode, RegistrationError } from '../errors.js';
import type { FixedPoints } from './metric.js';

/** Excluded copies per original points, region volume and label list (all treated as immutable). */
const cache = new WeakMap<FixedPoints, WeakMap<Volume, Map<string, FixedPoints>>>();

/** `excludePoints`, cached per (points, region, labels): the template's points and the region are shared by every study. */
export function excludePointsCached(
  fx: FixedPoints,
  centre: readonly [number, number, number],
  region: Volume,
  labels: readonly number[] | undefined,
): FixedPoints {
  let perPoints = cache.get(fx);
  if (!perPoints) {
    perPoints = new WeakMap();
    cache.set(fx, perPoints);
  }
  let perRegion = perPoints.get(region);
  if (!perRegion) {
    perRegion = new Map();
    perPoints.set(region, perRegion);
  }
  const key = `${centre.join(',')}|${labels === undefined ? '' : labels.join(',')}`;
  let hit = perRegion.get(key);
  if (!hit) {
    hit = excludePoints(fx, centre, region, labels);
    perRegion.set(key, hit);
  }
  return hit;
}

/**
 * Nearest-voxel values of `v` at the points of `fx` (centred template mm + `centre`), NaN beyond
 * its grid (so that `inRegion` is false there). Also the warp gain's sampling (warp-gain.ts).
 * @throws RegistrationError REGISTRATION_FAILED when the volume's affine is singular (`what` names it)
 */
export function nearestValues(fx: FixedPoints, centre: readonly [number, number, number], v: Volume, what: string): Float64Array {
  const inv = invert4(v.affine);
  if (!inv) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, `${what} affine is singular`);
  const [nx, ny, nz] = v.dims;
  const out = new Float64Array(fx.n);
  for (let p = 0; p < fx.n; p++) {
    const x = fx.xyz[3 * p]! + centre[0],
      y = fx.xyz[3 * p + 1]! + centre[1],
      z = fx.xyz[3 * p + 2]! + centre[2];
    const i = Math.floor(inv[0]! * x + inv[1]! * y + inv[2]! * z + inv[3]! + 0.5);
    const j = Math.floor(inv[4]! * x + inv[5]! * y + inv[6]! * z + inv[7]! + 0.5);
    const k = Math.floor(inv[8]! * x + inv[9]! * y + inv[10]! * z + inv[11]! + 0.5);
    out[p] = i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz ? v.data[i + nx * (j + ny * k)]! : NaN;
  }
  return out;
}

/** Whether a region volume's value marks the region: in `labels` when given, otherwise > 0.5 (never for NaN). */
export function inRegion(v: number, labels: readonly number[] | undefined): boolean {
  return labels === undefined ? v > 0.5 : !Number.isNaN(v) && labels.includes(v);
}

/**
 * Copy of `fx` without the points whose nearest voxel of `region` is excluded:
 * value in `labels` when given, otherwise value > 0.5. Points outside the region grid are kept.
 * @throws RegistrationError REGISTRATION_FAILED when the region affine is singular
 */
export function excludePoints(
  fx: FixedPoints,
  centre: readonly [number, number, number],
  region: Volume,
  labels: readonly number[] | undefined,
): FixedPoints {
  const values = nearestValues(fx, centre, region, 'exclusion region');
  const keep = new Uint8Array(fx.n);
  let n = 0;
  for (let p = 0; p < fx.n; p++) {
    if (!inRegion(values[p]!, labels)) {
      keep[p] = 1;
      n++;
    }
  }
  const xyz = new Float64Array(3 * n),
    f = new Float64Array(n);
  let q = 0,
    sumF = 0,
    sumFF = 0;
  for (let p = 0; p < fx.n; p++) {
    if (keep[p] === 0) continue;
    xyz[3 * q] = fx.xyz[3 * p]!;
    xyz[3 * q + 1] = fx.xyz[3 * p + 1]!;
    xyz[3 * q + 2] = fx.xyz[3 * p + 2]!;
    const v = fx.f[p]!;
    f[q] = v;
    sumF += v;
    sumFF += v * v;
    q++;
  }
  return { n, xyz, f, sumF, sumFF };
}
