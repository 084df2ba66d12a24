/**
 * `spect-perfusion info <file|dir|nii>`: what the reader understood. On a folder,
 * the DICOM series found and which one was picked (and why); on a file that is
 * not a volume it can read (TOMO projections, a STATIC image, a CT, one slice of
 * a series), what its header says before the error.
 */
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { acquisitionCounts, checkHeadCoverage, dicomHeaderFacts, describeSeries, groupDicomFiles, parseDicomBytes, pickSpectSummary, seriesSlices, type DicomFileInput, type DicomHeaderFacts, type SeriesPick, type SeriesSummary } from '../dicom/index.js';
import { ErrorCode, ResourceLimitError, SpectError } from '../errors.js';
import { safeImageTypeValue, safeUid } from '../dicom/safe-text.js';
import { listFolderFiles } from '../node/dicom-dir.js';
import { readBytes } from '../node/files.js';
import { loadStudy } from '../node/load.js';
import type { Volume } from '../volume/volume.js';
import { roundDeep } from '../report/json.js';
import { cleanDeep, cleanLine } from '../text/sanitize.js';

export interface InfoJson {
  dims: number[];
  spacing: number[];
  affine: number[];
  sum: number;
  min: number;
  max: number;
  metadata: Record<string, unknown>;
  issues: { code: string; severity: string; message: string }[];
  /** Folders: every DICOM series found (no identifiers). */
  series?: SeriesInfo[];
  /** Folders: the series read, and why; null when none fits. */
  picked?: SeriesPick | null;
  /** Set when the volume was read but cannot be analysed (e.g. TOO_FEW_SLICES). */
  error?: { code: string; message: string };
}

/** One series of a folder, as `info` shows it. */
export interface SeriesInfo {
  index: number;
  modality: string | null;
  imageType: string[];
  columns: number | null;
  rows: number | null;
  files: number;
  framesPerFile: number;
  slices: number;
  seriesDescription: string | null;
  nmReconstructed: boolean;
}

/** What `info --json` prints for an input it cannot read as a volume. */
export interface InfoFailureJson {
  /** What the DICOM header says (file inputs). */
  header?: DicomHeaderFacts;
  /** Folder inputs. */
  series?: SeriesInfo[];
  picked?: SeriesPick | null;
  error: { code: string; message: string };
}

/** The info object: dims, spacing, affine (16, row-major, voxel (i,j,k) -> RAS mm), sum/min/max, metadata, issues. */
export function volumeInfo(v: Volume, source: string, includeIdentifiers = false): InfoJson {
  let min = Infinity, max = -Infinity, sum = 0;
  const d = v.data;
  for (let i = 0; i < d.length; i++) {
    const x = d[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  const m = v.metadata;
  const metadata: Record<string, unknown> = {
    source,
    format: m.format, modality: m.modality, sopClassUid: safeUid(m.sopClassUid), imageType: m.imageType.map(safeImageTypeValue),
    manufacturer: m.manufacturer, manufacturerModel: m.manufacturerModel,
    patientAgeYears: m.patientAgeYears, patientSex: m.patientSex,
    radiopharmaceutical: m.radiopharmaceutical, units: m.units, totalCounts: m.totalCounts,
    // what the low-count check uses: Counts Accumulated, a voxel sum, or nothing (src/dicom/counts.ts)
    counts: acquisitionCounts(m), countsSource: m.extra.countsSource ?? (acquisitionCounts(m) === null ? null : 'voxelSum'),
    extra: m.extra,
    identifiersIncluded: includeIdentifiers,
  };
  if (includeIdentifiers) {
    metadata.studyInstanceUid = m.studyInstanceUid;
    metadata.seriesInstanceUid = m.seriesInstanceUid;
    metadata.acquisitionDate = m.acquisitionDate;
  }
  return {
    dims: [...v.dims],
    spacing: roundDeep([...v.spacing]) as number[],
    affine: Array.from(v.affine, (x) => roundDeep(x) as number),
    sum, min, max,
    metadata: roundDeep(metadata) as Record<string, unknown>,
    issues: v.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message })),
  };
}

