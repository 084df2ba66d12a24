/**
 * Stable exit codes of the `spect-perfusion` CLI, one per error code.
 * Documented in docs/errors.md (test/cli/exit-codes-doc.test.ts walks its table).
 */
import { SpectError, type ErrorCode } from '../errors.js';

export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  INPUT_FORMAT: 3,
  GEOMETRY: 4,
  RESOURCE_LIMIT: 5,
  ANALYSIS: 6,
  IO: 7,
  /** batch: some studies failed, the others were written. */
  PARTIAL: 10,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit code of each error code (the `CLI exit` column of docs/errors.md). */
export const EXIT_CODE_OF: Readonly<Partial<Record<ErrorCode, ExitCode>>> = {
  NOT_DICOM: ExitCode.INPUT_FORMAT,
  TRUNCATED: ExitCode.INPUT_FORMAT,
  MALFORMED: ExitCode.INPUT_FORMAT,
  UNSUPPORTED_FORMAT: ExitCode.INPUT_FORMAT,
  UNSUPPORTED_TRANSFER_SYNTAX: ExitCode.INPUT_FORMAT,
  MISSING_ATTRIBUTE: ExitCode.INPUT_FORMAT,
  INVALID_ATTRIBUTE: ExitCode.INPUT_FORMAT,
  NO_PIXEL_DATA: ExitCode.INPUT_FORMAT,
  PIXEL_DATA_SIZE: ExitCode.INPUT_FORMAT,
  DECODE_FAILED: ExitCode.INPUT_FORMAT,
  UNSUPPORTED_PIXEL_FORMAT: ExitCode.INPUT_FORMAT,
  NOT_RECONSTRUCTED_VOLUME: ExitCode.INPUT_FORMAT,
  UNSUPPORTED_SOP_CLASS: ExitCode.INPUT_FORMAT,
  INVALID_GEOMETRY: ExitCode.GEOMETRY,
  INCONSISTENT_SERIES: ExitCode.GEOMETRY,
  NO_VOLUME_FOUND: ExitCode.GEOMETRY,
  TOO_FEW_SLICES: ExitCode.GEOMETRY,
  INVALID_NIFTI: ExitCode.INPUT_FORMAT,
  INVALID_INTERFILE: ExitCode.INPUT_FORMAT,
  RESOURCE_LIMIT: ExitCode.RESOURCE_LIMIT,
  ATLAS_ERROR: ExitCode.ANALYSIS,
  INVALID_LABEL_TABLE: ExitCode.ANALYSIS,
  REGISTRATION_FAILED: ExitCode.ANALYSIS,
  ANALYSIS_FAILED: ExitCode.ANALYSIS,
  IO_ERROR: ExitCode.IO,
  USAGE: ExitCode.USAGE,
  UNREPRESENTABLE_VALUES: ExitCode.INPUT_FORMAT,
  INVALID_PARAMETER: ExitCode.ANALYSIS,
  WORKER_FAILED: ExitCode.FAILURE,
  SHARD_MISMATCH: ExitCode.USAGE,
  SHARD_DUPLICATE: ExitCode.USAGE,
  SHARD_MISSING: ExitCode.USAGE,
};

/** True for a raw Node file-system error (its `code` is ENOENT, EACCES..., with a `syscall`) that escaped unwrapped. */
export function isFsError(e: unknown): e is NodeJS.ErrnoException {
  const x = e as NodeJS.ErrnoException | null;
  return x instanceof Error && typeof x.code === 'string' && /^E[A-Z0-9]+$/.test(x.code) && typeof x.syscall === 'string';
}

export function exitCodeFor(e: unknown): ExitCode {
  if (e instanceof SpectError) return EXIT_CODE_OF[e.code] ?? ExitCode.FAILURE;
  if (isFsError(e)) return ExitCode.IO;
  return ExitCode.FAILURE;
}

/**
 * The code and one-line message of a study's failure, for a row of a table, CSV or
 * JSON Lines. A raw file-system error's message holds the path: only its code and call.
 */
export function failureOf(e: unknown): { code: string; message: string } {
  if (e instanceof SpectError) return { code: e.code, message: e.message.split('\n')[0]! };
  if (isFsError(e)) return { code: 'IO_ERROR', message: `a file-system operation failed (${e.code}, ${e.syscall})` };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
}
