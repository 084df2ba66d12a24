/**
 * The per-point inputs of the DCT warp's cerebellar gain (dct-warp.ts, `DctWarpGain`): at each
 * template point of the warp's level, the membership S (the caller's blurred cerebellum, nearest
 * voxel) and the cost weight w (1, or `excludedWeight` inside the region the affine fit excludes).
 * Cached per (points, membership volume, excluded region, weight): the template's points and the
 * regions are shared by every study.
 */
import type { Volume } from '../volume/volume.js';
import type { DctWarpGain } from './dct-warp.js';
import { inRegion, nearestValues } from './exclude.js';
import type { FixedPoints } from './metric.js';

/** Default weight of the excluded region's points in the warp's cost (docs/registration.md). */
export const DEFAULT_EXCLUDED_WEIGHT = 0.3;

/** Cache levels: points, membership volume, excluded volume (NONE when null), then centre and weight. */
const NONE = {};
const cache = new WeakMap<FixedPoints, WeakMap<Volume, WeakMap<object, Map<string, DctWarpGain>>>>();

function cached(fx: FixedPoints, membership: Volume, excluded: Volume | null): Map<string, DctWarpGain> {
  let a = cache.get(fx);
  if (!a) {
    a = new WeakMap();
    cache.set(fx, a);
  }
  let b = a.get(membership);
  if (!b) {
    b = new WeakMap();
    a.set(membership, b);
  }
  const ek = excluded ?? NONE;
  let c = b.get(ek);
  if (!c) {
    c = new Map();
    b.set(ek, c);
  }
  return c;
}

/**
 * Membership and weights at the points `fx` (all the template's points of the level, none excluded).
 * @param membership template-space volume with values in [0, 1] (clamped)
 * @param excluded template-space region of the down-weighted points (values in `labels`, or > 0.5), or null
 * @param excludedWeight weight of those points, in (0, 1]
 */
export function warpGainAt(
  fx: FixedPoints,
  centre: readonly [number, number, number],
  membership: Volume,
  excluded: { readonly volume: Volume; readonly labels?: readonly number[] } | null,
  excludedWeight: number,
): DctWarpGain {
  const entries = cached(fx, membership, excluded?.volume ?? null);
  const labels = excluded?.labels;
  const key = `${centre.join(',')}|${excludedWeight}|${labels === undefined ? '' : labels.join(',')}`;
  const hit = entries.get(key);
  if (hit) return hit;
  // 0 beyond the membership's grid (NaN there), clamped to [0, 1]
  const s = nearestValues(fx, centre, membership, 'warp gain membership');
  for (let p = 0; p < s.length; p++) s[p] = !(s[p]! > 0) ? 0 : s[p]! > 1 ? 1 : s[p]!;
  const weight = new Float64Array(fx.n).fill(1);
  if (excluded) {
    const e = nearestValues(fx, centre, excluded.volume, 'exclusion region');
    for (let p = 0; p < e.length; p++) if (inRegion(e[p]!, labels)) weight[p] = excludedWeight;
  }
  const g: DctWarpGain = { membership: s, weight };
  entries.set(key, g);
  return g;
}
