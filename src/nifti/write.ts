/**
 * NIfTI writer: single file, little endian, no extensions, sform and (when the
 * affine is rigid+scale) qform. NIfTI-1 (`n+1`, 348-byte header, vox_offset 352)
 * by default; NIfTI-2 (`n+2`, 540-byte header with 64-bit fields, vox_offset 544)
 * on request.
 */
import { gzipSync } from 'fflate';
import { ErrorCode, ImageFormatError } from '../errors.js';
import type { Volume } from '../volume/volume.js';
import { DATATYPE_CODE, datatypeByName, integerRange, type NiftiDatatypeName } from './datatypes.js';
import { affineToQuatern } from './transform.js';

export type NiftiWriteDatatype = Exclude<NiftiDatatypeName, 'int64' | 'uint64'>;

export interface WriteNiftiOptions {
  /** Gzip the result (`.nii.gz`). Default false. */
  readonly gzip?: boolean;
  /** Stored datatype. Default 'float32'. Integer types get scl_slope/scl_inter when needed. */
  readonly datatype?: NiftiWriteDatatype;
  /** `descrip` text (ASCII, at most 79 characters; other characters become '?'). Default empty. */
  readonly description?: string;
  /** sform_code and qform_code: 1 scanner, 2 aligned (default), 3 Talairach, 4 MNI-152. */
  readonly xformCode?: 1 | 2 | 3 | 4;
  /** NIfTI-1 (default) or NIfTI-2. */
  readonly version?: 1 | 2;
}

/** Header size and data offset (header + 4 extension-flag bytes) per version. */
const LAYOUT = { 1: { hdr: 348, voxOffset: 352 }, 2: { hdr: 540, voxOffset: 544 } } as const;

/**
 * Choose scl_slope/scl_inter (float32, as stored) so the data range fits the
 * integer type: identity when every value is already an integer inside the range.
 */
function chooseScaling(data: Float32Array, name: NiftiWriteDatatype): { slope: number; inter: number } {
  const [lo, hi] = integerRange(name);
  let min = Infinity, max = -Infinity, allInt = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      throw new ImageFormatError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `cannot store a non-finite value (voxel ${i}) as ${name}; write float32`);
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (allInt && !Number.isInteger(v)) allInt = false;
  }
  if (data.length === 0 || (allInt && min >= lo && max <= hi)) return { slope: 1, inter: 0 };
  if (max === min) return { slope: 1, inter: Math.fround(min) };
  const slope = Math.fround((max - min) / (hi - lo));
  // a range too small for a float32 slope (it would read back as "no scaling"): store the offset only
  if (!(slope > 0 && Number.isFinite(slope))) return { slope: 1, inter: Math.fround(min) };
  const inter = Math.fround(min - lo * slope);
  return { slope, inter };
}

function writeVoxels(view: DataView, o: number, data: Float32Array, name: NiftiWriteDatatype, slope: number, inter: number): void {
  const n = data.length;
  if (name === 'float32') { for (let i = 0; i < n; i++) view.setFloat32(o + 4 * i, data[i]!, true); return; }
  if (name === 'float64') { for (let i = 0; i < n; i++) view.setFloat64(o + 8 * i, data[i]!, true); return; }
  const [lo, hi] = integerRange(name);
  const bytes = datatypeByName(name).bytes;
  for (let i = 0; i < n; i++) {
    let s = Math.round((data[i]! - inter) / slope);
    if (s < lo) s = lo; else if (s > hi) s = hi;
    const p = o + bytes * i;
    switch (name) {
      case 'uint8': view.setUint8(p, s); break;
      case 'int8': view.setInt8(p, s); break;
      case 'int16': view.setInt16(p, s, true); break;
      case 'uint16': view.setUint16(p, s, true); break;
      case 'int32': view.setInt32(p, s, true); break;
      case 'uint32': view.setUint32(p, s, true); break;
    }
  }
}

