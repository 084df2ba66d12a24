/**
 * What a reconstructed volume the library reads can be, physically: every
 * reader checks its voxel sizes and extents here, right after it has computed
 * them from the header and before it allocates the voxel data.
 *
 * - Voxel size 0.1 mm to 30 mm along each axis. Reconstructed brain SPECT uses
 *   about 2 to 7 mm voxels (a 128 or 64 matrix over a 25 to 45 cm camera field
 *   of view); the readers also read 1 mm templates and atlases and 0.3 to 1 mm
 *   CT/MR slices, so the lower bound leaves room below those. Above 30 mm a
 *   voxel is larger than a quarter of a head and the image cannot be a head
 *   reconstruction.
 * - Extent (voxels x voxel size) at most 1000 mm along each axis: a head SPECT
 *   field of view is at most the camera's (about 54 x 40 cm for a large-field
 *   camera); 1 m leaves room for whole-body CT/PET slabs that a user might
 *   pass by mistake, which are refused later by the analysis, not by memory.
 *
 * These bounds stop absurd but syntactically valid headers (Pixel Spacing 1e5,
 * Spacing Between Slices 2^32, pixdim 1e5, Interfile scaling factor 65535)
 * before they reach the registration, whose working grids grow with the
 * physical size (src/register/prepare.ts has its own voxel-count cap).
 */
import { ErrorCode, GeometryError } from '../errors.js';

export const MIN_VOXEL_MM = 0.1;
export const MAX_VOXEL_MM = 30;
export const MAX_EXTENT_MM = 1000;

function fmt(x: number): string {
  return Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x);
}

/**
 * Check one voxel size (mm), named by the attribute it came from (e.g.
 * "Pixel Spacing (0028,0030)").
 * @throws GeometryError INVALID_GEOMETRY when outside [MIN_VOXEL_MM, MAX_VOXEL_MM]
 */
export function checkVoxelSize(mm: number, attribute: string): void {
  const a = Math.abs(mm);
  if (!(a >= MIN_VOXEL_MM && a <= MAX_VOXEL_MM)) {
    throw new GeometryError(
      ErrorCode.INVALID_GEOMETRY,
      `${attribute} gives a voxel size of ${fmt(a)} mm, outside the ${MIN_VOXEL_MM}-${MAX_VOXEL_MM} mm a reconstructed head volume can have`,
      { details: { attribute, voxelSizeMm: a, minMm: MIN_VOXEL_MM, maxMm: MAX_VOXEL_MM } },
    );
  }
}

/**
 * Check the voxel sizes and the extent of a grid along each axis. `attributes[a]`
 * names where the size along axis a came from.
 * @throws GeometryError INVALID_GEOMETRY
 */
export function checkGridBounds(dims: readonly number[], spacing: readonly number[], attributes: readonly string[]): void {
  for (let a = 0; a < 3; a++) {
    const name = attributes[a] ?? `axis ${a}`;
    checkVoxelSize(spacing[a]!, name);
    const extent = dims[a]! * Math.abs(spacing[a]!);
    if (!(extent <= MAX_EXTENT_MM)) {
      throw new GeometryError(
        ErrorCode.INVALID_GEOMETRY,
        `${name} with ${dims[a]} voxels gives an extent of ${fmt(extent)} mm along axis ${a}, more than the ${MAX_EXTENT_MM} mm a head volume can have`,
        { details: { attribute: name, axis: a, voxels: dims[a], extentMm: extent, maxExtentMm: MAX_EXTENT_MM } },
      );
    }
  }
}

/** Norms of the first three columns of a row-major 4x4 affine. */
export function affineColumnNorms(affine: ArrayLike<number>): [number, number, number] {
  const n = (c: number) => Math.hypot(affine[c]!, affine[4 + c]!, affine[8 + c]!);
  return [n(0), n(1), n(2)];
}
