/**
 * Picked files to a Volume, without a file system (the browser counterpart of
 * `spect-perfusion/node`'s `loadStudy`): one NIfTI file, an Interfile header (told by
 * its `INTERFILE` first key) with its data file, one DICOM file, or several DICOM files (the reconstructed SPECT
 * series among them is picked).
 */
import { groupDicomFiles, pickSpectSeries, readDicom, readSeriesGroup } from '../dicom/index.js';
import { ErrorCode, IoError, SpectError } from '../errors.js';
import { parseInterfileHeader, readInterfile } from '../interfile/index.js';
import { readNifti } from '../nifti/index.js';
import type { Volume } from '../volume/volume.js';
import type { StudyFile } from './protocol.js';

const NIFTI_EXT = /\.nii(\.gz)?$/i;

function startsWithInterfile(b: Uint8Array): boolean {
  return /^\s*!?INTERFILE/i.test(new TextDecoder('latin1').decode(b.subarray(0, 64)));
}

/** NIfTI-1 magic at byte 344, NIfTI-2 at byte 4, or a gzip stream. */
function looksLikeNifti(b: Uint8Array): boolean {
  const at = (o: number, s: string): boolean => b.length >= o + s.length && [...s].every((c, i) => b[o + i] === c.charCodeAt(0));
  return at(344, 'n+1') || at(344, 'ni1') || at(4, 'n+2') || at(4, 'ni2') || (b[0] === 0x1f && b[1] === 0x8b);
}

/**
 * Read the picked files into one Volume.
 * @throws IoError IO_ERROR (no file; Interfile data file not picked), and the readers' errors
 */
export async function loadStudyFiles(files: readonly StudyFile[]): Promise<Volume> {
  if (files.length === 0) throw new IoError(ErrorCode.IO_ERROR, 'no file given');
  const header = files.find((f) => startsWithInterfile(f.bytes));
  if (header) {
    const text = new TextDecoder('latin1').decode(header.bytes);
    const h = parseInterfileHeader(text);
    const dataName = (h.keys['name of data file'] ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
    const others = files.filter((f) => f !== header);
    const data = others.find((f) => f.name.toLowerCase() === dataName.toLowerCase()) ?? (others.length === 1 ? others[0] : undefined);
    if (!data) throw new IoError(ErrorCode.IO_ERROR, 'the Interfile data file named by the header was not given with it');
    return readInterfile(text, data.bytes);
  }
  if (files.length === 1) {
    const f = files[0]!;
    return NIFTI_EXT.test(f.name) || looksLikeNifti(f.bytes) ? readNifti(f.bytes) : readDicom(f.bytes);
  }
  const grouped = groupDicomFiles(files.map((f) => ({ name: f.name, bytes: f.bytes })));
  return readSeriesGroup(pickSpectSeries(grouped.series));
}

/** A thrown value as the protocol's `{ code, message }`: a SpectError's own, else WORKER_FAILED. */
export function errorInfo(e: unknown): { code: string; message: string } {
  if (e instanceof SpectError) return { code: e.code, message: e.message };
  return { code: ErrorCode.WORKER_FAILED, message: e instanceof Error ? `${e.name}: ${e.message}` : 'the worker failed' };
}
