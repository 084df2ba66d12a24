/**
 * Node-only: load the reconstructed SPECT from a directory of DICOM files
 * (recursive walk, DICOMDIR skipped, bounded number and size of files).
 */
import { opendir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
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
  const paths = await listFolderFiles(path, options);
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
  return { volume, series: grouped.series.map((g) => g.summary), issues: grouped.issues };
}

/**
 * Every file under `path` (recursive, sorted; DICOMDIR and dot files skipped), with the
 * same bounds as `loadDicomDirectory`.
 * @throws IoError IO_ERROR, ResourceLimitError RESOURCE_LIMIT
 */
export async function listFolderFiles(path: string, options: Pick<DicomDirectoryOptions, 'maxFiles' | 'maxDepth'> = {}): Promise<string[]> {
  const paths: string[] = [];
  await walk(path, 0, options.maxDepth ?? 16, options.maxFiles ?? 20_000, paths);
  return paths.sort();
}

async function walk(dir: string, depth: number, maxDepth: number, maxFiles: number, out: string[]): Promise<void> {
  if (depth > maxDepth) return;
  let handle;
  try {
    handle = await opendir(dir);
  } catch (e) {
    throw new IoError(ErrorCode.IO_ERROR, `cannot read folder ${basename(dir)}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`, { cause: e });
  }
  const subdirs: string[] = [];
  for await (const entry of handle) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) subdirs.push(full);
    else if (entry.isFile()) {
      if (entry.name.toUpperCase() === 'DICOMDIR' || entry.name.startsWith('.')) continue;
      out.push(full);
      if (out.length > maxFiles) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `more than ${maxFiles} files under the folder`);
    }
  }
  subdirs.sort();
  for (const s of subdirs) await walk(s, depth + 1, maxDepth, maxFiles, out);
}
