/**
 * Plan how the frames of one DICOM object become the slices of a volume, and
 * where those slices are: NM reconstructed multi-frame (C.8.4.9), enhanced
 * multi-frame with functional groups (C.7.6.16), or a single-frame image with
 * a plane (one slice). Images without any plane geometry are refused here.
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode, GeometryError } from '../errors.js';
import { IssueList } from '../issues.js';
import type { Mat4 } from '../volume/affine.js';
import type { PixelModule } from '../dicom-pixels/types.js';
import { TAGS, firstItem, getItems, getNumber, getNumbersByTag, getString, getTagList } from './attributes.js';
import { nmAffine, readPixelSpacing, readPlane, type Plane } from './geometry.js';
import { NM_SOP_CLASS, classifyNmImageType, imageTypeOf, nmFrameLayout, type NmFrameLayout, type NmReconKind } from './nm.js';
import { sortStack } from './stack.js';
import { affineColumnNorms, checkGridBounds } from '../volume/bounds.js';

export interface VolumePlan {
  readonly kind: 'nm-recon' | 'enhanced' | 'single-frame';
  /** [columns, rows, slices]. */
  readonly dims: [number, number, number];
  /** frames[k] = frame indices summed into slice k. */
  readonly frames: readonly (readonly number[])[];
  readonly affine: Mat4;
  readonly extra: Record<string, string | number | boolean | null>;
}

/** True for NM objects (SOP class, or Modality NM without another SOP class). */
export function isNm(ds: DataSet): boolean {
  const sop = getString(ds, TAGS.SOPClassUID);
  return sop === NM_SOP_CLASS || (sop === undefined && getString(ds, TAGS.Modality) === 'NM');
}

/**
 * Refuse, before decoding any pixel, what cannot be read as a volume: NM objects
 * that are not reconstructed volumes, and Siemens mosaics (Image Type MOSAIC:
 * the tiles of many slices in one image, whose geometry needs the vendor's
 * private attributes; `readDicomImage` still gives their pixels).
 * @throws DicomError NOT_RECONSTRUCTED_VOLUME | UNSUPPORTED_FORMAT
 */
export function checkNmReconstructed(ds: DataSet): void {
  const imageType = imageTypeOf(ds);
  if (isNm(ds)) classifyNmImageType(imageType);
  if (imageType.includes('MOSAIC')) {
    throw new DicomError(ErrorCode.UNSUPPORTED_FORMAT, 'a mosaic image (Image Type MOSAIC: several slices tiled in one image) is not read as a volume');
  }
}

/**
 * `checkDicomGrid` on a plan, naming the attribute the slice spacing came from.
 * @throws GeometryError INVALID_GEOMETRY
 */
export function checkPlanGrid(plan: VolumePlan): void {
  const slice = plan.kind === 'nm-recon' ? NM_SLICE_ATTRIBUTE : plan.kind === 'enhanced' ? 'Plane Position (Patient) (0020,0032) of the frames' : 'Slice Thickness (0018,0050)';
  checkDicomGrid(plan.dims, plan.affine, slice);
}

/** Name of what gives the slice spacing of an NM reconstruction (PS3.3 C.8.4.15). */
export const NM_SLICE_ATTRIBUTE = 'Spacing Between Slices (0018,0088) or Slice Thickness (0018,0050)';

/**
 * Voxel sizes and extent of a DICOM volume against what a head volume can be
 * (src/volume/bounds.ts), checked before the Float32 volume is allocated. Axes 0 and 1 come from
 * Pixel Spacing, axis 2 from `sliceAttribute`.
 * @throws GeometryError INVALID_GEOMETRY naming the attribute
 */
export function checkDicomGrid(dims: readonly number[], affine: ArrayLike<number>, sliceAttribute: string): void {
  checkGridBounds(dims, affineColumnNorms(affine), ['Pixel Spacing (0028,0030) (column spacing)', 'Pixel Spacing (0028,0030) (row spacing)', sliceAttribute]);
}

/**
 * Frame-to-slice layout and affine of one object (voxel-size and extent bounds: `checkPlanGrid`).
 * @throws GeometryError INVALID_GEOMETRY | INCONSISTENT_SERIES
 * @throws DicomError NOT_RECONSTRUCTED_VOLUME | INVALID_ATTRIBUTE | MISSING_ATTRIBUTE
 */
