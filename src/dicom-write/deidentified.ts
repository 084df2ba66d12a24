/**
 * De-identified copy of a source NM study (PS3.15 Annex E Basic Application
 * Level Confidentiality Profile, see src/dicom-write/deidentify/ and docs/privacy.md): the
 * source file's dataset with the profile's actions applied, so acquisition,
 * reconstruction, isotope and geometry attributes and the pixel data are the
 * source's, byte for byte. Nothing is re-synthesised.
 */
import { DicomError, ErrorCode } from '../errors.js';
import { deidentifyDicom, type DeidentifiedFile } from './deidentify/deidentify-file.js';
import type { DateHandling, SourceStudy } from './deidentify/types.js';
import type { Volume } from '../volume/volume.js';
import { parseDicomBytes } from '../dicom/parse.js';
import { TAGS } from '../dicom-base/tags.js';

export interface DeidentifiedNmOptions {
  /** Secret key of the pseudonym and of the replacement UIDs (use the report's `--pseudonym-key`). */
  readonly key: string;
  /** Dates removed (default) or shifted by whole days. */
  readonly dates?: DateHandling;
}

/** The de-identified file, its replacement UIDs and the audit of every source element. */
export type WrittenDeidentifiedNm = DeidentifiedFile;

/**
 * Write a de-identified copy of `source.file` (the original DICOM bytes).
 * `volume` is the volume read from that file (or null): its voxels are the
 * pseudonym source when the file has no Study Instance UID, as in the report,
 * and its size must match the file's Rows x Columns x Number of Frames.
 * Patient's Name and ID become the study pseudonym; UIDs keyed hashes of the
 * source UIDs; dates are removed or shifted; age and sex are kept.
 * @throws DicomError INVALID_PARAMETER (no source file, a volume of another size, empty key, bad date shift) | and the reader's errors
 */
export function writeDeidentifiedNm(volume: Volume | null, source: SourceStudy | null, options: DeidentifiedNmOptions): WrittenDeidentifiedNm {
  const file = source?.file;
  if (!file) {
    throw new DicomError(
      ErrorCode.INVALID_PARAMETER,
      'writeDeidentifiedNm copies the source study: pass its DICOM bytes as source.file',
    );
  }
  const data = source.data ?? volume?.data;
  const w = deidentifyDicom(file, { key: options.key, ...(options.dates ? { dates: options.dates } : {}), ...(data ? { data } : {}) });
  if (volume) {
    const frames = frameCount(w.bytes);
    const [nx, ny, nz] = volume.dims;
    if (frames !== null && nx * ny * nz !== frames) {
      throw new DicomError(ErrorCode.INVALID_PARAMETER, `the volume (${nx}x${ny}x${nz}) is not the one stored in source.file`);
    }
  }
  return w;
}

/** Rows x Columns x Number of Frames of the top-level dataset, or null when Rows or Columns is missing. */
function frameCount(bytes: Uint8Array): number | null {
  const ds = parseDicomBytes(bytes).dataSet;
  const rows = ds.uint16(TAGS.Rows.tag);
  const cols = ds.uint16(TAGS.Columns.tag);
  const framesText = ds.string(TAGS.NumberOfFrames.tag);
  const frames = framesText === undefined || framesText.trim() === '' ? 1 : Number(framesText);
  if (rows === undefined || cols === undefined || !Number.isFinite(frames)) return null;
  return rows * cols * frames;
}