/**
 * Serialise a `Volume` as NIfTI-1 (or NIfTI-2 with `version: 2`). The sform holds
 * the affine; the qform holds the same transform when the affine's 3x3 part is a
 * rotation times positive scales (possibly with a flip, qfac = -1), else
 * qform_code is 0. `descrip` is only the caller's text. xyzt_units = mm.
 * @throws ImageFormatError UNSUPPORTED_PIXEL_FORMAT (non-finite data for an integer datatype)
 */
export function writeNifti(volume: Volume, options: WriteNiftiOptions = {}): Uint8Array {
  const name = options.datatype ?? 'float32';
  const version = options.version ?? 1;
  const { hdr, voxOffset } = LAYOUT[version];
  const info = datatypeByName(name);
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny * nz;
  if (volume.data.length !== n) throw new RangeError(`volume data has ${volume.data.length} voxels, dims need ${n}`);
  const out = new Uint8Array(voxOffset + n * info.bytes);
  const v = new DataView(out.buffer);
  const { slope, inter } = info.integer ? chooseScaling(volume.data, name) : { slope: 1, inter: 0 };
  const code = options.xformCode ?? 2;
  const a = volume.affine;
  const q = affineToQuatern(a);
  const dims = [3, nx, ny, nz, 1, 1, 1, 1];
  const sp = q ? [q.dx, q.dy, q.dz] : [volume.spacing[0], volume.spacing[1], volume.spacing[2]];
  const pixdim = [q ? q.qfac : 1, sp[0]!, sp[1]!, sp[2]!, 0, 0, 0, 0];
  const quatern = q ? [q.b, q.c, q.d, q.qx, q.qy, q.qz] : [0, 0, 0, 0, 0, 0];

  v.setInt32(0, hdr, true);
  if (version === 1) {
    out[38] = 0x72; // regular = 'r' (Analyze legacy field)
    for (let i = 0; i < 8; i++) v.setInt16(40 + 2 * i, dims[i]!, true);
    v.setInt16(70, DATATYPE_CODE[name], true);
    v.setInt16(72, info.bytes * 8, true);
    for (let i = 0; i < 8; i++) v.setFloat32(76 + 4 * i, pixdim[i]!, true);
    v.setFloat32(108, voxOffset, true);
    v.setFloat32(112, slope, true);
    v.setFloat32(116, inter, true);
    out[123] = 2; // xyzt_units: NIFTI_UNITS_MM
    writeAscii(out, 148, 80, options.description ?? '');
    v.setInt16(252, q ? code : 0, true);
    v.setInt16(254, code, true);
    for (let i = 0; i < 6; i++) v.setFloat32(256 + 4 * i, quatern[i]!, true);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat32(280 + 16 * r + 4 * c, a[4 * r + c]!, true);
    out.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  } else {
    // NIfTI-2 (nifti2.h): magic at 4, 64-bit dims, double precision fields
    out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4); // "n+2\0\r\n\032\n"
    v.setInt16(12, DATATYPE_CODE[name], true);
    v.setInt16(14, info.bytes * 8, true);
    for (let i = 0; i < 8; i++) v.setBigInt64(16 + 8 * i, BigInt(dims[i]!), true);
    for (let i = 0; i < 8; i++) v.setFloat64(104 + 8 * i, pixdim[i]!, true);
    v.setBigInt64(168, BigInt(voxOffset), true);
    v.setFloat64(176, slope, true);
    v.setFloat64(184, inter, true);
    writeAscii(out, 240, 80, options.description ?? '');
    v.setInt32(344, q ? code : 0, true);
    v.setInt32(348, code, true);
    for (let i = 0; i < 6; i++) v.setFloat64(352 + 8 * i, quatern[i]!, true);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat64(400 + 32 * r + 8 * c, a[4 * r + c]!, true);
    v.setInt32(500, 2, true); // xyzt_units: NIFTI_UNITS_MM
  }
  // the 4 extension-flag bytes after the header stay 0: no extensions
  writeVoxels(v, voxOffset, volume.data, name, slope, inter);
  return options.gzip ? gzipSync(out, { level: 6, mtime: 0 }) : out;
}

function writeAscii(out: Uint8Array, at: number, field: number, text: string): void {
  const n = Math.min(text.length, field - 1);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    out[at + i] = c >= 0x20 && c < 0x7f ? c : 0x3f;
  }
}
