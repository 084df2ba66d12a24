/**
 * Stable exit codes of the `spect-perfusion` CLI, one per error class.
 * Documented in docs/errors.md.
 */
import {
  AnalysisError, AtlasError, DicomError, GeometryError, ImageFormatError, IoError,
  RegistrationError, ResourceLimitError, SpectError, ErrorCode,
} from '../errors.js';

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

export function exitCodeFor(e: unknown): ExitCode {
  if (!(e instanceof SpectError)) return ExitCode.FAILURE;
  if (e.code === ErrorCode.USAGE) return ExitCode.USAGE;
  if (e instanceof ResourceLimitError) return ExitCode.RESOURCE_LIMIT;
  if (e instanceof GeometryError) return ExitCode.GEOMETRY;
  if (e instanceof DicomError || e instanceof ImageFormatError) return ExitCode.INPUT_FORMAT;
  if (e instanceof RegistrationError || e instanceof AtlasError || e instanceof AnalysisError) return ExitCode.ANALYSIS;
  if (e instanceof IoError) return ExitCode.IO;
  switch (e.code) {
    case ErrorCode.NOT_DICOM: case ErrorCode.TRUNCATED: case ErrorCode.MALFORMED: case ErrorCode.UNSUPPORTED_FORMAT:
      return ExitCode.INPUT_FORMAT;
    default:
      return ExitCode.FAILURE;
  }
}
