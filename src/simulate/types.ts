/**
 * Parameters, source and truth of the SPECT study simulator (docs/simulator.md).
 */
import type { Mat4 } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';
import type { TracerCode } from '../dicom-write/types.js';

/** Activity template in MNI space plus an atlas naming the cerebellum and cortex labels. */
export interface SimSource {
  readonly activity: Volume;
  readonly labels: {
    readonly data: Int16Array | Uint8Array | Int32Array;
    readonly dims: readonly [number, number, number];
    /** Voxel -> MNI mm, row-major 4x4. */
    readonly affine: ArrayLike<number>;
    readonly cerebellum: readonly number[];
    readonly cortex: readonly number[];
  };
  /**
   * The attenuating head (non-zero inside), on a grid of its own (voxel -> MNI mm, row-major
   * 4x4), e.g. a thresholded T1 head. Default: the closed brain grown by the skin distance with
   * the hand-made face, glands and neck of src/simulate/attenuation.ts. It must be closed (a ray
   * ends at its first voxel outside, so fill enclosed holes) and hold at least 95 % of the brain.
   * Scalp and salivary uptake stay where the default head puts them (src/simulate/anatomy.ts).
   */
  readonly head?: {
    readonly data: Int16Array | Uint8Array | Int32Array;
    readonly dims: readonly [number, number, number];
    readonly affine: ArrayLike<number>;
  };
}

export interface SimPose {
  /** Rotations about the scanner x, y, z axes in degrees (applied x, then y, then z), about the brain centre. */
  readonly rotationsDeg: readonly [number, number, number];
  /** Translation of the brain centre from the scanner isocentre, mm (RAS). */
  readonly translationMm: readonly [number, number, number];
}

export interface SimParams {
  /** Cerebellar perfusion factor f (1 = normal, 0.6 = 40 % lower). Range 0.3..1.2. */
  readonly cerebellarFactor: number;
  /**
   * Perfusion factor of the right cerebellar half (MNI x >= 0); `cerebellarFactor` then
   * applies to the left half. Default: `cerebellarFactor` (bilateral).
   */
  readonly cerebellarFactorRight?: number;
  /** Cerebellar atrophy: fractional shrink of the cerebellum towards its centre (0 = none), 0..0.5. */
  readonly cerebellarAtrophy?: number;
  /** Activity filling the space the cerebellum left, as a fraction of the mean cortical activity (default 0.25, CSF-like). */
  readonly csfFraction?: number;
  /** FWHM of the soft edge of the cerebellar factor mask, mm (default 6). */
  readonly edgeFwhmMm?: number;
  /** Individual anatomy: largest displacement (mm) of a smooth random deformation of the head (0 = none). */
  readonly deformationMm?: number;
  /** Scalp uptake: a shell 7-13 mm outside the brain at this fraction of the mean cortical activity (0 = none). */
  readonly scalpFraction?: number;
  /** Parotid and submandibular gland uptake, fraction of the mean cortical activity (0 = none). */
  readonly salivaryFraction?: number;
  /** No attenuation correction: effective linear attenuation coefficient, 1/cm (0 = corrected). */
  readonly attenuationPerCm?: number;
  readonly pose?: SimPose;
  /** Isotropic brain scale (1 = MNI size), 0.75..1.05. */
  readonly brainScale?: number;
  /** In-plane matrix (the grid is a cube matrix^3). */
  readonly matrix?: 64 | 128;
  /** Isotropic voxel size, mm, 2.2..4.8. */
  readonly voxelSizeMm?: number;
  /** System resolution (Gaussian FWHM), mm, 6..14; 0 disables the blur (tests). */
  readonly fwhmMm?: number;
  /** Expected total counts of the noise-free study inside the field of view. */
  readonly totalCounts?: number;
  /** Poisson noise on (default) or off. */
  readonly noise?: boolean;
  /** Axial field of view, mm (null/undefined = whole grid); slices whose centre is outside are zeroed. */
  readonly axialFovMm?: number | null;
  /** Centre of the axial field of view, scanner z mm (default 0). */
  readonly axialFovCentreMm?: number;
  readonly ageYears?: number;
  readonly sex?: 'M' | 'F';
  readonly tracer?: TracerCode;
}

/** Everything needed to check an analysis against the simulation. Plain JSON. */
export interface SimTruth {
  readonly seed: number;
  /** All parameters with defaults filled in. */
  readonly params: Required<Omit<SimParams, 'axialFovMm'>> & { readonly axialFovMm: number | null };
  /** Subject (scanner) RAS mm -> MNI mm, row-major 4x4. */
  readonly subjectToMni: number[];
  /** Scanner voxel -> RAS mm, row-major 4x4. */
  readonly scannerAffine: number[];
  readonly dims: [number, number, number];
  /** Mean noise-free activity in the truth cerebellum / truth cortex (scanner grid, inside the FOV). */
  readonly idealRatio: number;
  readonly idealCerebellumMean: number;
  /**
   * Tissue ratio: mean activity of the truth cerebellum / truth cortex on the
   * source grid before extracerebral uptake, attenuation and blur (the
   * perfusion ratio an instrument of perfect resolution would see).
   */
  readonly tissueRatio: number;
  readonly idealCortexMean: number;
  readonly cerebellumVoxels: number;
  readonly cortexVoxels: number;
  /** Slice indices k set to zero by the axial field of view. */
  readonly slicesZeroed: number[];
  /** Counts per unit of template activity. */
  readonly countScale: number;
  readonly totalCountsNoiseFree: number;
  readonly totalCountsNoisy: number;
}

export interface SimResult {
  /** Noisy study in scanner space (RAS affine). */
  readonly volume: Volume;
  readonly noiseFree: Volume;
  readonly truth: SimTruth;
  /** Truth labels on the scanner grid: 1 cerebellum, 2 cortex, 0 other. */
  readonly truthLabels: Uint8Array;
}

export type { Mat4 };
