/**
 * NIfTI voxel-to-world transforms (nifti1.h, "3D IMAGE (VOLUME) ORIENTATION
 * AND LOCATION IN SPACE"): method 2 (qform: quaternion + pixdim + qfac),
 * method 3 (sform rows) and method 1 (pixdim scaling only), and the inverse
 * (a rigid+scale affine to quaternion parameters) used by the writer.
 */
import { ErrorCode, ImageFormatError } from '../errors.js';
import type { IssueList } from '../issues.js';
import type { Mat4 } from '../volume/affine.js';
import type { NiftiHeader } from './header-types.js';

/** Which transform a read used. */
export type AffineSource = 'sform' | 'qform' | 'pixdim';

/**
 * Method 2. The rotation is the unit quaternion (a, b, c, d) with
 * a = sqrt(1 - b² - c² - d²) (a is taken as 0 and (b, c, d) renormalised when
 * that is negative, as nifti1_io does); columns are scaled by pixdim[1..3] and
 * the third by qfac = sign of pixdim[0] (0 counts as +1).
 * Returns null when pixdim[1..3] are not finite and non-zero.
 */
export function qformMatrix(h: Pick<NiftiHeader, 'quaternBcd' | 'qoffsetXyz' | 'pixdim'>): Mat4 | null {
  let [b, c, d] = h.quaternBcd;
  if (![b, c, d].every(Number.isFinite) || !h.qoffsetXyz.every(Number.isFinite)) return null;
  const a2 = 1 - (b * b + c * c + d * d);
  let a: number;
  if (a2 < 1e-7) {
    const n = Math.hypot(b, c, d);
    if (n === 0) return null;
    b /= n; c /= n; d /= n; a = 0;
  } else {
    a = Math.sqrt(a2);
  }
  const px = h.pixdim;
  const dx = Math.abs(px[1]!), dy = Math.abs(px[2]!), dz = Math.abs(px[3]!);
  if (![dx, dy, dz].every((s) => Number.isFinite(s) && s > 0)) return null;
  const qfac = px[0]! < 0 ? -1 : 1;
  const r11 = a * a + b * b - c * c - d * d, r12 = 2 * (b * c - a * d), r13 = 2 * (b * d + a * c);
  const r21 = 2 * (b * c + a * d), r22 = a * a + c * c - b * b - d * d, r23 = 2 * (c * d - a * b);
  const r31 = 2 * (b * d - a * c), r32 = 2 * (c * d + a * b), r33 = a * a + d * d - c * c - b * b;
  const z = dz * qfac;
  const [ox, oy, oz] = h.qoffsetXyz;
  return Float64Array.from([
    r11 * dx, r12 * dy, r13 * z, ox,
    r21 * dx, r22 * dy, r23 * z, oy,
    r31 * dx, r32 * dy, r33 * z, oz,
    0, 0, 0, 1,
  ]);
}

/** Method 3: the sform rows. Returns null when a value is not finite or the 3x3 part is singular. */
export function sformMatrix(h: Pick<NiftiHeader, 'srow'>): Mat4 | null {
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) m[4 * r + c] = h.srow[r]?.[c] ?? NaN;
  m[15] = 1;
  if (!m.every(Number.isFinite)) return null;
  const det = m[0]! * (m[5]! * m[10]! - m[6]! * m[9]!) - m[1]! * (m[4]! * m[10]! - m[6]! * m[8]!) + m[2]! * (m[4]! * m[9]! - m[5]! * m[8]!);
  if (!(Math.abs(det) > 1e-12)) return null;
  return m;
}

/**
 * Method 1 (nifti1.h): x = pixdim[1]·i, y = pixdim[2]·j, z = pixdim[3]·k, no
 * rotation, origin at voxel 0. (nibabel instead centres the grid and flips x,
 * Analyze style; this reader follows the NIfTI standard.) Negative pixdims are
 * taken by magnitude. Returns null when one is zero or not finite.
 */
export function pixdimMatrix(h: Pick<NiftiHeader, 'pixdim'>): Mat4 | null {
  const s = [1, 2, 3].map((i) => Math.abs(h.pixdim[i]!));
  if (!s.every((p) => Number.isFinite(p) && p > 0)) return null;
  return Float64Array.from([s[0]!, 0, 0, 0, 0, s[1]!, 0, 0, 0, 0, s[2]!, 0, 0, 0, 0, 1]);
}

export interface Quatern {
  readonly b: number; readonly c: number; readonly d: number;
  readonly qx: number; readonly qy: number; readonly qz: number;
  readonly dx: number; readonly dy: number; readonly dz: number;
  readonly qfac: 1 | -1;
}

/**
 * Inverse of method 2 for the writer: split the 3x3 part into column lengths
 * (voxel sizes) and a rotation; a negative determinant becomes qfac = -1 with
 * the third column negated; the rotation is turned into a unit quaternion
 * with a >= 0 (Shepperd's branch choice for numerical stability, see nifti1.h
 * "mat44_to_quatern"). Returns null when the columns are not orthogonal
 * (|cos| > tol), i.e. the matrix has shear and no qform can represent it.
 */
