/**
 * Several DICOM files: group them into series, pick the reconstructed SPECT, and
 * assemble single-frame series (one file per slice) into a volume.
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode, GeometryError, PixelDataError, SpectError } from '../errors.js';
import { describeSeries, pickSpectSeries, pickSpectSummary, type SeriesPick } from './pick.js';

export { describeSeries, pickSpectSeries, pickSpectSummary, type SeriesPick };
import { IssueList, type Issue } from '../issues.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { TAGS, firstItem, getNumber, getNumbers, getString } from './attributes.js';
import { countsAccumulatedOf, countsExtra, seriesCountsAccumulated } from './counts.js';
import { nmPlane, readPixelSpacing, readPlane, type Plane, type PlaneSource } from './geometry.js';
import { buildMetadata } from './metadata.js';
import { checkDicomGrid, checkNmReconstructed, isNm, nmSingleFrameLayout, sliceExtent } from './multiframe.js';
import { classifyNmImageType, imageTypeOf, type NmReconKind } from './nm.js';
import { parseDicomBytes, type ParsedDicom } from './parse.js';
import { hasPixelData, readPixelModule } from './pixel-module.js';
import { decodeChecked, volumeFromParsed, type ReadDicomOptions } from './read.js';
import { frameRescales, rescaleIntoSlices, rescaleNeedsStoredRange, storedRange, type RescaleSource } from './rescale.js';
import { sortStack } from './stack.js';
import type { DicomFileInput, DicomSeriesGroup, SeriesSummary } from './series-types.js';

export type { DicomFileInput, DicomSeriesGroup, SeriesSummary } from './series-types.js';
import { ONE_SLICE_MESSAGE } from './coverage.js';

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

async function assembleParsed(all: readonly ParsedDicom[], options: ReadDicomOptions): Promise<Volume> {
  const issues = new IssueList();
  const seen = new Set<string>();
  const list: ParsedDicom[] = [];
  for (const p of all) {
    const uid = getString(p.dataSet, TAGS.SOPInstanceUID);
    if (uid !== undefined && seen.has(uid)) {
      issues.add('DUPLICATE_FILE', 'warning', 'the same image (SOP Instance UID) was given twice; the copy is ignored');
      continue;
    }
    if (uid !== undefined) seen.add(uid);
    list.push(p);
  }
  const inconsistent = (msg: string) => new GeometryError(ErrorCode.INCONSISTENT_SERIES, msg);
  const first = list[0]!.dataSet;
  const series = getString(first, TAGS.SeriesInstanceUID);
  const nm = isNm(first);
  const pm0 = readPixelModule(first);
  const ps0 = readPixelSpacing(first, issues);
  if (!ps0) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'series without Pixel Spacing (0028,0030)');
  const planes: Plane[] = [];
  let nmKind: NmReconKind | undefined;
  let planeSource: PlaneSource | undefined;
  for (let i = 0; i < list.length; i++) {
    const ds = list[i]!.dataSet;
    if (getString(ds, TAGS.SeriesInstanceUID) !== series) throw inconsistent('files belong to more than one series');
    if (isNm(ds) !== nm) throw inconsistent('NM and non-NM images cannot form one series');
    const pm = readPixelModule(ds);
    if (pm.numberOfFrames !== 1) throw inconsistent(`a multi-frame object (${pm.numberOfFrames} frames) cannot be part of a single-frame series`);
    if (pm.rows !== pm0.rows || pm.columns !== pm0.columns) throw inconsistent(`mixed image sizes: ${pm0.columns}x${pm0.rows} and ${pm.columns}x${pm.rows}`);
    if (pm.samplesPerPixel !== 1) throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, 'colour images cannot form a perfusion volume');
    const ps = readPixelSpacing(ds, issues);
    if (!ps || Math.abs(ps[0] - ps0[0]) > 1e-4 * ps0[0] || Math.abs(ps[1] - ps0[1]) > 1e-4 * ps0[1]) throw inconsistent('mixed pixel spacings');
    checkNmReconstructed(ds);
    let plane: Plane | undefined;
    if (nm) {
      const kind = classifyNmImageType(imageTypeOf(ds));
      if (nmKind !== undefined && kind !== nmKind) throw inconsistent(`mixed NM Image Types (${nmKind} and ${kind})`);
      nmKind = kind;
      nmSingleFrameLayout(ds, 1, kind, true); // vectors of more than one value: INVALID_ATTRIBUTE
      const g = nmPlane(ds);
      plane = g.plane;
      planeSource ??= g.source;
    } else {
      plane = readPlane(ds);
    }
    if (!plane) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'a file of the series has no Image Position/Orientation (Patient)');
    planes.push(plane);
  }
  if (nm && list.length === 1) {
    throw new GeometryError(ErrorCode.TOO_FEW_SLICES, `${ONE_SLICE_MESSAGE} (a single-frame NM ${nmKind ?? ''} image)`, { details: { axis: 2, voxels: 1 } });
  }
  const stack = sortStack(planes, ps0[1], ps0[0], issues, sliceExtent(first, issues));
  const frameSize = pm0.rows * pm0.columns;
  const data = new Float32Array(frameSize * list.length);
  let total = 0;
  let units: string | null = null;
  let lossy = false;
  let source: RescaleSource = 'identity';
  let anyRwvm = false;
  let slope0 = Number.NaN;
  let perSlice = false;
  const counts: (number | undefined)[] = [];
  for (let k = 0; k < stack.order.length; k++) {
    const p = list[stack.order[k]!]!;
    const pm = readPixelModule(p.dataSet);
    const decoded = await decodeChecked(p.dataSet, p.transferSyntaxUid, pm, options);
    const [lo, hi] = rescaleNeedsStoredRange(p.dataSet) ? storedRange(decoded.values) : [0, 0];
    if (decoded.issues) issues.push(...decoded.issues);
    const r = frameRescales(p.dataSet, 1, pm.pixelRepresentation, lo, hi, issues);
    if (k === 0) { units = r.units; source = r.source; slope0 = r.slopes[0]!; }
    else if (r.slopes[0] !== slope0) perSlice = true;
    anyRwvm ||= r.source === 'real-world-value-mapping';
    lossy ||= decoded.lossy;
    counts.push(countsAccumulatedOf(p.dataSet));
    total += rescaleIntoSlices(decoded.values, frameSize, [[0]], r, data.subarray(k * frameSize, (k + 1) * frameSize));
  }
  if (lossy) issues.add('LOSSY_COMPRESSION', 'warning', 'some slices were lossy compressed');
  checkDicomGrid([pm0.columns, pm0.rows, list.length], stack.affine, list.length === 1 ? 'Slice Thickness (0018,0050)' : 'Image Position (Patient) (0020,0032) of the slices');
  const metaDs = list[stack.order[0]!]!.dataSet;
  const extra: Record<string, string | number | boolean | null> = {
    files: list.length, sliceSpacing: stack.sliceSpacing, transferSyntaxUid: list[0]!.transferSyntaxUid, lossyCompression: lossy,
    rescaleSource: source, perSliceRescale: perSlice,
    ...countsExtra(seriesCountsAccumulated(counts, issues), units, anyRwvm ? 'real-world-value-mapping' : source),
  };
  if (nmKind) { extra.nmImageType = nmKind; extra.positionOrientationSource = planeSource ?? null; }
  const metadata = buildMetadata(metaDs, units, total, extra);
  return createVolume({ data, dims: [pm0.columns, pm0.rows, list.length], affine: stack.affine, metadata, issues: issues.toArray() });
}
