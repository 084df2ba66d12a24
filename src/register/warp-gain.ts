/**
 * The per-point inputs of the DCT warp's cerebellar gain (dct-warp.ts, `DctWarpGain`): at each
 * template point of the warp's level, the membership S (the caller's blurred cerebellum, nearest
 * voxel) and the cost weight w (1, or `excludedWeight` inside the region the affine fit excludes).
 * Cached per (points, membership volume, excluded region, weight): the template's points and the
 * regions are shared by every study.
 */
import { ErrorCode, RegistrationError } from '../errors.js';
import { invert4 } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';
import type { DctWarpGain } from './dct-warp.js';
import type { FixedPoints } from './metric.js';

/** Nearest-voxel values of `v` at the points (centred template mm + centre); `outside` beyond its grid. */
function sampleNearest(fx: FixedPoints, centre: readonly [number, number, number], v: Volume, outside: number): Float64Array {
  const inv = invert4(v.affine);
  if (!inv) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'warp gain region affine is singular');
  const [nx, ny, nz] = v.dims;
  const out = new Float64Array(fx.n);
  for (let p = 0; p < fx.n; p++) {
    const x = fx.xyz[3 * p]! + centre[0],
      y = fx.xyz[3 * p + 1]! + centre[1],
      z = fx.xyz[3 * p + 2]! + centre[2];
    const i = Math.floor(inv[0]! * x + inv[1]! * y + inv[2]! * z + inv[3]! + 0.5);
    const j = Math.floor(inv[4]! * x + inv[5]! * y + inv[6]! * z + inv[7]! + 0.5);
    const k = Math.floor(inv[8]! * x + inv[9]! * y + inv[10]! * z + inv[11]! + 0.5);
    out[p] = i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz ? v.data[i + nx * (j + ny * k)]! : outside;
  }
  return out;
}

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
  const s = sampleNearest(fx, centre, membership, 0);
  for (let p = 0; p < s.length; p++) s[p] = s[p]! < 0 ? 0 : s[p]! > 1 ? 1 : s[p]!;
  const weight = new Float64Array(fx.n).fill(1);
  if (excluded) {
    const e = sampleNearest(fx, centre, excluded.volume, 0);
    for (let p = 0; p < e.length; p++) {
      if (labels === undefined ? e[p]! > 0.5 : labels.includes(e[p]!)) weight[p] = excludedWeight;
    }
  }
  const g: DctWarpGain = { membership: s, weight };
  entries.set(key, g);
  return g;
}
