/**
 * Public types of the registration (spatial normalisation) step.
 */
import type { Issue } from '../issues.js';
import type { Volume } from '../volume/volume.js';
import type { DctWarp, DctWarpOptions } from './dct-warp.js';

/** A region of the template space (e.g. the cerebellum) whose coverage by the subject's field of view is checked. */
export interface RegistrationRegion {
  /** Label or mask volume in template/MNI RAS space (any grid). */
  readonly volume: Volume;
  /** Voxels equal to this label form the region; when omitted, voxels > 0.5. */
  readonly label?: number;
  /** Name used in messages (default "region"). */
  readonly name?: string;
  /** Coverage below this fraction raises REGISTRATION_REGION_OUTSIDE_FOV (default 0.99). */
  readonly minCoverage?: number;
}

export interface RegistrationOptions {
  /** Pyramid voxel sizes in mm, coarse to fine (default [8, 6, 4]). */
  readonly levelsMm?: readonly number[];
  /** Template mask: voxels above this fraction of the template's robust maximum (default 0.05). */
  readonly maskFraction?: number;
  /** Half-range of the coarse rotation search per axis, degrees (default 30). */
  readonly searchRangeDeg?: number;
  /** Step of the coarse rotation search, degrees (default 15). */
  readonly searchStepDeg?: number;
  /** Candidates of the coarse search refined before choosing one (default 3). */
  readonly searchCandidates?: number;
  /** Maximum LM iterations per stage (default 30). */
  readonly maxIterations?: number;
  /**
   * Robust fitting (default true): Tukey-biweight IRLS on the residuals in the
   * 9- and 12-parameter stages, so regions whose perfusion differs from the
   * template (a hypoperfused cerebellum, a lesion) do not pull the fit.
   */
  readonly robust?: boolean;
  /**
   * Template-space region left out of the similarity (cost-function masking,
   * Brett et al. 2001), e.g. the cerebellum when its perfusion is under study.
   */
  readonly exclude?: { readonly volume: Volume; readonly labels?: readonly number[] };
  /** NCC below this raises REGISTRATION_POOR_SIMILARITY (default 0.7). */
  readonly poorSimilarity?: number;
  /** Region (e.g. the cerebellum) whose coverage by the subject's field of view is reported. */
  readonly region?: RegistrationRegion;
  /**
   * A regularised DCT warp after the affine fit (dct-warp.ts); `level` is the pyramid level index
   * (default the finest). With `gain` the warp runs on all the template's points of the level, the
   * `exclude` region down-weighted to `excludedWeight` (default 0.3) instead of left out, and the
   * template's intensity inside `gain.membership` (values in [0, 1], e.g. the atlas cerebellum
   * blurred to the template's resolution) scaled by one fitted gain (`RegistrationResult.warp.gain`).
   * `false` or omitted: no warp (the pipeline's `analyzeStudy` warps by default; `false` turns it off).
   */
  readonly warp?: (Omit<DctWarpOptions, 'gain'> & { readonly level?: number; readonly gain?: WarpGainOptions }) | false;
}

/** The cerebellar gain of the DCT warp (`RegistrationOptions.warp.gain`). */
export interface WarpGainOptions {
  /** Template-space membership of the region whose intensity is fitted, values in [0, 1]. */
  readonly membership: Volume;
  /** Weight of the `exclude` region's points in the warp's cost, in (0, 1] (default 0.3). */
  readonly excludedWeight?: number;
}

/** One optimisation stage of the coarse-to-fine schedule. */
export interface RegistrationStage {
  /** 'search' (coarse rotation grid), 'rigid', 'similarity', 'scales' or 'affine'. */
  readonly name: string;
  /** Pyramid voxel size (mm). */
  readonly levelMm: number;
  /** Number of template points in the metric at this level. */
  readonly points: number;
  /** LM iterations (grid points evaluated for 'search'). */
  readonly iterations: number;
  /** NCC at the end of the stage. */
  readonly similarity: number;
}

/**
 * Decomposition of the linear part of `mniToSubject` as Q * U (QR, Gram-Schmidt
 * on the columns, one column per MNI axis): `factors` are the subject brain's
 * size relative to the template along the MNI x, y, z axes (U diagonal, so 0.8
 * means a brain 80 % of the template's size); `shear` = [U01/U00, U02/U00, U12/U11].
 */
export interface ScaleDecomposition {
  readonly factors: [number, number, number];
  readonly shear: [number, number, number];
  /** det of the linear part of mniToSubject (volume ratio subject / template). */
  readonly determinant: number;
  /** Rotation angle of Q in degrees (0..180). */
  readonly rotationDeg: number;
}

export interface RegistrationResult {
  /** Subject RAS mm -> template/MNI RAS mm, row-major 4x4. */
  readonly subjectToMni: Float64Array;
  /** Template/MNI RAS mm -> subject RAS mm, row-major 4x4. */
  readonly mniToSubject: Float64Array;
  /** Final normalised cross-correlation over the template mask (minus `exclude`, inside the subject's FOV) at the finest level, in [-1, 1]. */
  readonly similarity: number;
  /** Total LM iterations over all stages. */
  readonly iterations: number;
  readonly stages: readonly RegistrationStage[];
  readonly scale: ScaleDecomposition;
  /** Fraction of the template mask (finest level) that falls inside the subject's field of view. */
  readonly templateCoverage: number;
  /** Fraction of `options.region` inside the subject's field of view; null without a region. */
  readonly regionCoverage: number | null;
  /** The DCT warp fitted after the affine (template centre it is relative to), null when not asked for. */
  readonly warp?: {
    readonly warp: DctWarp; readonly centre: readonly [number, number, number]; readonly ncc: number; readonly maxDisplacementMm: number;
    /** The fitted gain of `gain.membership` (template intensity there times g), null without a gain. */
    readonly gain: number | null;
  } | null;
  readonly issues: readonly Issue[];
}
