/**
 * Load a study from the file system: a DICOM file, a directory of DICOM files
 * (searched recursively; the reconstructed SPECT series is picked), a NIfTI
 * file (.nii, .nii.gz) or an Interfile header (.h33, .hv, .hdr with its data file).
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { readDicom } from '../dicom/index.js';
import { ErrorCode, IoError } from '../errors.js';
import { parseInterfileHeader, readInterfile } from '../interfile/index.js';
import { readNifti } from '../nifti/index.js';
import type { Volume } from '../volume/volume.js';
import { loadDicomDirectory, type SeriesSummary } from './dicom-dir.js';
import { readBytes } from './files.js';

export type StudySource = 'dicom' | 'dicom-directory' | 'nifti' | 'interfile';

export interface LoadedStudy {
  readonly volume: Volume;
  readonly source: StudySource;
  /** Series found in a directory (no identifiers). */
  readonly series?: readonly SeriesSummary[];
}

const INTERFILE_EXT = /\.(h33|hv|hdr|h00)$/i;

/** Load one study from a path. @throws SpectError (IO_ERROR, format errors) */
export async function loadStudy(path: string): Promise<LoadedStudy> {
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new IoError(ErrorCode.IO_ERROR, `cannot open the input (${e.code ?? 'error'})`, { cause: e });
  });
  if (s.isDirectory()) {
    const r = await loadDicomDirectory(path);
    return { volume: r.volume, source: 'dicom-directory', series: r.series };
  }
  const bytes = await readBytes(path);
  if (/\.nii(\.gz)?$/i.test(path)) return { volume: readNifti(bytes), source: 'nifti' };
  if (INTERFILE_EXT.test(path) || startsWithInterfile(bytes)) {
    const text = new TextDecoder('latin1').decode(bytes);
    const header = parseInterfileHeader(text);
    const dataName = header.keys['name of data file'];
    if (!dataName) throw new IoError(ErrorCode.IO_ERROR, 'Interfile header names no data file');
    const rel = normalize(dataName.replace(/\\/g, '/'));
    if (isAbsolute(rel) || rel.startsWith('..')) {
      throw new IoError(ErrorCode.IO_ERROR, 'Interfile data file must be beside its header (no absolute or parent paths)');
    }
    const data = await readBytes(join(dirname(path), rel));
    return { volume: readInterfile(text, data), source: 'interfile' };
  }
  return { volume: await readDicom(bytes), source: 'dicom' };
}

function startsWithInterfile(b: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 32)).trimStart();
  return /^!?INTERFILE/i.test(head);
}
