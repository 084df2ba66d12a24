/**
 * What is shipped prebuilt: the built-in atlas on the 2 mm MNI grid, the one
 * the analysis uses by default (src/pipeline/analyze.ts). Every other voxel size, and
 * every template and phantom, is generated on demand from the atlas.
 */

/** `kind` of a label atlas asset (format.ts header). */
export const ATLAS_ASSET_KIND = 'spect-perfusion/builtin-atlas-labels';

/** Voxel sizes (mm) of the shipped atlases; one generated module each (generate.ts, shipped.ts). */
export const SHIPPED_ATLAS_VOXEL_SIZES: readonly number[] = [2];
