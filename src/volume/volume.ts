/**
 * The `Volume`: what every reader returns and every analysis step consumes.
 * Like nibabel's image it is a triple of voxel data, an affine and metadata,
 * plus the `issues` found while reading it.
 *
 * - `data` is Float32, x (column, i) fastest, then y (row, j), then z (slice, k):
 *   `data[i + nx * (j + ny * k)]`. Values are real-world values (after rescale).
 * - `affine` maps voxel index (i, j, k) to RAS+ millimetres, row-major Float64.
 */
import ndarray from 'ndarray';
import type { Float32NdArray } from './ndarray-types.js';
import { ErrorCode, GeometryError } from '../errors.js';
import type { Issue } from '../issues.js';
import { toMat4, voxelSizes, type Mat4 } from './affine.js';

export type Dims3 = readonly [number, number, number];

/** Tracers known to the library. `null` when the file does not say. */
export interface Radiopharmaceutical {
  /** Normalised short code: 'HMPAO', 'ECD', 'IMP', other tracers by name, or 'UNKNOWN'. */
  readonly code: string;
  /** The name as written in the file (e.g. "Tc-99m HMPAO", "Exametazime"). */
  readonly name: string | null;
  /** Nuclide name when given (e.g. "^99m^Technetium"). */
  readonly nuclide?: string | null;
}

/**
 * Where a metadata value came from: the file's own header (the `format`s), a
 * NIfTI JSON sidecar, or a batch manifest. Values given to `analyzeStudy` as
 * options (`--age`, `--tracer`) are not metadata: the report records them as
 * `caller`.
 */
export type MetadataSource = 'dicom' | 'nifti' | 'interfile' | 'synthetic' | 'sidecar' | 'manifest';

export interface VolumeMetadata {
  /** Source format the volume was read from. */
  readonly format: 'dicom' | 'nifti' | 'interfile' | 'synthetic';
  readonly modality: string | null;
  readonly sopClassUid: string | null;
  /** Image Type values, e.g. ["ORIGINAL", "PRIMARY", "RECON TOMO", "EMISSION"]. */
  readonly imageType: readonly string[];
  readonly manufacturer: string | null;
  readonly manufacturerModel: string | null;
  readonly studyInstanceUid: string | null;
  readonly seriesInstanceUid: string | null;
  /** Age in years at the study, from PatientAge or from birth and study dates. */
  readonly patientAgeYears: number | null;
  readonly patientSex: 'M' | 'F' | 'O' | null;
  readonly radiopharmaceutical: Radiopharmaceutical | null;
  /** Units of `data`, e.g. 'counts', 'Bq/ml', UCUM code when known; null when unknown. */
  readonly units: string | null;
  /** Acquisition (or study) date as YYYY-MM-DD, null when absent. */
  readonly acquisitionDate: string | null;
  /** Sum of the decoded real-world values (Float64 accumulation). */
  readonly totalCounts: number;
  /** Free-form extra facts from the reader (transfer syntax, gating, ...). No identifiers. */
  readonly extra: Readonly<Record<string, string | number | boolean | null>>;
  /**
   * Where `patientAgeYears`, `patientSex` and `radiopharmaceutical` came from; null when the
   * value is null. `createVolume` fills a missing source of a present value with `format`.
   */
  readonly ageSource?: MetadataSource | null;
  readonly sexSource?: MetadataSource | null;
  readonly tracerSource?: MetadataSource | null;
  /** Patient weight in kg (NIfTI sidecar `PatientWeight`), null when unknown. */
  readonly patientWeightKg?: number | null;
  /** Injected activity in MBq (sidecar `InjectedRadioactivity` with its units), null when unknown. */
  readonly injectedActivityMBq?: number | null;
  /**
   * Whether the reconstruction was attenuation corrected: DICOM Corrected Image (0028,0051)
   * holding `ATTN` or an Attenuation Correction Method (0054,1101); sidecar
   * `AttenuationCorrection`. null when the file does not say.
   */
  readonly attenuationCorrected?: boolean | null;
  /** Where `attenuationCorrected` came from; null when it is null. */
  readonly attenuationSource?: MetadataSource | null;
}

