/**
 * Node-only: load the reconstructed SPECT from a directory of DICOM files
 * (recursive walk, DICOMDIR skipped, bounded number and size of files).
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ErrorCode, IoError, ResourceLimitError } from '../errors.js';
import type { Issue } from '../issues.js';
import type { Volume } from '../volume/volume.js';
import { groupDicomFiles, pickSpectSeries, readSeriesGroup, type DicomFileInput, type SeriesSummary } from '../dicom/series.js';
import type { ReadDicomOptions } from '../dicom/read.js';
import { readBytes } from './files.js';

export type { SeriesSummary } from '../dicom/series.js';

export interface DicomDirectoryOptions extends ReadDicomOptions {
  /** Most files read (default 20000). */
  readonly maxFiles?: number;
  /** Deepest sub-folder level walked (default 16). */
  readonly maxDepth?: number;
  /** Largest total bytes read (default 8 GiB). */
  readonly maxTotalBytes?: number;
}

export interface DicomDirectoryResult {
  readonly volume: Volume;
  /** Every series found (no identifiers). */
  readonly series: SeriesSummary[];
  /** Skipped files and other notes of the walk (the volume has its own issues). */
  readonly issues: Issue[];
}

/**
 * Walk `path`, group the DICOM files into series and read the reconstructed SPECT.
 * @throws IoError IO_ERROR (unreadable folder)
 * @throws ResourceLimitError RESOURCE_LIMIT (too many files or bytes)
 * @throws DicomError NO_VOLUME_FOUND, and the errors of readDicom / assembleSeries
 */
export async function loadDicomDirectory(path: string, options: DicomDirectoryOptions = {}): Promise<DicomDirectoryResult> {
  const maxTotal = options.maxTotalBytes ?? 8 * 1024 ** 3;
  const walkNotes: Issue[] = [];
  const paths = await listFolderFiles(path, options, walkNotes);
  const files: DicomFileInput[] = [];
  let total = 0;
  for (const p of paths) {
    const bytes = await readBytes(p);
    total += bytes.length;
    if (total > maxTotal) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `the folder holds more than ${maxTotal} bytes of files`);
    files.push({ name: relative(path, p), bytes });
  }
  const grouped = groupDicomFiles(files, options);
  const chosen = pickSpectSeries(grouped.series);
  const volume = await readSeriesGroup(chosen, options);
  return { volume, series: grouped.series.map((g) => g.summary), issues: [...walkNotes, ...grouped.issues] };
}

/**
 * Every file under `path` (recursive, sorted; DICOMDIR and dot files skipped), with the
 * same bounds as `loadDicomDirectory`. Symbolic links are followed; a link back to a
 * folder already walked (a loop) is not followed again, and a broken link is noted in
 * `notes` when given.
 * @throws IoError IO_ERROR, ResourceLimitError RESOURCE_LIMIT
 */
export async function listFolderFiles(path: string, options: Pick<DicomDirectoryOptions, 'maxFiles' | 'maxDepth'> = {}, notes?: Issue[]): Promise<string[]> {
  const paths: string[] = [];
  const w: Walk = { maxDepth: options.maxDepth ?? 16, maxFiles: options.maxFiles ?? 20_000, out: paths, seen: new Set(), notes: notes ?? [] };
  await walk(path, 0, w);
  return paths.sort();
}

interface Walk {
  readonly maxDepth: number;
  readonly maxFiles: number;
  readonly out: string[];
  /** Real paths of the folders walked (loop protection). */
  readonly seen: Set<string>;
  readonly notes: Issue[];
}

async function walk(dir: string, depth: number, w: Walk): Promise<void> {
  if (depth > w.maxDepth) return;
  const real = await realpath(dir).catch(() => dir);
  if (w.seen.has(real)) {
    w.notes.push({ code: 'FILE_SKIPPED', severity: 'info', message: 'a symbolic link to a folder already read (a loop) was not followed' });
    return;
  }
  w.seen.add(real);
  let handle;
  try {
    handle = await opendir(dir);
  } catch (e) {
    throw new IoError(ErrorCode.IO_ERROR, `cannot read a folder of the study (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
  const subdirs: string[] = [];
  for await (const entry of handle) {
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory(), isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const t = await stat(full).catch((e: NodeJS.ErrnoException) => e.code ?? 'error');
      if (typeof t === 'string') {
        w.notes.push({ code: 'FILE_SKIPPED', severity: 'warning', message: `a symbolic link whose target cannot be opened (${t}) was skipped` });
        continue;
      }
      isDir = t.isDirectory(); isFile = t.isFile();
    }
    if (isDir) subdirs.push(full);
    else if (isFile) {
      if (entry.name.toUpperCase() === 'DICOMDIR' || entry.name.startsWith('.')) continue;
      w.out.push(full);
      if (w.out.length > w.maxFiles) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `more than ${w.maxFiles} files under the folder`);
    }
  }
  subdirs.sort();
  for (const s of subdirs) await walk(s, depth + 1, w);
}
