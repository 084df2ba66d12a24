/**
 * Fingerprint of the inputs of the atlas generator: the shape parameters
 * (shapes.ts), the label values (labels.ts), the grid and GENERATOR_VERSION.
 * A shipped asset records the fingerprint it was made with; loading refuses an
 * asset whose fingerprint differs from the code's (a shape edited without
 * `npm run gen:assets`). Changes to the generator's code (rasterize.ts,
 * implicit*.ts, edt.ts) cannot be seen here: bump GENERATOR_VERSION with them;
 * test/atlas/assets.test.ts regenerates the assets and fails on any difference.
 */
import { crc32Hex } from './bytes.js';
import { L } from '../labels.js';
import { ATLAS_SHAPES } from '../shapes.js';
import type { MniGrid } from '../grid.js';

/** Version of the generator's algorithm (rasterize.ts and the code it calls). */
export const GENERATOR_VERSION = 1;

/** `g<version>-<CRC-32 of the JSON of the inputs>`; a few KB of JSON, well under a millisecond. */
export function generatorFingerprint(grid: MniGrid): string {
  const inputs = JSON.stringify({
    version: GENERATOR_VERSION,
    shapes: ATLAS_SHAPES,
    labels: L,
    grid: { voxelSize: grid.voxelSize, dims: grid.dims, affine: Array.from(grid.affine) },
  });
  return `g${GENERATOR_VERSION}-${crc32Hex(new TextEncoder().encode(inputs))}`;
}