/** Human-readable summary of `volumeInfo`. */
export function formatInfo(info: InfoJson): string {
  const a = info.affine;
  const row = (r: number) => a.slice(4 * r, 4 * r + 4).map((x) => x.toFixed(3).padStart(9)).join(' ');
  const md = info.metadata;
  const rp = md.radiopharmaceutical as { code?: string; name?: string } | null;
  const lines = [
    `format        ${md.format} (${md.source})`,
    `modality      ${md.modality ?? '-'}   image type ${(md.imageType as string[] | undefined)?.join('\\') || '-'}`,
    `equipment     ${md.manufacturer ?? '-'} ${md.manufacturerModel ?? ''}`.trimEnd(),
    `dims          ${info.dims.join(' x ')}   spacing ${info.spacing.map((s) => s.toFixed(3)).join(' x ')} mm`,
    `affine (RAS)  ${row(0)}`, `              ${row(1)}`, `              ${row(2)}`,
    `values        min ${info.min}  max ${info.max}  sum ${info.sum}   units ${md.units ?? '-'}`,
    `patient       age ${md.patientAgeYears ?? '-'} y, sex ${md.patientSex ?? '-'}`,
    `tracer        ${rp ? `${rp.code}${rp.name ? ` (${rp.name})` : ''}` : '-'}`,
    `counts        ${md.counts ?? '-'}${md.countsSource ? ` (${String(md.countsSource)})` : ''}`,
  ];
  if (info.issues.length) {
    lines.push('issues');
    for (const i of info.issues) lines.push(`  [${i.severity}] ${i.code}: ${i.message}`);
  }
  return textOut(lines);
}

/** Lines to text, each with its control characters escaped (a header value cannot add a line or an ESC sequence). */
function textOut(lines: readonly string[]): string {
  return lines.map(cleanLine).join('\n') + '\n';
}

function seriesInfo(s: SeriesSummary, includeIdentifiers: boolean): SeriesInfo {
  return {
    index: s.index, modality: s.modality, imageType: [...s.imageType], columns: s.columns, rows: s.rows,
    files: s.files, framesPerFile: s.framesPerFile, slices: seriesSlices(s),
    // free text that can carry a patient name: shown only with --include-identifiers
    seriesDescription: includeIdentifiers ? s.seriesDescription : null,
    nmReconstructed: s.nmReconstructed,
  };
}

const errorJson = (e: SpectError) => ({ code: e.code, message: e.message.replace(/\s*\n\s*/g, ' ') });

