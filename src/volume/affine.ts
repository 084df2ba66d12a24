/**
 * 4x4 affine helpers. Matrices are `Float64Array(16)` in row-major order:
 * `m[4*r + c]`. A voxel-to-world affine maps (i, j, k, 1) to RAS+ millimetres,
 * i being the fastest-varying (column) index of the data.
 *
 * One placement of output parameters (gl-matrix style): a function that writes into a caller's
 * buffer is named `...Into` and takes it first (`multiply4Into(out, a, b)`), and `out` may be one
 * of the inputs; the same function without `Into` returns a new matrix or point.
 */
import { GeometryError, ErrorCode } from '../errors.js';

export type Mat4 = Float64Array;
export type ReadonlyMat4 = Readonly<Float64Array> | readonly number[];
export type Vec3 = [number, number, number];

export function identity4(): Mat4 {
  const m = new Float64Array(16);
  m[0] = m[5] = m[10] = m[15] = 1;
  return m;
}

/** Copy any 16-number array into a fresh `Float64Array`, checking it is a finite affine. */
export function toMat4(values: ArrayLike<number>): Mat4 {
  if (values.length !== 16) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, `affine must have 16 values, got ${values.length}`);
  const m = new Float64Array(16);
  for (let i = 0; i < 16; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'affine contains a non-finite value');
    m[i] = v;
  }
  return m;
}

/** a * b in a new matrix. */
export function multiply4(a: ReadonlyMat4, b: ReadonlyMat4): Mat4 {
  return multiply4Into(new Float64Array(16), a, b);
}

const product = new Float64Array(16);

/** out = a * b; `out` may be `a` or `b` (or both). No allocation. */
export function multiply4Into(out: Mat4, a: ReadonlyMat4, b: ReadonlyMat4): Mat4 {
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[4 * r + k]! * b[4 * k + c]!;
      product[4 * r + c] = s;
    }
  }
  out.set(product);
  return out;
}

/** Inverse of a 4x4 matrix in a new matrix, or null when singular (|det| below 1e-12 relative). */
export function invert4(a: ReadonlyMat4): Mat4 | null {
  return invert4Into(new Float64Array(16), a);
}

/** out = inverse of a, or null (out untouched) when a is singular; `out` may be `a`. No allocation. */
export function invert4Into(out: Mat4, a: ReadonlyMat4): Mat4 | null {
  const a00 = a[0]!, a01 = a[1]!, a02 = a[2]!, a03 = a[3]!;
  const a10 = a[4]!, a11 = a[5]!, a12 = a[6]!, a13 = a[7]!;
  const a20 = a[8]!, a21 = a[9]!, a22 = a[10]!, a23 = a[11]!;
  const a30 = a[12]!, a31 = a[13]!, a32 = a[14]!, a33 = a[15]!;
  const b00 = a00 * a11 - a01 * a10, b01 = a00 * a12 - a02 * a10, b02 = a00 * a13 - a03 * a10;
  const b03 = a01 * a12 - a02 * a11, b04 = a01 * a13 - a03 * a11, b05 = a02 * a13 - a03 * a12;
  const b06 = a20 * a31 - a21 * a30, b07 = a20 * a32 - a22 * a30, b08 = a20 * a33 - a23 * a30;
  const b09 = a21 * a32 - a22 * a31, b10 = a21 * a33 - a23 * a31, b11 = a22 * a33 - a23 * a32;
  const det = b00 * b11 - b01 * b10 + b02 * b09 + b03 * b08 - b04 * b07 + b05 * b06;
  let scale = 0;
  for (let i = 0; i < 16; i++) scale = Math.max(scale, Math.abs(a[i]!));
  if (!Number.isFinite(det) || Math.abs(det) <= 1e-12 * Math.max(1, scale ** 3)) return null;
  const d = 1 / det;
  out[0] = (a11 * b11 - a12 * b10 + a13 * b09) * d;
  out[1] = (a02 * b10 - a01 * b11 - a03 * b09) * d;
  out[2] = (a31 * b05 - a32 * b04 + a33 * b03) * d;
  out[3] = (a22 * b04 - a21 * b05 - a23 * b03) * d;
  out[4] = (a12 * b08 - a10 * b11 - a13 * b07) * d;
  out[5] = (a00 * b11 - a02 * b08 + a03 * b07) * d;
  out[6] = (a32 * b02 - a30 * b05 - a33 * b01) * d;
  out[7] = (a20 * b05 - a22 * b02 + a23 * b01) * d;
  out[8] = (a10 * b10 - a11 * b08 + a13 * b06) * d;
  out[9] = (a01 * b08 - a00 * b10 - a03 * b06) * d;
  out[10] = (a30 * b04 - a31 * b02 + a33 * b00) * d;
  out[11] = (a21 * b02 - a20 * b04 - a23 * b00) * d;
  out[12] = (a11 * b07 - a10 * b09 - a12 * b06) * d;
  out[13] = (a00 * b09 - a01 * b07 + a02 * b06) * d;
  out[14] = (a31 * b01 - a30 * b03 - a32 * b00) * d;
  out[15] = (a20 * b03 - a21 * b01 + a22 * b00) * d;
  return out;
}

/** Apply an affine to a point (x, y, z), into a new point. */
export function applyAffine(m: ReadonlyMat4, x: number, y: number, z: number): Vec3 {
  return applyAffineInto([0, 0, 0], m, x, y, z);
}

/** out = m * (x, y, z, 1) (the first three rows). No allocation. */
export function applyAffineInto(out: Vec3, m: ReadonlyMat4, x: number, y: number, z: number): Vec3 {
  const ox = m[0]! * x + m[1]! * y + m[2]! * z + m[3]!;
  const oy = m[4]! * x + m[5]! * y + m[6]! * z + m[7]!;
  const oz = m[8]! * x + m[9]! * y + m[10]! * z + m[11]!;
  out[0] = ox; out[1] = oy; out[2] = oz;
  return out;
}

/** Voxel sizes (column norms of the 3x3 part). */
export function voxelSizes(m: ReadonlyMat4): Vec3 {
  const c = (j: number) => Math.hypot(m[j]!, m[4 + j]!, m[8 + j]!);
  return [c(0), c(1), c(2)];
}

/**
 * LPS (DICOM patient) to RAS (NIfTI/MNI) world conversion: negate x and y.
 * Left-multiplying a voxel-to-LPS affine by this gives a voxel-to-RAS affine.
 */
export const LPS_TO_RAS: ReadonlyMat4 = Object.freeze([-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
