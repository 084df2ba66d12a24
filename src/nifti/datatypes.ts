/**
 * NIfTI datatype codes (nifti1.h, "DT_*" / "NIFTI_TYPE_*" defines) and the
 * conversion of stored voxel bytes to numbers.
 */
import { ErrorCode, ImageFormatError } from '../errors.js';

export type NiftiDatatypeName =
  | 'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32'
  | 'int64' | 'uint64' | 'float32' | 'float64';

interface DatatypeInfo {
  readonly name: NiftiDatatypeName;
  readonly bytes: number;
  readonly integer: boolean;
}

/** Supported scalar datatypes by NIfTI code (nifti1.h). */
const SUPPORTED: ReadonlyMap<number, DatatypeInfo> = new Map([
  [2, { name: 'uint8', bytes: 1, integer: true }],
  [4, { name: 'int16', bytes: 2, integer: true }],
  [8, { name: 'int32', bytes: 4, integer: true }],
  [16, { name: 'float32', bytes: 4, integer: false }],
  [64, { name: 'float64', bytes: 8, integer: false }],
  [256, { name: 'int8', bytes: 1, integer: true }],
  [512, { name: 'uint16', bytes: 2, integer: true }],
  [768, { name: 'uint32', bytes: 4, integer: true }],
  [1024, { name: 'int64', bytes: 8, integer: true }],
  [1280, { name: 'uint64', bytes: 8, integer: true }],
]);

/** Known but unsupported codes, for a clearer error message. */
const UNSUPPORTED_NAMES: ReadonlyMap<number, string> = new Map([
  [1, 'binary (1 bit)'],
  [32, 'complex64'],
  [128, 'RGB24'],
  [1536, 'float128'],
  [1792, 'complex128'],
  [2048, 'complex256'],
  [2304, 'RGBA32'],
]);

/** Datatype code for a name (the writer's side). */
export const DATATYPE_CODE: Readonly<Record<NiftiDatatypeName, number>> = {
  uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64,
  int8: 256, uint16: 512, uint32: 768, int64: 1024, uint64: 1280,
};

/**
 * Look up a datatype code.
 * @throws ImageFormatError UNSUPPORTED_PIXEL_FORMAT (RGB, complex, float128, bit) or INVALID_NIFTI (unknown code)
 */
export function datatypeInfo(code: number): DatatypeInfo {
  const info = SUPPORTED.get(code);
  if (info) return info;
  const name = UNSUPPORTED_NAMES.get(code);
  if (name !== undefined) {
    throw new ImageFormatError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `NIfTI datatype ${code} (${name}) is not supported; only scalar volumes are`, {
      details: { datatype: code },
    });
  }
  throw new ImageFormatError(ErrorCode.INVALID_NIFTI, `unknown NIfTI datatype code ${code}`, { details: { datatype: code } });
}

/**
 * Read `n` stored values of datatype `name` starting at byte `offset` of `view`
 * into `out` (Float64 so that int32/uint32 stay exact; int64/uint64 are exact
 * up to 2^53, larger magnitudes are rounded — the caller is told through the
 * returned count). The caller has checked that the bytes exist.
 * @returns the number of 64-bit values whose magnitude exceeded 2^53 (precision lost)
 */
export function readStored(view: DataView, offset: number, n: number, name: NiftiDatatypeName, little: boolean, out: Float64Array): number {
  let lost = 0;
  switch (name) {
    case 'uint8': for (let i = 0; i < n; i++) out[i] = view.getUint8(offset + i); break;
    case 'int8': for (let i = 0; i < n; i++) out[i] = view.getInt8(offset + i); break;
    case 'int16': for (let i = 0; i < n; i++) out[i] = view.getInt16(offset + 2 * i, little); break;
    case 'uint16': for (let i = 0; i < n; i++) out[i] = view.getUint16(offset + 2 * i, little); break;
    case 'int32': for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, little); break;
    case 'uint32': for (let i = 0; i < n; i++) out[i] = view.getUint32(offset + 4 * i, little); break;
    case 'float32': for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, little); break;
    case 'float64': for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, little); break;
    case 'int64': {
      const lim = BigInt(Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < n; i++) {
        const b = view.getBigInt64(offset + 8 * i, little);
        if (b > lim || b < -lim) lost++;
        out[i] = Number(b);
      }
      break;
    }
    case 'uint64': {
      const lim = BigInt(Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < n; i++) {
        const b = view.getBigUint64(offset + 8 * i, little);
        if (b > lim) lost++;
        out[i] = Number(b);
      }
      break;
    }
  }
  return lost;
}

/** Range of an integer datatype (for the writer). */
export function integerRange(name: NiftiDatatypeName): [number, number] {
  switch (name) {
    case 'uint8': return [0, 255];
    case 'int8': return [-128, 127];
    case 'int16': return [-32768, 32767];
    case 'uint16': return [0, 65535];
    case 'int32': return [-2147483648, 2147483647];
    case 'uint32': return [0, 4294967295];
    case 'int64': return [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    case 'uint64': return [0, Number.MAX_SAFE_INTEGER];
    default: return [-Infinity, Infinity];
  }
}

/** Bytes per voxel and integer-ness of a supported datatype name. */
export function datatypeByName(name: NiftiDatatypeName): DatatypeInfo {
  const info = SUPPORTED.get(DATATYPE_CODE[name]);
  if (!info) throw new RangeError(`unknown datatype ${name}`);
  return info;
}