export function planVolume(ds: DataSet, pm: PixelModule, issues: IssueList): VolumePlan {
  const nFrames = pm.numberOfFrames;
  if (isNm(ds)) {
    const kind = classifyNmImageType(imageTypeOf(ds));
    const layout = nmSingleFrameLayout(ds, nFrames, kind) ?? nmFrameLayout(ds, nFrames, kind, issues);
    const g = nmAffine(ds, layout.numberOfSlices, issues);
    const extra: Record<string, string | number | boolean | null> = {
      nmImageType: kind, positionOrientationSource: g.source, spacingBetweenSlices: g.sliceSpacing,
    };
    if (kind === 'RECON GATED TOMO') extra.gatesSummed = layout.gates;
    return { kind: 'nm-recon', dims: [pm.columns, pm.rows, layout.numberOfSlices], frames: layout.frames, affine: g.affine, extra };
  }
  const perFrame = getItems(ds, TAGS.PerFrameFunctionalGroupsSequence);
  if (perFrame.length > 0) return planEnhanced(ds, pm, perFrame, issues);
  const plane = readPlane(ds);
  if (!plane) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'image has no Image Position/Orientation (Patient): no geometry to build a volume (readDicomImage reads its pixels)');
  }
  if (nFrames !== 1) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `multi-frame image (${nFrames} frames) without per-frame positions: slice placement unknown`);
  }
  const ps = readPixelSpacing(ds, issues);
  if (!ps) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'image without Pixel Spacing (0028,0030)');
  const st = sliceExtent(ds, issues);
  const s = sortStack([plane], ps[1], ps[0], issues, st);
  return { kind: 'single-frame', dims: [pm.columns, pm.rows, 1], frames: [[0]], affine: s.affine, extra: {} };
}

/**
 * Layout of a single-frame NM file (one slice): its vectors are not read as a
 * frame map, because MIM writes the slice's number in the series into a one-item
 * Slice Vector. Undefined when the object is not single-frame or a vector holds
 * more than one value (a multi-frame object without Number of Frames): then
 * `nmFrameLayout` judges it.
 * @throws DicomError INVALID_ATTRIBUTE (via nmFrameLayout) when `strict` and the vectors do not fit one frame
 */
export function nmSingleFrameLayout(ds: DataSet, nFrames: number, kind: NmReconKind, strict = false): NmFrameLayout | undefined {
  if (nFrames !== 1) return undefined;
  const vectors = [TAGS.SliceVector.tag, ...getTagList(ds, TAGS.FrameIncrementPointer)];
  if (vectors.every((tag) => getNumbersByTag(ds, tag, 'US').length <= 1)) return { frames: [[0]], numberOfSlices: 1, gates: 1 };
  if (strict) nmFrameLayout(ds, 1, kind, new IssueList());
  return undefined;
}

/** Thickness of a single slice: Slice Thickness, else |Spacing Between Slices|, else 1 mm with an issue. */
export function sliceExtent(ds: DataSet, issues: IssueList, fallback?: DataSet): number {
  for (const src of fallback ? [ds, fallback] : [ds]) {
    const th = getNumber(src, TAGS.SliceThickness);
    if (th !== undefined && Number.isFinite(th) && th > 0) return th;
    const sbs = getNumber(src, TAGS.SpacingBetweenSlices);
    if (sbs !== undefined && Number.isFinite(sbs) && sbs !== 0) return Math.abs(sbs);
  }
  issues.add('SLICE_THICKNESS_ASSUMED', 'warning', 'single slice without Slice Thickness or Spacing Between Slices; 1 mm assumed along the normal');
  return 1;
}

function planEnhanced(ds: DataSet, pm: PixelModule, perFrame: DataSet[], issues: IssueList): VolumePlan {
  const nFrames = pm.numberOfFrames;
  if (perFrame.length !== nFrames) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `Per-frame Functional Groups has ${perFrame.length} items for ${nFrames} frames`);
  }
  const shared = firstItem(ds, TAGS.SharedFunctionalGroupsSequence);
  const sharedOrient = shared ? firstItem(shared, TAGS.PlaneOrientationSequence) : undefined;
  const sharedPos = shared ? firstItem(shared, TAGS.PlanePositionSequence) : undefined;
  const sharedMeasures = shared ? firstItem(shared, TAGS.PixelMeasuresSequence) : undefined;
  const planes: Plane[] = [];
  let measures: DataSet | undefined;
  for (let f = 0; f < nFrames; f++) {
    const item = perFrame[f]!;
    const pos = firstItem(item, TAGS.PlanePositionSequence) ?? sharedPos;
    const ori = firstItem(item, TAGS.PlaneOrientationSequence) ?? sharedOrient;
    const plane = pos && ori ? readPlane(pos, pos, ori) : undefined;
    if (!plane) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `frame ${f + 1} has no Plane Position/Orientation in the functional groups`);
    planes.push(plane);
    measures ??= firstItem(item, TAGS.PixelMeasuresSequence) ?? sharedMeasures;
  }
  const ps = measures ? readPixelSpacing(measures, issues) : undefined;
  if (!ps || !measures) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'no Pixel Spacing in the Pixel Measures functional group');
  const single = nFrames === 1 ? sliceExtent(measures, issues) : 1;
  const s = sortStack(planes, ps[1], ps[0], issues, single);
  return {
    kind: 'enhanced', dims: [pm.columns, pm.rows, nFrames], frames: s.order.map((f) => [f]), affine: s.affine,
    extra: { sliceSpacing: s.sliceSpacing },
  };
}
