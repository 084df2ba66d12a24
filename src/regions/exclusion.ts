/**
 * The region left out of the registration cost when the cerebellum is under
 * study: the atlas cerebellum dilated by a margin, because a cold cerebellum
 * blurred by the camera (9-15 mm FWHM) darkens its surroundings too, and those
 * voxels would otherwise pull the affine fit of the posterior fossa.
 */
import { distanceInside } from '../atlas/edt.js';
import type { LabelAtlas } from '../atlas/types.js';
import { createVolume, type Volume } from '../volume/volume.js';

/** Margin of the excluded region around the atlas cerebellum, mm (measured in docs/validation.md). */
export const CEREBELLUM_EXCLUSION_MARGIN_MM = 10;

const cache = new WeakMap<LabelAtlas, Map<number, Volume>>();

/**
 * 0/1 volume on the atlas grid: voxels within `marginMm` of the atlas group
 * (Euclidean distance, voxel size taken from the first axis). Cached per atlas and margin.
 */
export function dilatedGroupRegion(atlas: LabelAtlas, group: string, marginMm: number): Volume {
  let perAtlas = cache.get(atlas);
  if (!perAtlas) { perAtlas = new Map(); cache.set(atlas, perAtlas); }
  const key = marginMm;
  const hit = perAtlas.get(key);
  if (hit) return hit;
  const values = new Set(atlas.groups[group] ?? []);
  const n = atlas.labels.length;
  const outside = new Uint8Array(n);
  for (let i = 0; i < n; i++) outside[i] = values.has(atlas.labels[i]!) ? 0 : 1;
  const h = Math.hypot(atlas.affine[0]!, atlas.affine[4]!, atlas.affine[8]!);
  const d = marginMm > 0 ? distanceInside(outside, atlas.dims) : null;
  const mask = new Float32Array(n);
  for (let i = 0; i < n; i++) mask[i] = outside[i] === 0 || (d !== null && d[i]! * h <= marginMm) ? 1 : 0;
  const v = createVolume({ data: mask, dims: atlas.dims, affine: atlas.affine });
  perAtlas.set(key, v);
  return v;
}
