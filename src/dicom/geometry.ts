/**
 * Voxel-to-RAS affine of a DICOM image stack.
 *
 * DICOM patient coordinates are LPS (PS3.3 C.7.6.2.1.1). Image Position (Patient)
 * is the centre of the first transmitted pixel; Image Orientation (Patient) holds
 * the row direction cosine (direction of increasing column index i) then the column
 * direction cosine (increasing row index j). Pixel Spacing is (row spacing, column
 * spacing) = (dy, dx) (PS3.3 10.7.1.3). The slice direction is row x column.
 * The LPS affine is converted to RAS by `rasFromLps` (dicom-base/patient-frame.ts), the one
 * LPS/RAS conversion of the library, which the writer uses too.
 */
import type { DataSet } from 'dicom-parser';
import { ErrorCode, GeometryError } from '../errors.js';
import type { IssueList } from '../issues.js';
import type { Mat4, Vec3 } from '../volume/affine.js';
import { rasFromLps } from '../dicom-base/patient-frame.js';
import { TAGS, firstItem, getNumber, getNumbers } from './attributes.js';

/** Position and orientation of one image plane, LPS. */
export interface Plane {
  readonly ipp: Vec3;
  readonly row: Vec3;
  readonly col: Vec3;
}

/**
 * Image plane from IPP/IOP of `ds` (top level or any item); undefined when either is absent.
 * @throws GeometryError INVALID_GEOMETRY (non-finite values, degenerate orientation)
 */
export function readPlane(ds: DataSet, ippDs: DataSet = ds, iopDs: DataSet = ds): Plane | undefined {
  const p = getNumbers(ippDs, TAGS.ImagePositionPatient);
  const o = getNumbers(iopDs, TAGS.ImageOrientationPatient);
  if (p.length === 0 || o.length === 0) return undefined;
  if (p.length < 3 || o.length < 6 || ![...p.slice(0, 3), ...o.slice(0, 6)].every(Number.isFinite)) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `unreadable Image Position/Orientation (Patient): [${p.join(', ')}] / [${o.join(', ')}]`);
  }
  const row = unit([o[0]!, o[1]!, o[2]!], 'row');
  const col = unit([o[3]!, o[4]!, o[5]!], 'column');
  const d = row[0] * col[0] + row[1] * col[1] + row[2] * col[2];
  if (Math.abs(d) > 1e-2) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `Image Orientation (Patient) row and column cosines are not orthogonal (dot ${d.toFixed(4)})`);
  }
  return { ipp: [p[0]!, p[1]!, p[2]!], row, col };
}

function unit(v: Vec3, what: string): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  if (!(n > 0.9 && n < 1.1)) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `Image Orientation (Patient) ${what} cosine has norm ${n.toFixed(4)}, not 1`);
  }
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** Slice normal = row x column (right-handed with i, j). */
export function normalOf(p: Plane): Vec3 {
  const [a, b] = [p.row, p.col];
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/**
 * Pixel Spacing (0028,0030) as [dy, dx] (row spacing, column spacing).
 * A single value is used for both with a warning issue.
 * @throws GeometryError INVALID_GEOMETRY when zero, negative or unreadable
 */
export function readPixelSpacing(ds: DataSet, issues: IssueList): [number, number] | undefined {
  const v = getNumbers(ds, TAGS.PixelSpacing);
  if (v.length === 0) return undefined;
  const dy = v[0]!;
  let dx = v[1]!;
  if (v.length === 1) {
    issues.add('PIXEL_SPACING_SINGLE_VALUE', 'warning', `Pixel Spacing has one value (${dy}); used for rows and columns`);
    dx = dy;
  }
  if (!(dy > 0 && dx > 0 && Number.isFinite(dy) && Number.isFinite(dx))) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `Pixel Spacing must be two positive numbers, got [${v.join(', ')}]`);
  }
  return [dy, dx];
}

/**
 * Voxel-to-RAS affine: column i along `row` * dx, j along `col` * dy, k along
 * `step` (an LPS vector, one slice to the next), origin at `plane.ipp` (slice 0).
 */
