/**
 * The generator of the shipped cerebellar masks (masks.ts): the rim of rim.ts and the excluded
 * region of exclusion.ts, computed by their own code on the built-in 2 mm atlas and packed by
 * src/atlas/assets/format.ts. Used by scripts/gen-assets.ts (npm run gen:assets) and by
 * test/regions/shipped-masks.test.ts, never at run time.
 */
import { mniGrid } from '../../atlas/grid.js';
import { builtinAtlasOf } from '../../atlas/builtin.js';
import { rasterizeAtlas } from '../../atlas/rasterize.js';
import type { LabelAtlas } from '../../atlas/types.js';
import { assetModuleLines } from '../../atlas/assets/generate.js';
import { encodeAsset } from '../../atlas/assets/format.js';
import { CEREBELLAR_MASK_SETTINGS } from '../cerebellar-settings.js';
import { computeDilatedGroupRegion } from '../exclusion.js';
import { computeMeasuredLabels } from '../rim.js';
import { CEREBELLAR_MASKS_KIND, EXCLUDED_BIT, masksFingerprint, RIM_BIT } from './masks.js';

/** Module path of the shipped masks. */
export const MASKS_MODULE_PATH = 'src/regions/shipped/cerebellar-masks-2mm.ts';

/**
 * The 2 mm built-in atlas freshly rasterised (not the shipped copy, which refuses to load after a
 * shape edit until the atlas asset is regenerated, and which would hold the old labels).
 */
export function freshBuiltinAtlas(labels: Int16Array = rasterizeAtlas(mniGrid(2))): LabelAtlas {
  return builtinAtlasOf(mniGrid(2), labels);
}

/** The mask volume (RIM_BIT | EXCLUDED_BIT per voxel), freshly computed from `atlas`. */
export function cerebellarMaskVoxels(atlas: LabelAtlas = freshBuiltinAtlas()): Int16Array {
  const measured = computeMeasuredLabels(atlas);
  const excluded = computeDilatedGroupRegion(atlas, 'cerebellum', CEREBELLAR_MASK_SETTINGS.marginMm).data;
  const out = new Int16Array(atlas.labels.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = (measured[i] !== atlas.labels[i] ? RIM_BIT : 0) | (excluded[i] !== 0 ? EXCLUDED_BIT : 0);
  }
  return out;
}

/** The asset, freshly generated from `atlas`. */
export function cerebellarMasksAssetBytes(atlas: LabelAtlas = freshBuiltinAtlas()): Uint8Array {
  return encodeAsset(
    {
      kind: CEREBELLAR_MASKS_KIND,
      dims: atlas.dims,
      affine: Array.from(atlas.affine),
      generator: masksFingerprint(CEREBELLAR_MASK_SETTINGS),
    },
    cerebellarMaskVoxels(atlas),
  );
}

/** The generated module's path and text (`labels`: the fresh 2 mm rasterisation, when the caller has it). */
export function cerebellarMasksFile(labels?: Int16Array): { readonly path: string; readonly text: string } {
  const bytes = cerebellarMasksAssetBytes(freshBuiltinAtlas(labels));
  const text = assetModuleLines(
    "The built-in 2 mm atlas's cerebellar masks (bit 0 the rim, bit 1 the excluded region)",
    'CEREBELLAR_MASKS_2MM',
    'src/regions/shipped/masks.ts',
    bytes,
  );
  return { path: MASKS_MODULE_PATH, text };
}
