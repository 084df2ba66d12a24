/**
 * Resampling of a volume (or a label array) onto another grid through the two
 * voxel-to-RAS affines and an optional world transform.
 *
 * For target voxel v the source voxel is
 *   A_src⁻¹ · W · A_dst · v
 * where W (RAS mm -> RAS mm, row-major 4x4) maps TARGET world coordinates to
 * SOURCE world coordinates (identity when omitted). This is the "pull"
 * convention: W is the inverse of the motion that carries the source object
 * into the target space.
 */
import { ErrorCode, GeometryError, ResourceLimitError } from '../errors.js';
import { resampleAffine, resampleLabelsAffine, type Interpolation } from '../kernels/trilinear.js';
import { identity4, invert4, multiply4, toMat4, type Mat4 } from './affine.js';
import { createVolume, type Volume, type VolumeMetadata } from './volume.js';

export interface ResampleOptions {
  /** 'linear' (default) or 'nearest' (index = floor(x + 0.5)). */
  readonly interpolation?: Interpolation;
  /** Value outside the source grid (default 0). */
  readonly outside?: number;
  /** Target world (RAS mm) -> source world (RAS mm), row-major 4x4. */
  readonly worldTransform?: ArrayLike<number>;
  /** Metadata overrides for the result (defaults: the source's, totalCounts recomputed). */
  readonly metadata?: Partial<VolumeMetadata>;
}

/**
 * The voxel-to-voxel matrix A_src⁻¹ · W · A_dst.
 * @throws GeometryError INVALID_GEOMETRY when an affine is singular or non-finite.
 */
export function targetToSourceVoxel(
  sourceAffine: ArrayLike<number>,
  targetAffine: ArrayLike<number>,
  worldTransform?: ArrayLike<number>,
): Mat4 {
  const inv = invert4(toMat4(sourceAffine));
  if (!inv) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'source affine is singular');
  const w = worldTransform === undefined ? identity4() : toMat4(worldTransform);
  if (!invert4(w)) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'world transform is singular');
  return multiply4(inv, multiply4(w, toMat4(targetAffine)));
}

/** Largest resampling output, in voxels (2^26 = 64 Mi voxels, 256 MiB as Float32, the readers' default cap). */
export const MAX_RESAMPLE_VOXELS = 2 ** 26;

function checkTargetDims(d: readonly number[]): [number, number, number] {
  if (d.length !== 3 || !d.every((n) => Number.isInteger(n) && n > 0)) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `target dims must be three positive integers, got [${d.join(', ')}]`);
  }
  if (!(d[0]! * d[1]! * d[2]! <= MAX_RESAMPLE_VOXELS)) {
    throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `resampling grid of ${d.join(' x ')} voxels exceeds ${MAX_RESAMPLE_VOXELS}`, {
      details: { dims: d.join('x'), maxVoxels: MAX_RESAMPLE_VOXELS },
    });
  }
  return [d[0]!, d[1]!, d[2]!];
}

/**
 * Resample `volume` onto the grid (`targetDims`, `targetAffine`).
 * @throws GeometryError INVALID_GEOMETRY for bad dims or singular/non-finite affines.
 */
export function resampleVolume(
  volume: Volume,
  targetDims: readonly number[],
  targetAffine: ArrayLike<number>,
  options: ResampleOptions = {},
): Volume {
  const dims = checkTargetDims(targetDims);
  const m = targetToSourceVoxel(volume.affine, targetAffine, options.worldTransform);
  const opts = { interpolation: options.interpolation ?? 'linear', outside: options.outside ?? 0 } as const;
  const data = resampleAffine(volume.data, volume.dims, dims, m, opts);
  const { totalCounts: _ignored, ...rest } = volume.metadata;
  void _ignored;
  return createVolume({
    data,
    dims,
    affine: targetAffine,
    metadata: { ...rest, ...options.metadata },
    issues: volume.issues,
  });
}

/**
 * Nearest-neighbour resampling of a label array (values are kept, never
 * interpolated) onto the grid (`targetDims`, `targetAffine`). Outside = 0.
 * @throws GeometryError INVALID_GEOMETRY for bad dims, a data length that does
 *   not match `labelDims`, or singular/non-finite affines.
 */
export function resampleLabels<T extends Int16Array | Uint8Array>(
  labels: T,
  labelDims: readonly number[],
  labelAffine: ArrayLike<number>,
  targetDims: readonly number[],
  targetAffine: ArrayLike<number>,
  options: { readonly worldTransform?: ArrayLike<number> } = {},
): T {
  const ld = checkTargetDims(labelDims);
  if (ld[0] * ld[1] * ld[2] !== labels.length) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `label array has ${labels.length} voxels, dims need ${ld[0] * ld[1] * ld[2]}`);
  }
  const dims = checkTargetDims(targetDims);
  const m = targetToSourceVoxel(labelAffine, targetAffine, options.worldTransform);
  return resampleLabelsAffine(labels, ld, dims, m, 0);
}