/** Lines for the series of a folder and the pick. */
export function formatSeries(series: readonly SeriesInfo[], picked: SeriesPick | null): string {
  const lines = [`series found  ${series.length}`];
  for (const s of series) {
    const summary: SeriesSummary = {
      index: s.index, modality: s.modality, sopClassUid: null, imageType: s.imageType, seriesDescription: s.seriesDescription,
      seriesNumber: null, files: s.files, framesPerFile: s.framesPerFile, rows: s.rows, columns: s.columns,
      nmReconstructed: s.nmReconstructed, hasPixelData: true,
    };
    const desc = s.seriesDescription !== null ? `, "${s.seriesDescription}"` : '';
    lines.push(`  ${describeSeries(summary)}${desc}${picked?.index === s.index ? '   <- picked' : ''}`);
  }
  lines.push(`picked        ${picked ? `#${picked.index}: ${picked.reason}` : 'none (no NM RECON TOMO, NM or PT volume series)'}`);
  return textOut(lines);
}

/** Header facts without free text that can carry identifiers (unless asked for). */
function safeHeaderFacts(h: DicomHeaderFacts, includeIdentifiers: boolean): DicomHeaderFacts {
  return {
    ...h,
    imageType: h.imageType.map(safeImageTypeValue),
    sopClassUid: safeUid(h.sopClassUid),
    seriesDescription: includeIdentifiers ? h.seriesDescription : null,
  };
}

/** Human-readable header facts. */
export function formatHeaderFacts(h: DicomHeaderFacts): string {
  const v = (x: unknown) => (x === null || x === undefined ? '-' : String(x));
  const size = h.rows !== null && h.columns !== null ? `${h.columns} x ${h.rows}` : '-';
  return textOut([
    `header        ${v(h.modality)}${h.sopClassName ? ` (${h.sopClassName})` : h.sopClassUid ? ` (SOP class ${h.sopClassUid})` : ''}   image type ${h.imageType.join('\\') || '-'}`,
    `image         ${size}, Number of Frames ${v(h.numberOfFrames)}, Number of Slices ${v(h.numberOfSlices)}, pixel spacing ${h.pixelSpacing ? h.pixelSpacing.join(' x ') + ' mm' : '-'}`,
    `geometry      Image Position/Orientation (Patient): ${h.positionOrientation}; Slice Thickness ${v(h.sliceThickness)}, Spacing Between Slices ${v(h.spacingBetweenSlices)}`,
    `equipment     ${v(h.manufacturer)} ${h.manufacturerModel ?? ''}`.trimEnd(),
    `series        ${h.seriesDescription ? `"${h.seriesDescription}"` : '-'}   transfer syntax ${h.transferSyntaxUid}`,
    `counts        Counts Accumulated ${v(h.countsAccumulated)}   pixel data ${h.hasPixelData ? 'yes' : 'no'}`,
  ]);
}

export interface InfoOptions {
  readonly json: boolean;
  readonly includeIdentifiers: boolean;
}

/**
 * Run `info` on one path: print, then return 0, or print what is known and
 * throw the error (the CLI prints it on stderr as one line and exits non-zero).
 * @throws SpectError (the reader's errors, TOO_FEW_SLICES)
 */
export async function runInfo(path: string, o: InfoOptions, out: { stdout(s: string): void }): Promise<number> {
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  let folder: { series: SeriesInfo[]; picked: SeriesPick | null } | null = null;
  if (isDir) folder = await folderSeries(path, o.includeIdentifiers);
  let loaded: Awaited<ReturnType<typeof loadStudy>>;
  try {
    loaded = await loadStudy(path);
  } catch (e) {
    if (!(e instanceof SpectError)) throw e;
    const raw = folder ? undefined : await headerOf(path);
    const header = raw ? safeHeaderFacts(raw, o.includeIdentifiers) : null;
    if (!folder && !header) throw e;
    const fail: InfoFailureJson = { ...(header ? { header } : {}), ...(folder ? folder : {}), error: errorJson(e) };
    out.stdout(o.json ? JSON.stringify(cleanDeep(roundDeep(fail))) + '\n' : (header ? formatHeaderFacts(header) : '') + (folder ? formatSeries(folder.series, folder.picked) : ''));
    throw e;
  }
  const info = volumeInfo(loaded.volume, loaded.source, o.includeIdentifiers);
  if (folder && loaded.source === 'dicom-directory') { info.series = folder.series; info.picked = folder.picked; }
  let refused: SpectError | null = null;
  try {
    checkHeadCoverage(loaded.volume);
  } catch (e) {
    if (!(e instanceof SpectError)) throw e;
    refused = e;
    info.error = errorJson(e);
  }
  out.stdout(o.json ? JSON.stringify(cleanDeep(info)) + '\n' : (info.series ? formatSeries(info.series, info.picked ?? null) : '') + formatInfo(info));
  if (refused) throw refused;
  return 0;
}

/** The DICOM series of a folder and the pick, as `loadStudy` reads them (null when it holds none). */
async function folderSeries(path: string, includeIdentifiers: boolean): Promise<{ series: SeriesInfo[]; picked: SeriesPick | null } | null> {
  const maxTotal = 8 * 1024 ** 3; // as loadDicomDirectory
  const files: DicomFileInput[] = [];
  let total = 0;
  for (const p of await listFolderFiles(path)) {
    const bytes = await readBytes(p);
    total += bytes.length;
    if (total > maxTotal) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `the folder holds more than ${maxTotal} bytes of files`);
    files.push({ name: relative(path, p), bytes });
  }
  const grouped = groupDicomFiles(files);
  if (grouped.series.length === 0) return null;
  const summaries = grouped.series.map((g) => g.summary);
  return { series: summaries.map((s) => seriesInfo(s, includeIdentifiers)), picked: pickSpectSummary(summaries) };
}

/** Header facts of a DICOM file, or null when it is not one (or not a file). */
async function headerOf(path: string): Promise<DicomHeaderFacts | null> {
  try {
    return dicomHeaderFacts(parseDicomBytes(await readBytes(path)));
  } catch {
    return null;
  }
}
