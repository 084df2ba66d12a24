/**
 * The MNI grid of the built-in atlas: RAS storage (+i = right, +j = anterior,
 * +k = superior), voxel (0,0,0) at (-90, -126, -72) mm, covering x -90..90,
 * y -126..90, z -72..108 mm like the SPM/FSL 2 mm MNI templates (91x109x91).
 */
import { AtlasError, ErrorCode } from '../errors.js';
import type { Mat4 } from '../volume/affine.js';
import type { Dims3 } from '../volume/volume.js';

export const MNI_ORIGIN = [-90, -126, -72] as const;
export const MNI_EXTENT = [180, 216, 180] as const;
/** Accepted voxel sizes (mm): the 1 mm grid has 7.1 M voxels; below 0.75 mm memory explodes. */
export const MIN_VOXEL_SIZE = 0.75;
export const MAX_VOXEL_SIZE = 10;

export interface MniGrid {
  readonly voxelSize: number;
  readonly dims: Dims3;
  readonly affine: Mat4;
}

/**
 * Grid for a voxel size in mm (default 2 -> 91x109x91).
 * @throws AtlasError ATLAS_ERROR when the voxel size is not in [0.75, 10]
 */
export function mniGrid(voxelSize = 2): MniGrid {
  if (!(Number.isFinite(voxelSize) && voxelSize >= MIN_VOXEL_SIZE && voxelSize <= MAX_VOXEL_SIZE)) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `atlas voxel size must be between ${MIN_VOXEL_SIZE} and ${MAX_VOXEL_SIZE} mm, got ${voxelSize}`);
  }
  const n = (e: number): number => Math.floor(e / voxelSize + 1e-9) + 1;
  const dims: Dims3 = [n(MNI_EXTENT[0]), n(MNI_EXTENT[1]), n(MNI_EXTENT[2])];
  const affine = new Float64Array(16);
  affine[0] = voxelSize; affine[3] = MNI_ORIGIN[0];
  affine[5] = voxelSize; affine[7] = MNI_ORIGIN[1];
  affine[10] = voxelSize; affine[11] = MNI_ORIGIN[2];
  affine[15] = 1;
  return { voxelSize, dims, affine };
}