export function affineToQuatern(m: ArrayLike<number>, tol = 1e-5): Quatern | null {
  const col = (j: number): [number, number, number] => [m[j]!, m[4 + j]!, m[8 + j]!];
  const c0 = col(0), c1 = col(1), c2 = col(2);
  const n0 = Math.hypot(...c0), n1 = Math.hypot(...c1), n2 = Math.hypot(...c2);
  if (!(n0 > 0 && n1 > 0 && n2 > 0)) return null;
  const u0 = c0.map((x) => x / n0), u1 = c1.map((x) => x / n1), u2 = c2.map((x) => x / n2);
  const dot = (p: number[], q: number[]) => p[0]! * q[0]! + p[1]! * q[1]! + p[2]! * q[2]!;
  if (Math.abs(dot(u0, u1)) > tol || Math.abs(dot(u0, u2)) > tol || Math.abs(dot(u1, u2)) > tol) return null;
  // determinant of [u0 u1 u2]
  const det = u0[0]! * (u1[1]! * u2[2]! - u2[1]! * u1[2]!) - u1[0]! * (u0[1]! * u2[2]! - u2[1]! * u0[2]!) + u2[0]! * (u0[1]! * u1[2]! - u1[1]! * u0[2]!);
  const qfac: 1 | -1 = det < 0 ? -1 : 1;
  const v2 = u2.map((x) => x * qfac);
  const r11 = u0[0]!, r21 = u0[1]!, r31 = u0[2]!;
  const r12 = u1[0]!, r22 = u1[1]!, r32 = u1[2]!;
  const r13 = v2[0]!, r23 = v2[1]!, r33 = v2[2]!;
  const tr = r11 + r22 + r33;
  let a: number, b: number, c: number, d: number;
  if (tr > 0) {
    const s = 2 * Math.sqrt(1 + tr);
    a = 0.25 * s; b = (r32 - r23) / s; c = (r13 - r31) / s; d = (r21 - r12) / s;
  } else if (r11 > r22 && r11 > r33) {
    const s = 2 * Math.sqrt(1 + r11 - r22 - r33);
    a = (r32 - r23) / s; b = 0.25 * s; c = (r12 + r21) / s; d = (r13 + r31) / s;
  } else if (r22 > r33) {
    const s = 2 * Math.sqrt(1 + r22 - r11 - r33);
    a = (r13 - r31) / s; b = (r12 + r21) / s; c = 0.25 * s; d = (r23 + r32) / s;
  } else {
    const s = 2 * Math.sqrt(1 + r33 - r11 - r22);
    a = (r21 - r12) / s; b = (r13 + r31) / s; c = (r23 + r32) / s; d = 0.25 * s;
  }
  if (a < 0) { b = -b; c = -c; d = -d; }
  return { b, c, d, qx: m[3]!, qy: m[7]!, qz: m[11]!, dx: n0, dy: n1, dz: n2, qfac };
}

/**
 * The NIfTI voxel-to-world affine, by the precedence nibabel also uses:
 * sform when sform_code > 0, else qform when qform_code > 0, else method 1.
 * An unusable sform (non-finite or singular) falls back to a usable qform with
 * a warning. Spatial units in metres or microns (xyzt_units) are converted to mm.
 * @throws ImageFormatError INVALID_NIFTI when the chosen transform cannot give a valid affine
 */
export function chooseAffine(h: NiftiHeader, issues: IssueList): { affine: Mat4; source: AffineSource } {
  let affine: Mat4 | null;
  let source: AffineSource = 'pixdim';
  if (h.sformCode > 0) {
    affine = sformMatrix(h);
    source = 'sform';
    if (!affine) {
      const q = h.qformCode > 0 ? qformMatrix(h) : null;
      if (!q) throw new ImageFormatError(ErrorCode.INVALID_NIFTI, 'sform is singular or not finite and there is no usable qform');
      issues.add('NIFTI_SFORM_INVALID', 'warning', 'sform_code is set but the sform is singular or not finite; the qform was used');
      affine = q;
      source = 'qform';
    }
  } else if (h.qformCode > 0) {
    affine = qformMatrix(h);
    source = 'qform';
    if (!affine) throw new ImageFormatError(ErrorCode.INVALID_NIFTI, 'qform cannot be built: quaternion or pixdim[1..3] not finite, or a zero voxel size');
  } else {
    affine = pixdimMatrix(h);
    if (!affine) {
      throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `no sform/qform and pixdim[1..3] = [${h.pixdim.slice(1, 4).join(', ')}] cannot give voxel sizes`);
    }
    issues.add('NIFTI_NO_TRANSFORM', 'warning', 'sform_code and qform_code are 0: orientation unknown, voxel-to-world uses pixdim scaling only (NIfTI method 1)');
  }
  const spatial = h.xyztUnits & 0x07;
  const factor = spatial === 1 ? 1000 : spatial === 3 ? 0.001 : 1;
  if (factor !== 1) {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) affine[4 * r + c]! *= factor;
    issues.add('NIFTI_SPATIAL_UNITS', 'info', `spatial units are ${spatial === 1 ? 'metres' : 'microns'}; the affine was converted to mm`);
  }
  return { affine, source };
}
