/**
 * The parsed NIfTI header (header.ts parses it, transform.ts builds its affines): its own file,
 * so that header.ts and transform.ts do not import each other.
 */
import type { Mat4 } from '../volume/affine.js';

export interface NiftiExtension {
  /** `ecode` (e.g. 4 AFNI, 6 comment, 32 CIfTI). */
  readonly code: number;
  /** Byte offset of the extension payload (after esize/ecode) in the file. */
  readonly offset: number;
  /** Payload length in bytes (esize - 8). */
  readonly length: number;
}

export interface NiftiHeader {
  readonly version: 1 | 2;
  readonly littleEndian: boolean;
  readonly sizeofHdr: 348 | 540;
  readonly magic: string;
  /** dim[0..7] as stored (dim[0] = number of dimensions). */
  readonly dim: readonly number[];
  /** pixdim[0..7] as stored (pixdim[0] = qfac). */
  readonly pixdim: readonly number[];
  readonly datatype: number;
  readonly bitpix: number;
  readonly voxOffset: number;
  /** Raw scl_slope / scl_inter from the file (see `effectiveScaling`). */
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quaternBcd: readonly [number, number, number];
  readonly qoffsetXyz: readonly [number, number, number];
  /** srow_x, srow_y, srow_z (3 rows of 4). */
  readonly srow: readonly (readonly number[])[];
  readonly xyztUnits: number;
  readonly intentCode: number;
  readonly intentName: string;
  readonly intentP: readonly [number, number, number];
  readonly descrip: string;
  readonly auxFile: string;
  readonly calMin: number;
  readonly calMax: number;
  /** Bytes 348..351 (NIfTI-1) or 540..543 (NIfTI-2); extensions exist only when byte 0 is non-zero. */
  readonly extensionFlag: readonly number[];
  readonly extensions: readonly NiftiExtension[];
  /** Method 2 matrix from the quaternion fields (whatever qform_code says); null when it cannot be built. */
  readonly qform: Mat4 | null;
  /** Method 3 matrix from srow_x/y/z (whatever sform_code says); null when singular or not finite. */
  readonly sform: Mat4 | null;
}
