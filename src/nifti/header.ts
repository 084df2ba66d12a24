/**
 * NIfTI-1 (348-byte) and NIfTI-2 (540-byte) header parsing.
 *
 * Layouts: nifti1.h (NIfTI DFWG, 2004) and nifti2.h (2011). Byte order is
 * detected from `sizeof_hdr` (348 or 540 read little- or big-endian), as the
 * standard recommends. Only single-file images (`n+1`, `n+2`) are accepted.
 */
import { ErrorCode, ImageFormatError } from '../errors.js';
import type { NiftiExtension, NiftiHeader } from './header-types.js';
import { qformMatrix, sformMatrix } from './transform.js';

export type { NiftiExtension, NiftiHeader } from './header-types.js';

const MAX_EXTENSIONS = 4096;

function cString(bytes: Uint8Array, start: number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const c = bytes[start + i]!;
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Detect version and byte order from the first 4 bytes.
 * Returns null when the bytes are not a NIfTI header size in either order.
 */
export function detectNifti(bytes: Uint8Array): { version: 1 | 2; little: boolean } | null {
  if (bytes.length < 4) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 4);
  const le = v.getInt32(0, true);
  const be = v.getInt32(0, false);
  if (le === 348) return { version: 1, little: true };
  if (be === 348) return { version: 1, little: false };
  if (le === 540) return { version: 2, little: true };
  if (be === 540) return { version: 2, little: false };
  return null;
}

/**
 * Parse an uncompressed NIfTI-1 or NIfTI-2 header (and the extension list when
 * the extension flag is set; `readNiftiHeader` also takes gzip). `bytes` needs the header; extensions are listed only as far as
 * `bytes` reaches and never beyond `vox_offset`.
 * @throws ImageFormatError INVALID_NIFTI (not NIfTI, bad magic, bad dims or vox_offset),
 *   UNSUPPORTED_FORMAT (`ni1`/`ni2` header+image pairs), TRUNCATED (shorter than the header)
 */