export function affineFromPlane(plane: Plane, dx: number, dy: number, step: Vec3): Mat4 {
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    m[4 * r] = plane.row[r]! * dx;
    m[4 * r + 1] = plane.col[r]! * dy;
    m[4 * r + 2] = step[r]!;
    m[4 * r + 3] = plane.ipp[r]!;
  }
  m[15] = 1;
  return rasFromLps(m);
}

/**
 * Signed slice spacing of a stack without per-slice positions (NM): Spacing Between
 * Slices (0018,0088), signed, else Slice Thickness (0018,0050) with a warning.
 * PS3.3 C.8.4.15 (NM Reconstruction Module): a negative Spacing Between Slices means
 * the slices are stacked the other way, i.e. slice k sits at IPP + k * spacing * normal
 * with spacing < 0 (GE writes such values). The sign is kept, never dropped.
 * @throws GeometryError INVALID_GEOMETRY (zero, NaN or absent spacing for more than one slice)
 */
export function signedSliceSpacing(ds: DataSet, nSlices: number, issues: IssueList, fallbackDs?: DataSet): number {
  const sbs = getNumber(ds, TAGS.SpacingBetweenSlices) ?? (fallbackDs ? getNumber(fallbackDs, TAGS.SpacingBetweenSlices) : undefined);
  if (sbs !== undefined) {
    if (!Number.isFinite(sbs) || sbs === 0) {
      throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `Spacing Between Slices (0018,0088) is ${String(sbs)}; cannot place the slices`);
    }
    return sbs;
  }
  const th = getNumber(ds, TAGS.SliceThickness) ?? (fallbackDs ? getNumber(fallbackDs, TAGS.SliceThickness) : undefined);
  if (th !== undefined && Number.isFinite(th) && th > 0) {
    issues.add('SLICE_SPACING_FROM_THICKNESS', 'warning', `no Spacing Between Slices; slice spacing taken from Slice Thickness (${th} mm)`);
    return th;
  }
  if (th !== undefined) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `Slice Thickness (0018,0050) is ${String(th)} and there is no Spacing Between Slices`);
  }
  if (nSlices > 1) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'neither Spacing Between Slices nor Slice Thickness: slice spacing unknown');
  }
  issues.add('SLICE_SPACING_ASSUMED', 'warning', 'single slice without Spacing Between Slices or Slice Thickness; 1 mm assumed along the normal');
  return 1;
}

/** Where the NM plane came from. */
export type PlaneSource = 'top-level' | 'DetectorInformationSequence[0]' | 'functional-groups';

/**
 * Plane of an NM object: top-level IPP/IOP, else Detector Information Sequence
 * (0054,0022) item 1 (PS3.3 C.8.4.10; GE writes them only there).
 * @throws GeometryError INVALID_GEOMETRY (absent or degenerate)
 */
export function nmPlane(ds: DataSet): { plane: Plane; source: PlaneSource } {
  const top = readPlane(ds);
  if (top) return { plane: top, source: 'top-level' };
  const det = firstItem(ds, TAGS.DetectorInformationSequence);
  const fromDet = det ? readPlane(det) : undefined;
  if (fromDet) return { plane: fromDet, source: 'DetectorInformationSequence[0]' };
  throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'no Image Position/Orientation (Patient) at top level or in the Detector Information Sequence');
}

/**
 * Affine of an NM reconstructed volume with `nSlices` slices, slice 0 at the plane's IPP.
 * @throws GeometryError INVALID_GEOMETRY
 */
export function nmAffine(ds: DataSet, nSlices: number, issues: IssueList): { affine: Mat4; source: PlaneSource; sliceSpacing: number } {
  const { plane, source } = nmPlane(ds);
  const ps = readPixelSpacing(ds, issues);
  if (!ps) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'NM volume without Pixel Spacing (0028,0030)');
  const s = signedSliceSpacing(ds, nSlices, issues);
  const n = normalOf(plane);
  const affine = affineFromPlane(plane, ps[1], ps[0], [n[0] * s, n[1] * s, n[2] * s]);
  return { affine, source, sliceSpacing: s };
}
