/**
 * Several DICOM files: group them into series, pick the reconstructed SPECT, and
 * assemble single-frame series (one file per slice) into a volume.
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode, SpectError } from '../errors.js';
import { describeSeries, pickSpectSeries, pickSpectSummary, type SeriesPick } from './pick.js';

export { describeSeries, pickSpectSeries, pickSpectSummary, type SeriesPick };
import { IssueList, type Issue } from '../issues.js';
import type { Volume } from '../volume/volume.js';
import { TAGS, firstItem, getNumber, getNumbers, getString } from './attributes.js';
import { isNm } from './multiframe.js';
import { classifyNmImageType, imageTypeOf } from './nm.js';
import { parseDicomBytes, type ParsedDicom } from './parse.js';
import { hasPixelData } from './pixel-module.js';
import { volumeFromParsed, type ReadDicomOptions } from './read.js';
import { assembleParsed } from './series-assemble.js';
import type { DicomFileInput, DicomSeriesGroup, SeriesSummary } from './series-types.js';

export type { DicomFileInput, DicomSeriesGroup, SeriesSummary } from './series-types.js';

export interface GroupResult {
  readonly series: DicomSeriesGroup[];
  /** Files skipped (not DICOM, unreadable) and other notes. */
  readonly issues: Issue[];
}

/**
 * Parse every file and group them by Series Instance UID, image size and
 * orientation: single-frame images, including single-frame NM RECON TOMO /
 * RECON GATED TOMO files (one reconstructed slice per file, orientation at top
 * level or in the Detector Information Sequence). Every multi-frame object, and
 * every other NM object (projections, planar images), is a group of its own.
 * Unreadable files are skipped with an issue. Never throws for bad files.
 */
export function groupDicomFiles(files: readonly DicomFileInput[], options: ReadDicomOptions = {}): GroupResult {
  const issues = new IssueList();
  const groups = new Map<string, { files: DicomFileInput[]; parsed: ParsedDicom[] }>();
  let uniq = 0;
  for (let fi = 0; fi < files.length; fi++) {
    const file = files[fi]!;
    let parsed: ParsedDicom;
    try {
      parsed = parseDicomBytes(file.bytes, options);
    } catch (e) {
      const code = e instanceof SpectError ? e.code : 'UNKNOWN';
      // by position, not by name: folder and file names often carry the patient's name
      issues.add('FILE_SKIPPED', 'warning', `file ${fi + 1} of ${files.length} skipped (${code})`);
      continue;
    }
    const ds = parsed.dataSet;
    const frames = getNumber(ds, TAGS.NumberOfFrames) ?? 1;
    const nm = isNm(ds);
    const key = frames > 1 || (nm && !isNmRecon(ds))
      ? `mf:${uniq++}`
      : [nm ? 'nm' : 'image', getString(ds, TAGS.SeriesInstanceUID) ?? '?', getNumber(ds, TAGS.Rows), getNumber(ds, TAGS.Columns), orientationKey(ds)].join('|');
    let g = groups.get(key);
    if (!g) { g = { files: [], parsed: [] }; groups.set(key, g); }
    g.files.push(file);
    g.parsed.push(parsed);
  }
  const series: DicomSeriesGroup[] = [];
  for (const g of groups.values()) {
    series.push({ summary: summarise(g.parsed[0]!.dataSet, series.length, g.files.length), files: g.files, parsed: g.parsed });
  }
  return { series, issues: issues.toArray() };
}

/** NM RECON TOMO / RECON GATED TOMO by Image Type value 3. */
function isNmRecon(ds: DataSet): boolean {
  try { classifyNmImageType(imageTypeOf(ds)); return true; } catch { return false; }
}

/** Image Orientation (Patient), top level else Detector Information item 1, rounded for grouping. */
function orientationKey(ds: DataSet): string {
  let o = getNumbers(ds, TAGS.ImageOrientationPatient);
  if (o.length === 0 && isNm(ds)) {
    const det = firstItem(ds, TAGS.DetectorInformationSequence);
    if (det) o = getNumbers(det, TAGS.ImageOrientationPatient);
  }
  return o.map((v) => v.toFixed(3)).join(',');
}

function summarise(ds: DataSet, index: number, files: number): SeriesSummary {
  const imageType = imageTypeOf(ds);
  const recon = isNm(ds) && isNmRecon(ds);
  return {
    index,
    modality: getString(ds, TAGS.Modality) ?? null,
    sopClassUid: getString(ds, TAGS.SOPClassUID) ?? null,
    imageType,
    seriesDescription: getString(ds, TAGS.SeriesDescription) ?? null,
    seriesNumber: getNumber(ds, TAGS.SeriesNumber) ?? null,
    files,
    framesPerFile: getNumber(ds, TAGS.NumberOfFrames) ?? 1,
    rows: getNumber(ds, TAGS.Rows) ?? null,
    columns: getNumber(ds, TAGS.Columns) ?? null,
    nmReconstructed: recon,
    hasPixelData: hasPixelData(ds),
  };
}

/**
 * Read a group: a multi-frame object with `readDicom` rules, else `assembleSeries`.
 * @throws the errors of `readDicom` / `assembleSeries`
 */
export async function readSeriesGroup(group: DicomSeriesGroup, options: ReadDicomOptions = {}): Promise<Volume> {
  if (group.parsed.length === 1) return volumeFromParsed(group.parsed[0]!, options);
  return assembleParsed(group.parsed, options);
}

/**
 * Assemble a single-frame series (one slice per file) into a volume, sorted along
 * the slice normal. Exact duplicate files (same SOP Instance UID) are dropped with
 * an issue; other problems are errors.
 * @throws GeometryError INCONSISTENT_SERIES (several series, mixed sizes/orientations/spacings, duplicate positions, missing slices) | INVALID_GEOMETRY | TOO_FEW_SLICES (one NM slice alone)
 * @throws DicomError (parse/pixel errors of any file, NOT_RECONSTRUCTED_VOLUME for NM projections)
 */
export async function assembleSeries(files: readonly DicomFileInput[], options: ReadDicomOptions = {}): Promise<Volume> {
  if (files.length === 0) throw new DicomError(ErrorCode.NO_VOLUME_FOUND, 'no files given');
  return assembleParsed(files.map((f) => parseDicomBytes(f.bytes, options)), options);
}