export function parseNiftiHeader(bytes: Uint8Array): NiftiHeader {
  const det = detectNifti(bytes);
  if (!det) throw new ImageFormatError(ErrorCode.INVALID_NIFTI, 'not a NIfTI file: sizeof_hdr is neither 348 nor 540 in either byte order');
  const size = det.version === 1 ? 348 : 540;
  if (bytes.length < size) {
    throw new ImageFormatError(ErrorCode.TRUNCATED, `NIfTI-${det.version} header needs ${size} bytes, file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = det.version === 1 ? parseV1(bytes, view, det.little) : parseV2(bytes, view, det.little);
  validate(h);
  const extensions = h.extensionFlag[0] !== 0 ? listExtensions(view, size + 4, h.voxOffset, det.little) : [];
  return { ...h, extensions, qform: qformMatrix(h), sform: sformMatrix(h) };
}

type Base = Omit<NiftiHeader, 'extensions' | 'qform' | 'sform'>;

function magicCheck(magic: string, version: 1 | 2): void {
  const single = version === 1 ? 'n+1' : 'n+2';
  const pair = version === 1 ? 'ni1' : 'ni2';
  if (magic === single) return;
  if (magic === pair) {
    throw new ImageFormatError(ErrorCode.UNSUPPORTED_FORMAT, `NIfTI-${version} header/image pair (magic '${pair}', .hdr/.img) is not supported; convert to a single .nii file`);
  }
  throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `bad NIfTI-${version} magic ${JSON.stringify(magic)} (expected '${single}'; Analyze 7.5 is not supported)`);
}

/**
 * dim[0..7], pixdim[0..7] and srow_x/y/z of either version: `dimAt(i)` reads dim[i], `real(offset)`
 * a float of `size` bytes (4 in NIfTI-1, 8 in NIfTI-2); pixdim and the srows start at the offsets given.
 */
function gridFields(dimAt: (i: number) => number, real: (o: number) => number, pixdimAt: number, srowAt: number, size: number): Pick<Base, 'dim' | 'pixdim' | 'srow'> {
  const dim: number[] = [];
  const pixdim: number[] = [];
  for (let i = 0; i < 8; i++) { dim.push(dimAt(i)); pixdim.push(real(pixdimAt + size * i)); }
  const srow: number[][] = [];
  for (let r = 0; r < 3; r++) {
    const row: number[] = [];
    for (let c = 0; c < 4; c++) row.push(real(srowAt + 4 * size * r + size * c));
    srow.push(row);
  }
  return { dim, pixdim, srow };
}

function parseV1(b: Uint8Array, v: DataView, le: boolean): Base {
  const magic = cString(b, 344, 4);
  magicCheck(magic, 1);
  const i16 = (o: number) => v.getInt16(o, le);
  const f32 = (o: number) => v.getFloat32(o, le);
  const { dim, pixdim, srow } = gridFields((i) => i16(40 + 2 * i), f32, 76, 280, 4);
  return {
    version: 1, littleEndian: le, sizeofHdr: 348, magic, dim, pixdim,
    datatype: i16(70), bitpix: i16(72), voxOffset: f32(108),
    sclSlope: f32(112), sclInter: f32(116),
    qformCode: i16(252), sformCode: i16(254),
    quaternBcd: [f32(256), f32(260), f32(264)], qoffsetXyz: [f32(268), f32(272), f32(276)], srow,
    xyztUnits: v.getUint8(123), intentCode: i16(68), intentName: cString(b, 328, 16),
    intentP: [f32(56), f32(60), f32(64)], descrip: cString(b, 148, 80), auxFile: cString(b, 228, 24),
    calMax: f32(124), calMin: f32(128),
    extensionFlag: b.length >= 352 ? [b[348]!, b[349]!, b[350]!, b[351]!] : [0, 0, 0, 0],
  };
}

function int64AsNumber(v: DataView, o: number, le: boolean, what: string): number {
  const x = v.getBigInt64(o, le);
  const lim = BigInt(Number.MAX_SAFE_INTEGER);
  if (x > lim || x < -lim) throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `NIfTI-2 ${what} ${x} is out of range`);
  return Number(x);
}

function parseV2(b: Uint8Array, v: DataView, le: boolean): Base {
  const magic = cString(b, 4, 4);
  magicCheck(magic, 2);
  const f64 = (o: number) => v.getFloat64(o, le);
  const i32 = (o: number) => v.getInt32(o, le);
  const { dim, pixdim, srow } = gridFields((i) => int64AsNumber(v, 16 + 8 * i, le, `dim[${i}]`), f64, 104, 400, 8);
  return {
    version: 2, littleEndian: le, sizeofHdr: 540, magic, dim, pixdim,
    datatype: v.getInt16(12, le), bitpix: v.getInt16(14, le), voxOffset: int64AsNumber(v, 168, le, 'vox_offset'),
    sclSlope: f64(176), sclInter: f64(184),
    qformCode: i32(344), sformCode: i32(348),
    quaternBcd: [f64(352), f64(360), f64(368)], qoffsetXyz: [f64(376), f64(384), f64(392)], srow,
    xyztUnits: i32(500), intentCode: i32(504), intentName: cString(b, 508, 16),
    intentP: [f64(80), f64(88), f64(96)], descrip: cString(b, 240, 80), auxFile: cString(b, 320, 24),
    calMax: f64(192), calMin: f64(200),
    extensionFlag: b.length >= 544 ? [b[540]!, b[541]!, b[542]!, b[543]!] : [0, 0, 0, 0],
  };
}

function validate(h: Base): void {
  const nd = h.dim[0]!;
  if (!(nd >= 1 && nd <= 7)) throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `dim[0] must be 1..7, got ${nd}`);
  for (let i = 1; i <= nd; i++) {
    const d = h.dim[i]!;
    if (!(Number.isInteger(d) && d > 0)) throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `dim[${i}] must be a positive integer, got ${d}`);
  }
  const min = h.sizeofHdr;
  if (!Number.isFinite(h.voxOffset) || !Number.isInteger(h.voxOffset) || h.voxOffset < min) {
    throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `vox_offset must be an integer >= ${min} for a single-file NIfTI, got ${h.voxOffset}`);
  }
}

/**
 * Walk the extension list (nifti1.h "extension" section): from the end of the
 * header + 4 flag bytes, records of (esize int32, ecode int32, payload), esize a
 * multiple of 16 and at least 16 (8 is tolerated), never past vox_offset.
 * A malformed record stops the walk (the data offset still rules).
 */
function listExtensions(view: DataView, start: number, voxOffset: number, le: boolean): NiftiExtension[] {
  const out: NiftiExtension[] = [];
  const end = Math.min(voxOffset, view.byteLength);
  let pos = start;
  while (pos + 8 <= end && out.length < MAX_EXTENSIONS) {
    const esize = view.getInt32(pos, le);
    const ecode = view.getInt32(pos + 4, le);
    if (esize < 8 || pos + esize > end) break;
    out.push({ code: ecode, offset: pos + 8, length: esize - 8 });
    pos += esize;
  }
  return out;
}

/**
 * Scaling actually applied: nifti1.h says scl_slope = 0 means "no scaling";
 * like nibabel, a non-finite slope also means none, and a non-finite
 * intercept with a valid slope is taken as 0.
 */
export function effectiveScaling(h: Pick<NiftiHeader, 'sclSlope' | 'sclInter'>): { slope: number; inter: number; applied: boolean } {
  const s = h.sclSlope;
  if (s === 0 || !Number.isFinite(s)) return { slope: 1, inter: 0, applied: false };
  const i = Number.isFinite(h.sclInter) ? h.sclInter : 0;
  return { slope: s, inter: i, applied: !(s === 1 && i === 0) };
}