export interface Volume {
  readonly data: Float32Array;
  readonly dims: Dims3;
  /** Voxel size in mm along i, j, k (norms of the affine's columns). */
  readonly spacing: readonly [number, number, number];
  /** Voxel (i, j, k) to RAS+ mm, row-major 4x4. */
  readonly affine: Mat4;
  readonly metadata: VolumeMetadata;
  readonly issues: readonly Issue[];
}

export const EMPTY_METADATA: VolumeMetadata = Object.freeze({
  format: 'synthetic',
  modality: null,
  sopClassUid: null,
  imageType: [],
  manufacturer: null,
  manufacturerModel: null,
  studyInstanceUid: null,
  seriesInstanceUid: null,
  patientAgeYears: null,
  patientSex: null,
  radiopharmaceutical: null,
  units: null,
  acquisitionDate: null,
  totalCounts: 0,
  extra: {},
  ageSource: null,
  sexSource: null,
  tracerSource: null,
  patientWeightKg: null,
  injectedActivityMBq: null,
  attenuationCorrected: null,
  attenuationSource: null,
});

export interface CreateVolumeInput {
  readonly data: Float32Array;
  readonly dims: readonly number[];
  readonly affine: ArrayLike<number>;
  readonly metadata?: Partial<VolumeMetadata>;
  readonly issues?: readonly Issue[];
}

/**
 * Build a validated `Volume`. Checks dims (three positive integers), data length,
 * a finite non-singular affine; copies the affine; computes `totalCounts` when not given.
 * @throws GeometryError INVALID_GEOMETRY
 */
export function createVolume(input: CreateVolumeInput): Volume {
  const d = input.dims;
  if (d.length !== 3 || !d.every((n) => Number.isInteger(n) && n > 0)) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `dims must be three positive integers, got [${d.join(', ')}]`);
  }
  const dims: Dims3 = [d[0]!, d[1]!, d[2]!];
  const n = dims[0] * dims[1] * dims[2];
  if (input.data.length !== n) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `data has ${input.data.length} voxels, dims need ${n}`);
  }
  const affine = toMat4(input.affine);
  const spacing = voxelSizes(affine);
  if (!spacing.every((s) => s > 0 && Number.isFinite(s))) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'affine has a zero or non-finite voxel size');
  }
  let total = input.metadata?.totalCounts;
  if (total === undefined) total = sumFloat32(input.data);
  const merged: VolumeMetadata = { ...EMPTY_METADATA, ...input.metadata, totalCounts: total };
  const metadata: VolumeMetadata = {
    ...merged,
    ageSource: sourceOf(merged.patientAgeYears, merged.ageSource, merged.format),
    sexSource: sourceOf(merged.patientSex, merged.sexSource, merged.format),
    tracerSource: sourceOf(merged.radiopharmaceutical, merged.tracerSource, merged.format),
    attenuationSource: sourceOf(merged.attenuationCorrected, merged.attenuationSource, merged.format),
  };
  return { data: input.data, dims, spacing, affine, metadata, issues: input.issues ?? [] };
}

/** The source of a value: the given one, else the reader's format when the value is present. */
function sourceOf(value: unknown, given: MetadataSource | null | undefined, format: VolumeMetadata['format']): MetadataSource | null {
  if (value === null || value === undefined) return null;
  return given ?? format;
}

function sumFloat32(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}

/** An `ndarray` view (no copy) of the volume's data, shape [nx, ny, nz], x fastest. */
export function volumeToNdarray(v: Volume): Float32NdArray {
  const [nx, ny, nz] = v.dims;
  return ndarray(v.data, [nx, ny, nz], [1, nx, nx * ny], 0);
}
