/**
 * The MNI-space volumes of an analysis that are written beside its report (the CLI's
 * `--mni` and `--normals` NIfTI outputs): grids and transforms only, no files.
 */
import { resampleVolume } from '../volume/resample.js';
import { createVolume, type Volume } from '../volume/volume.js';
import type { AnalysisResult } from './analyze.js';

/** The voxel-wise z-map on the atlas grid (MNI), null without a normal database. */
export function zMapVolume(r: AnalysisResult): Volume | null {
  return r.zMap ? createVolume({ data: r.zMap, dims: r.atlas.dims, affine: r.atlas.affine }) : null;
}

/**
 * A study resampled into MNI space on the atlas grid by its registration (trilinear, values as
 * in `volume`). `volume` is the study as loaded (the CLI writes that one, not an
 * attenuation-corrected copy the analysis may have measured).
 */
export function studyInMni(volume: Volume, r: AnalysisResult): Volume {
  return resampleVolume(volume, r.atlas.dims, r.atlas.affine, { worldTransform: r.registration.mniToSubject });
}
