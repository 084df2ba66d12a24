/**
 * The shipped atlas, decoded on first use. Importing this module only binds
 * the base64 lines of the generated module (builtin-atlas-2mm.ts); nothing is
 * decoded until `shippedAtlasLabels` is called (builtin.ts caches the result).
 */
import type { MniGrid } from '../grid.js';
import { decodeBase64 } from './bytes.js';
import { BUILTIN_ATLAS_2MM } from './builtin-atlas-2mm.js';
import { ATLAS_ASSET_KIND } from './catalog.js';
import { generatorFingerprint } from './fingerprint.js';
import { decodeAsset } from './format.js';
import { AtlasError, ErrorCode } from '../../errors.js';

const SHIPPED: ReadonlyMap<number, readonly string[]> = new Map([[2, BUILTIN_ATLAS_2MM]]);

/** Decoded and verified bytes of a base64 asset. @throws AtlasError ATLAS_ERROR */
export function assetBytes(asset: string, lines: readonly string[]): Uint8Array {
  const bytes = decodeBase64(lines.join(''));
  if (bytes === null) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `shipped atlas asset ${asset}: not base64`, { details: { asset, reason: 'base64' } });
  }
  return bytes;
}

/**
 * Labels of the shipped atlas on `grid`, or null when that voxel size is not shipped.
 * @throws AtlasError ATLAS_ERROR when the shipped asset is damaged or was made from other generator inputs
 */
export function shippedAtlasLabels(grid: MniGrid, lines: readonly string[] | undefined = SHIPPED.get(grid.voxelSize)): Int16Array | null {
  if (lines === undefined) return null;
  const asset = `builtin-atlas-${grid.voxelSize}mm`;
  return decodeShippedAsset(asset, lines, { kind: ATLAS_ASSET_KIND, generator: generatorFingerprint(grid) }, grid);
}

/**
 * The voxels of a shipped base64 asset, verified (decodeAsset's checks) and required to lie on `grid`.
 * @throws AtlasError ATLAS_ERROR (details.reason as decodeAsset's, base64, or grid)
 */
export function decodeShippedAsset(
  asset: string,
  lines: readonly string[],
  expect: { readonly kind: string; readonly generator: string },
  grid: MniGrid,
): Int16Array {
  const { header, voxels } = decodeAsset(asset, assetBytes(asset, lines), expect);
  const same = header.dims.every((d, a) => d === grid.dims[a]) && header.affine.every((v, i) => v === grid.affine[i]);
  if (!same) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `shipped atlas asset ${asset}: its grid is not the ${grid.voxelSize} mm MNI grid`, {
      details: { asset, reason: 'grid' },
    });
  }
  return voxels;
}
