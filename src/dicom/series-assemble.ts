/**
 * A single-frame series (one slice per file) into one volume: duplicates dropped, every file
 * checked against the first (series, size, spacing, NM kind), planes sorted along the normal,
 * slices decoded and rescaled in that order (for series.ts: `assembleSeries`, `readSeriesGroup`).
 */
import { ErrorCode, GeometryError, PixelDataError } from '../errors.js';
import { IssueList } from '../issues.js';
import { createVolume, type Volume } from '../volume/volume.js';
import type { PixelModule } from '../dicom-pixels/types.js';
import { TAGS, getString } from './attributes.js';
import { countsAccumulatedOf, countsExtra, seriesCountsAccumulated } from './counts.js';
import { ONE_SLICE_MESSAGE } from './coverage.js';
import { nmPlane, readPixelSpacing, readPlane, type Plane, type PlaneSource } from './geometry.js';
import { buildMetadata } from './metadata.js';
import { checkDicomGrid, checkNmReconstructed, isNm, nmSingleFrameLayout, sliceExtent } from './multiframe.js';
import { classifyNmImageType, imageTypeOf, type NmReconKind } from './nm.js';
import type { ParsedDicom } from './parse.js';
import { readPixelModule } from './pixel-module.js';
import { decodeChecked, type ReadDicomOptions } from './read.js';
import { frameRescales, rescaleIntoSlices, rescaleNeedsStoredRange, storedRange, type RescaleSource } from './rescale.js';
import { sortStack } from './stack.js';

/** The files without repeated SOP Instance UIDs (each repeat an issue). */
function withoutDuplicates(all: readonly ParsedDicom[], issues: IssueList): ParsedDicom[] {
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
  return list;
}

interface SeriesPlanes {
  readonly pm0: PixelModule;
  /** Pixel Spacing of the first file, [dy, dx] */
  readonly ps0: [number, number];
  readonly planes: Plane[];
  readonly nm: boolean;
  readonly nmKind: NmReconKind | undefined;
  readonly planeSource: PlaneSource | undefined;
}

/**
 * The plane of every file, each file checked against the first.
 * @throws GeometryError INCONSISTENT_SERIES | INVALID_GEOMETRY; PixelDataError UNSUPPORTED_PIXEL_FORMAT; the NM checks' errors
 */
function checkedPlanes(list: readonly ParsedDicom[], issues: IssueList): SeriesPlanes {
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
  return { pm0, ps0, planes, nm, nmKind, planeSource };
}

interface DecodedSlices {
  readonly data: Float32Array;
  readonly total: number;
  readonly units: string | null;
  readonly lossy: boolean;
  readonly source: RescaleSource;
  readonly anyRwvm: boolean;
  readonly perSlice: boolean;
  readonly counts: (number | undefined)[];
}

/** Decode and rescale the files in slice order (`order[k]`: the file of slice k). */
async function decodeSlices(list: readonly ParsedDicom[], order: readonly number[], frameSize: number, options: ReadDicomOptions, issues: IssueList): Promise<DecodedSlices> {
  const data = new Float32Array(frameSize * list.length);
  let total = 0;
  let units: string | null = null;
  let lossy = false;
  let source: RescaleSource = 'identity';
  let anyRwvm = false;
  let slope0 = Number.NaN;
  let perSlice = false;
  const counts: (number | undefined)[] = [];
  for (let k = 0; k < order.length; k++) {
    const p = list[order[k]!]!;
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
  return { data, total, units, lossy, source, anyRwvm, perSlice, counts };
}

/**
 * The volume of a single-frame series.
 * @throws GeometryError INCONSISTENT_SERIES | INVALID_GEOMETRY | TOO_FEW_SLICES (one NM slice alone); the decoders' errors
 */
export async function assembleParsed(all: readonly ParsedDicom[], options: ReadDicomOptions): Promise<Volume> {
  const issues = new IssueList();
  const list = withoutDuplicates(all, issues);
  const { pm0, ps0, planes, nm, nmKind, planeSource } = checkedPlanes(list, issues);
  if (nm && list.length === 1) {
    throw new GeometryError(ErrorCode.TOO_FEW_SLICES, `${ONE_SLICE_MESSAGE} (a single-frame NM ${nmKind ?? ''} image)`, { details: { axis: 2, voxels: 1 } });
  }
  const first = list[0]!.dataSet;
  const stack = sortStack(planes, ps0[1], ps0[0], issues, sliceExtent(first, issues));
  const s = await decodeSlices(list, stack.order, pm0.rows * pm0.columns, options, issues);
  if (s.lossy) issues.add('LOSSY_COMPRESSION', 'warning', 'some slices were lossy compressed');
  checkDicomGrid([pm0.columns, pm0.rows, list.length], stack.affine, list.length === 1 ? 'Slice Thickness (0018,0050)' : 'Image Position (Patient) (0020,0032) of the slices');
  const metaDs = list[stack.order[0]!]!.dataSet;
  const extra: Record<string, string | number | boolean | null> = {
    files: list.length, sliceSpacing: stack.sliceSpacing, transferSyntaxUid: list[0]!.transferSyntaxUid, lossyCompression: s.lossy,
    rescaleSource: s.source, perSliceRescale: s.perSlice,
    ...countsExtra(seriesCountsAccumulated(s.counts, issues), s.units, s.anyRwvm ? 'real-world-value-mapping' : s.source),
  };
  if (nmKind) { extra.nmImageType = nmKind; extra.positionOrientationSource = planeSource ?? null; }
  const metadata = buildMetadata(metaDs, s.units, s.total, extra);
  return createVolume({ data: s.data, dims: [pm0.columns, pm0.rows, list.length], affine: stack.affine, metadata, issues: issues.toArray() });
}
