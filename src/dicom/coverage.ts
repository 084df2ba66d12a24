/**
 * Is a volume thick enough to hold a head? A study with a handful of slices (one
 * file of a single-frame series read alone, a series copied in part) must be
 * refused before registration, with a message that says what it is, instead of
 * failing later with a registration error.
 *
 * The rule (docs/dicom.md, "Minimum extent"): every axis needs at least
 * `MIN_HEAD_SLICES` voxels and `MIN_HEAD_EXTENT_MM` of coverage (voxels x voxel
 * size). 80 mm is well under the smallest brain the analysis handles in any
 * direction (the labelled brain of the built-in atlas spans 142 x 182 x 154 mm;
 * at 0.75, the simulator's smallest brain scale, still more than 106 mm along
 * every axis; docs/dicom.md gives the command), and more than what a few
 * slices of any reconstruction cover (8 slices of 4.4 mm: 35 mm).
 */
import { ErrorCode, GeometryError } from '../errors.js';
import type { Volume } from '../volume/volume.js';

/** Fewest voxels along any axis of a head volume. */
export const MIN_HEAD_SLICES = 8;
/** Least coverage (voxels x voxel size, mm) along any axis of a head volume. */
export const MIN_HEAD_EXTENT_MM = 80;

const AXIS = ['i (columns)', 'j (rows)', 'k (slices)'] as const;

/** The message for one slice of a series given alone. */
export const ONE_SLICE_MESSAGE = 'one slice of a series: pass the folder that holds all of its files';

/**
 * Throw when `volume` cannot hold a head.
 * @throws GeometryError TOO_FEW_SLICES
 */
export function checkHeadCoverage(volume: Pick<Volume, 'dims' | 'spacing'>): void {
  for (let a = 0; a < 3; a++) {
    const n = volume.dims[a]!;
    const extent = n * volume.spacing[a]!;
    if (n >= MIN_HEAD_SLICES && extent >= MIN_HEAD_EXTENT_MM) continue;
    const details = { axis: a, voxels: n, extentMm: extent, minVoxels: MIN_HEAD_SLICES, minExtentMm: MIN_HEAD_EXTENT_MM };
    if (n === 1) {
      throw new GeometryError(ErrorCode.TOO_FEW_SLICES, `${ONE_SLICE_MESSAGE} (the volume has 1 voxel along axis ${AXIS[a]})`, { details });
    }
    throw new GeometryError(
      ErrorCode.TOO_FEW_SLICES,
      `only ${n} voxels (${extent.toFixed(1)} mm) along axis ${AXIS[a]}, fewer than a head needs (${MIN_HEAD_SLICES} and ${MIN_HEAD_EXTENT_MM} mm): part of a series? pass the folder that holds all of its files`,
      { details },
    );
  }
}
