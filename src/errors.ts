/**
 * The one error hierarchy of spect-perfusion.
 *
 * Every failure caused by input data is a `SpectError` with a stable `code`
 * (listed in `ErrorCode` and in docs/errors.md). Callers switch on `code`, never
 * on the message. Subclasses group codes by the stage that raised them, so that
 * `err instanceof DicomError` works too. Programmer errors (a bad argument to a
 * kernel) are `RangeError`/`TypeError`, as usual in JavaScript.
 */

import { cleanDeep, cleanLine } from './text/sanitize.js';

export const ErrorCode = {
  // generic input
  NOT_DICOM: 'NOT_DICOM',
  TRUNCATED: 'TRUNCATED',
  MALFORMED: 'MALFORMED',
  UNSUPPORTED_FORMAT: 'UNSUPPORTED_FORMAT',
  // DICOM
  UNSUPPORTED_TRANSFER_SYNTAX: 'UNSUPPORTED_TRANSFER_SYNTAX',
  MISSING_ATTRIBUTE: 'MISSING_ATTRIBUTE',
  INVALID_ATTRIBUTE: 'INVALID_ATTRIBUTE',
  NO_PIXEL_DATA: 'NO_PIXEL_DATA',
  PIXEL_DATA_SIZE: 'PIXEL_DATA_SIZE',
  DECODE_FAILED: 'DECODE_FAILED',
  UNSUPPORTED_PIXEL_FORMAT: 'UNSUPPORTED_PIXEL_FORMAT',
  NOT_RECONSTRUCTED_VOLUME: 'NOT_RECONSTRUCTED_VOLUME',
  UNSUPPORTED_SOP_CLASS: 'UNSUPPORTED_SOP_CLASS',
  // geometry and series
  INVALID_GEOMETRY: 'INVALID_GEOMETRY',
  INCONSISTENT_SERIES: 'INCONSISTENT_SERIES',
  NO_VOLUME_FOUND: 'NO_VOLUME_FOUND',
  /** A volume too thin to hold a head (e.g. one slice of a single-frame series read alone). */
  TOO_FEW_SLICES: 'TOO_FEW_SLICES',
  // NIfTI / Interfile
  INVALID_NIFTI: 'INVALID_NIFTI',
  INVALID_INTERFILE: 'INVALID_INTERFILE',
  // resources
  RESOURCE_LIMIT: 'RESOURCE_LIMIT',
  // analysis stages
  ATLAS_ERROR: 'ATLAS_ERROR',
  INVALID_LABEL_TABLE: 'INVALID_LABEL_TABLE',
  REGISTRATION_FAILED: 'REGISTRATION_FAILED',
  ANALYSIS_FAILED: 'ANALYSIS_FAILED',
  // I/O (node entry only)
  IO_ERROR: 'IO_ERROR',
  USAGE: 'USAGE',
  // writers (DICOM output) and the simulator
  UNREPRESENTABLE_VALUES: 'UNREPRESENTABLE_VALUES',
  INVALID_PARAMETER: 'INVALID_PARAMETER',
  /** batch: the worker thread analysing a study crashed or exited (the study is recorded as failed). */
  WORKER_FAILED: 'WORKER_FAILED',
  /** merge: shard folders made by different batches (options, inputs or shard count differ), or not a shard's folder. */
  SHARD_MISMATCH: 'SHARD_MISMATCH',
  /** merge: a shard given twice, or one study (or output id) in two shards. */
  SHARD_DUPLICATE: 'SHARD_DUPLICATE',
  /** merge: shards (or studies of the batch) missing. */
  SHARD_MISSING: 'SHARD_MISSING',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface SpectErrorOptions {
  readonly cause?: unknown;
  /** Extra machine-readable context (never patient identifiers). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base class of every error the library throws on bad or unsupported input. */
export class SpectError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(code: ErrorCode, message: string, options: SpectErrorOptions = {}) {
    // control characters (from file names or header text) never reach a terminal or a JSON error (src/text/sanitize.ts)
    super(cleanLine(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details === undefined ? undefined : cleanDeep(options.details);
  }
}

/** Byte-level and attribute-level DICOM problems. */
export class DicomError extends SpectError {}
/** Pixel data that cannot be decoded (codec failure, wrong size, unsupported syntax). */
export class PixelDataError extends DicomError {}
/** Geometry that cannot give a trustworthy voxel-to-world affine, or an inconsistent series. */
export class GeometryError extends SpectError {}
/** Bad NIfTI or Interfile input. */
export class ImageFormatError extends SpectError {}
/** Input that would exceed a configured resource limit (memory cap, nesting depth); code RESOURCE_LIMIT only. */
export class ResourceLimitError extends SpectError {
  declare readonly code: typeof ErrorCode.RESOURCE_LIMIT;
  constructor(code: typeof ErrorCode.RESOURCE_LIMIT, message: string, options?: SpectErrorOptions) {
    super(code, message, options);
  }
}
/** Atlas problems (unknown labels, grids that cannot be combined). */
export class AtlasError extends SpectError {}
/** Spatial normalisation that failed or cannot be trusted; code REGISTRATION_FAILED only. */
export class RegistrationError extends SpectError {
  declare readonly code: typeof ErrorCode.REGISTRATION_FAILED;
  constructor(code: typeof ErrorCode.REGISTRATION_FAILED, message: string, options?: SpectErrorOptions) {
    super(code, message, options);
  }
}
/** Anything else in the analysis stage. */
export class AnalysisError extends SpectError {}
/**
 * File-system errors from the node entry and the CLI; code IO_ERROR only (a file over a size cap is
 * a ResourceLimitError: the exit code follows the code, docs/errors.md).
 */
export class IoError extends SpectError {
  declare readonly code: typeof ErrorCode.IO_ERROR;
  constructor(code: typeof ErrorCode.IO_ERROR, message: string, options?: SpectErrorOptions) {
    super(code, message, options);
  }
}

/** True when `e` is any error of this library. */
export function isSpectError(e: unknown): e is SpectError {
  return e instanceof SpectError;
}
