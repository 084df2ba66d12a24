/**
 * Order a stack of parallel image planes (frames of an enhanced object, or files of
 * a single-frame series) along the slice normal, and build its affine. Slices are
 * sorted by the projection of Image Position (Patient) onto the normal (row x
 * column), never by file name or Instance Number.
 */
import { ErrorCode, GeometryError } from '../errors.js';
import type { IssueList } from '../issues.js';
import type { Mat4, Vec3 } from '../volume/affine.js';
import { affineFromPlane, dot, normalOf, type Plane } from './geometry.js';

export interface SortedStack {
  /** `order[k]` = index (into the input planes) of slice k. */
  readonly order: number[];
  readonly affine: Mat4;
  /** Mean distance between consecutive slices along the normal, mm (> 0). */
  readonly sliceSpacing: number;
}

/** Relative tolerance on equal spacing before an `UNEVEN_SLICE_SPACING` issue. */
const UNEVEN_TOL = 0.01;

/**
 * Sort planes along the normal of the first plane and build the affine.
 * `singleSliceSpacing` is used only when there is one plane.
 * @throws GeometryError INCONSISTENT_SERIES (orientations differ, duplicate positions, missing slices)
 * @throws GeometryError INVALID_GEOMETRY
 */
export function sortStack(planes: readonly Plane[], dx: number, dy: number, issues: IssueList, singleSliceSpacing: number): SortedStack {
  const first = planes[0];
  if (!first) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'no image planes');
  const n = normalOf(first);
  for (let i = 1; i < planes.length; i++) {
    const p = planes[i]!;
    if (dot(p.row, first.row) < 0.9999 || dot(p.col, first.col) < 0.9999) {
      throw new GeometryError(ErrorCode.INCONSISTENT_SERIES, `image ${i + 1} has another orientation than image 1 (mixed orientations cannot form one volume)`);
    }
  }
  if (planes.length === 1) {
    const s = singleSliceSpacing;
    return { order: [0], affine: affineFromPlane(first, dx, dy, [n[0] * s, n[1] * s, n[2] * s]), sliceSpacing: Math.abs(s) };
  }
  const proj = planes.map((p) => dot(p.ipp, n));
  const order = proj.map((_, i) => i).sort((a, b) => proj[a]! - proj[b]! || a - b);
  const diffs: number[] = [];
  for (let k = 1; k < order.length; k++) diffs.push(proj[order[k]!]! - proj[order[k - 1]!]!);
  const sorted = diffs.slice().sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const dupTol = 1e-3 * Math.max(1, Math.abs(median));
  for (let k = 0; k < diffs.length; k++) {
    if (diffs[k]! < dupTol) {
      throw new GeometryError(ErrorCode.INCONSISTENT_SERIES, `two images share the slice position ${proj[order[k + 1]!]!.toFixed(3)} mm along the normal (duplicate slice, or several acquisitions in one series)`, {
        details: { position: proj[order[k + 1]!] },
      });
    }
  }
  if (!(median > 0)) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'slice positions do not advance along the normal');
  for (let k = 0; k < diffs.length; k++) {
    if (diffs[k]! > 1.5 * median) {
      const missing = Math.round(diffs[k]! / median) - 1;
      throw new GeometryError(ErrorCode.INCONSISTENT_SERIES, `gap of ${diffs[k]!.toFixed(2)} mm between slices ${k + 1} and ${k + 2} (median spacing ${median.toFixed(2)} mm): about ${missing} slice(s) missing`, {
        details: { gapMm: diffs[k], medianSpacingMm: median, missingSlices: missing },
      });
    }
  }
  if (diffs.some((d) => Math.abs(d - median) > UNEVEN_TOL * median)) {
    issues.add('UNEVEN_SLICE_SPACING', 'warning', `slice spacing varies between ${sorted[0]!.toFixed(3)} and ${sorted[sorted.length - 1]!.toFixed(3)} mm; the mean spacing is used`);
  }
  const a = planes[order[0]!]!;
  const b = planes[order[order.length - 1]!]!;
  const m = order.length - 1;
  const step: Vec3 = [(b.ipp[0] - a.ipp[0]) / m, (b.ipp[1] - a.ipp[1]) / m, (b.ipp[2] - a.ipp[2]) / m];
  const along = dot(step, n);
  const off = Math.hypot(step[0] - along * n[0], step[1] - along * n[1], step[2] - along * n[2]);
  if (off > 1e-3 * Math.abs(along)) {
    issues.add('SLICES_NOT_ALONG_NORMAL', 'warning', `slice positions drift ${off.toFixed(3)} mm per slice across the plane (gantry tilt); the affine is sheared accordingly`);
  }
  return { order, affine: affineFromPlane(a, dx, dy, step), sliceSpacing: along };
}
