/**
 * A study carried into the atlas's MNI grid (trilinear) and divided by its own
 * whole-brain mean: the input of normal databases and z-maps.
 */
import type { LabelAtlas } from '../atlas/types.js';
import type { Volume } from '../volume/volume.js';
import { resampleVolume } from '../volume/resample.js';
import { RegionGroup } from '../vocabulary/region-groups.js';

/** Regional means relative to the whole-brain mean, from the group statistics. */
export function relativeRegionalMeans(groups: Readonly<Record<string, { mean: number | null }>>): Record<string, number | null> {
  const wb = groups[RegionGroup.wholeBrain]?.mean;
  const out: Record<string, number | null> = {};
  for (const [k, g] of Object.entries(groups)) out[k] = wb && g.mean !== null ? g.mean / wb : null;
  return out;
}

export function mniNormalisedMap(volume: Volume, atlas: LabelAtlas, mniToSubject: Float64Array, wholeBrainMean: number): Float32Array {
  const mni = resampleVolume(volume, atlas.dims, atlas.affine, { worldTransform: mniToSubject });
  const out = new Float32Array(mni.data.length);
  const inv = wholeBrainMean > 0 ? 1 / wholeBrainMean : 0;
  for (let i = 0; i < out.length; i++) out[i] = mni.data[i]! * inv;
  return out;
}
