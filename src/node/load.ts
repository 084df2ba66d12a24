/**
 * Load a study from the file system: a DICOM file, a directory of DICOM files
 * (searched recursively; the reconstructed SPECT series is picked), a NIfTI
 * file (.nii, .nii.gz) with its JSON sidecar (`<stem>.json` beside it), a
 * directory holding one NIfTI (and its sidecar), or an Interfile header
 * (.h33, .hv, .hdr with its data file).
 *
 * The DICOM and Interfile readers (and dicom-parser) are imported when a study needs
 * them: a process that reads a NIfTI never loads them (docs/packaging.md, "Start-up").
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize } from 'node:path';
import { ErrorCode, GeometryError, IoError, SpectError } from '../errors.js';
import { applyNiftiSidecar, oversizeSidecar, parseNiftiSidecar, unusableSidecar, readNifti, SIDECAR_MAX_BYTES, type NiftiSidecar } from '../nifti/index.js';
import type { Volume } from '../volume/volume.js';
import type { SeriesSummary } from './dicom-dir.js';
import { readBytes } from './files.js';

export type StudySource = 'dicom' | 'dicom-directory' | 'nifti' | 'interfile';

export interface LoadedStudy {
  readonly volume: Volume;
  readonly source: StudySource;
  /** Series found in a directory (no identifiers). */
  readonly series?: readonly SeriesSummary[];
  /** Path of the JSON sidecar applied to a NIfTI, null when there was none. */
  readonly sidecar?: string | null;
}

export interface LoadStudyOptions {
  /**
   * JSON sidecar of a NIfTI input: a path (used instead of `<stem>.json`), or false to
   * ignore sidecars. Default: `<stem>.json` beside the NIfTI when it exists.
   */
  readonly sidecar?: string | false;
}

const INTERFILE_EXT = /\.(h33|hv|hdr|h00)$/i;
const NIFTI_EXT = /\.nii(\.gz)?$/i;
/** Files that may sit beside a NIfTI in its study folder (sidecars, notes, previews). */
const BESIDE_NIFTI = /\.(json|txt|md|csv|tsv|png|jpe?g|html?|log|bval|bvec)$/i;

/** True for a `.nii` or `.nii.gz` path. */
export function isNiftiPath(path: string): boolean {
  return NIFTI_EXT.test(path);
}

/** The sidecar path of a NIfTI: `<stem>.json`, the stem without `.nii`/`.nii.gz`. */
export function sidecarPathFor(niftiPath: string): string {
  return niftiPath.replace(NIFTI_EXT, '') + '.json';
}

/** Load one study from a path. @throws SpectError (IO_ERROR, format errors) */
export async function loadStudy(path: string, options: LoadStudyOptions = {}): Promise<LoadedStudy> {
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new IoError(ErrorCode.IO_ERROR, `cannot open the input (${e.code ?? 'error'})`, { cause: e });
  });
  if (s.isDirectory()) {
    const { listFolderFiles, loadDicomDirectory } = await import('./dicom-dir.js');
    const nifti = niftiOfFolder(await listFolderFiles(path));
    if (nifti !== null) return loadNifti(nifti, options);
    if (typeof options.sidecar === 'string') throw sidecarNotNifti();
    const r = await loadDicomDirectory(path);
    return { volume: r.volume, source: 'dicom-directory', series: r.series };
  }
  if (NIFTI_EXT.test(path)) return loadNifti(path, options);
  if (typeof options.sidecar === 'string') throw sidecarNotNifti();
  const bytes = await readBytes(path);
  if (INTERFILE_EXT.test(path) || startsWithInterfile(bytes)) {
    const { parseInterfileHeader, readInterfile } = await import('../interfile/index.js');
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
  const { readDicom } = await import('../dicom/index.js');
  return { volume: await readDicom(bytes), source: 'dicom' };
}

function sidecarNotNifti(): SpectError {
  return new SpectError(ErrorCode.USAGE, 'a JSON sidecar applies to a NIfTI input only');
}

/**
 * The NIfTI of a study folder (its files as listFolderFiles gives them): the folder (searched like a DICOM folder) holds exactly one
 * .nii/.nii.gz and otherwise only sidecars and other non-image files. Null when it holds
 * no NIfTI or also other files (then it is read as a DICOM folder, as before).
 * @throws GeometryError NO_VOLUME_FOUND when it holds several NIfTI files and nothing else
 */
function niftiOfFolder(files: readonly string[]): string | null {
  const niftis = files.filter((f) => NIFTI_EXT.test(f));
  if (niftis.length === 0 || files.some((f) => !NIFTI_EXT.test(f) && !BESIDE_NIFTI.test(basename(f)))) return null;
  if (niftis.length > 1) {
    throw new GeometryError(ErrorCode.NO_VOLUME_FOUND, `the folder holds ${niftis.length} NIfTI files and no DICOM: pass one NIfTI file`);
  }
  return niftis[0]!;
}

async function loadNifti(path: string, options: LoadStudyOptions): Promise<LoadedStudy> {
  const volume = readNifti(await readBytes(path));
  if (options.sidecar === false) return { volume, source: 'nifti', sidecar: null };
  const explicit = typeof options.sidecar === 'string';
  const sidecarPath = explicit ? (options.sidecar as string) : sidecarPathFor(path);
  const sidecar = await readSidecar(sidecarPath, explicit);
  if (sidecar === null) return { volume, source: 'nifti', sidecar: null };
  return { volume: applyNiftiSidecar(volume, sidecar), source: 'nifti', sidecar: sidecarPath };
}

/**
 * The parsed sidecar, or null when there is none. A sidecar that is too large is not
 * read (issue); one that is not a regular file is an issue too. An explicit sidecar
 * that does not exist is an IO_ERROR.
 */
async function readSidecar(path: string, explicit: boolean): Promise<NiftiSidecar | null> {
  const s = await stat(path).catch((e: NodeJS.ErrnoException) => {
    if (explicit) throw new IoError(ErrorCode.IO_ERROR, `cannot open the sidecar (${e.code ?? 'error'})`, { cause: e });
    return null;
  });
  if (s === null) return null;
  if (!s.isFile()) {
    return unusableSidecar('SIDECAR_UNREADABLE', 'the JSON sidecar is not a regular file');
  }
  if (s.size > SIDECAR_MAX_BYTES) return oversizeSidecar(s.size);
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(path, SIDECAR_MAX_BYTES);
  } catch (e) {
    if (explicit) throw e;
    const code = e instanceof SpectError ? e.code : 'error';
    return unusableSidecar('SIDECAR_UNREADABLE', `the JSON sidecar cannot be read (${code})`);
  }
  return parseNiftiSidecar(bytes);
}

function startsWithInterfile(b: Uint8Array): boolean {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 32)).trimStart();
  return /^!?INTERFILE/i.test(head);
}
