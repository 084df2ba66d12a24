/**
 * Layout of the stored pixel buffer and the value fix-ups shared by every
 * decoder: size checks, output allocation, masking to Bits Stored and sign
 * extension (PS3.5 section 8.1.1, PS3.3 C.7.6.3.1.4); and the word-wise view
 * and exact sum of 8/16-bit stored values used by the rescale kernels.
 */
import { PixelDataError, ResourceLimitError, ErrorCode } from '../errors.js';
import type { DecodeLimits, PixelModule, StoredPixels } from './types.js';

/** Which DICOM element holds the pixels (PS3.3 C.7.6.3: 7FE0,0010 / 0008 / 0009). */
export type PixelKind = 'integer' | 'float32' | 'float64';

export interface PixelLayout {
  readonly kind: PixelKind;
  readonly rows: number;
  readonly columns: number;
  readonly samples: number;
  readonly frames: number;
  /** Bytes per stored sample (1, 2, 4 or 8). */
  readonly bytesPerSample: number;
  /** rows*columns*samples. */
  readonly valuesPerFrame: number;
  /** valuesPerFrame*frames. */
  readonly totalValues: number;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
}

const MAX_DIM = 65535; // US attributes (Rows, Columns) cannot exceed this.

function checkInt(name: string, v: number, min: number, max: number): void {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `${name} = ${String(v)} is not in ${min}..${max}`, {
      details: { attribute: name, value: v },
    });
  }
}

/**
 * Validate the Image Pixel module and compute the stored layout; also enforce
 * `limits.maxBytes` before any allocation.
 * @throws PixelDataError UNSUPPORTED_PIXEL_FORMAT
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export function pixelLayout(pm: PixelModule, kind: PixelKind, limits: DecodeLimits): PixelLayout {
  checkInt('Rows', pm.rows, 1, MAX_DIM);
  checkInt('Columns', pm.columns, 1, MAX_DIM);
  checkInt('NumberOfFrames', pm.numberOfFrames, 1, 2 ** 31 - 1);
  if (pm.samplesPerPixel !== 1 && pm.samplesPerPixel !== 3) {
    throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `Samples per Pixel ${String(pm.samplesPerPixel)} is not supported (1 or 3)`);
  }
  let bytesPerSample: number;
  let bitsStored = pm.bitsStored;
  let highBit = pm.highBit;
  if (kind === 'float32' || kind === 'float64') {
    // Float/Double Float Pixel Data carry IEEE values (PS3.3 C.7.6.3.1.4); Bits Stored is not used.
    bytesPerSample = kind === 'float32' ? 4 : 8;
    bitsStored = bytesPerSample * 8;
    highBit = bitsStored - 1;
  } else {
    if (pm.bitsAllocated === 1) {
      throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, 'Bits Allocated 1 (bit-packed, e.g. segmentation/overlay) is not supported for image volumes');
    }
    if (pm.bitsAllocated !== 8 && pm.bitsAllocated !== 16 && pm.bitsAllocated !== 32) {
      throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `Bits Allocated ${String(pm.bitsAllocated)} is not supported (8, 16 or 32)`);
    }
    bytesPerSample = pm.bitsAllocated / 8;
    checkInt('BitsStored', bitsStored, 1, pm.bitsAllocated);
    checkInt('HighBit', highBit, bitsStored - 1, pm.bitsAllocated - 1);
  }
  const valuesPerFrame = pm.rows * pm.columns * pm.samplesPerPixel;
  const totalValues = valuesPerFrame * pm.numberOfFrames;
  const totalBytes = totalValues * bytesPerSample;
  if (totalBytes > limits.maxBytes) {
    throw new ResourceLimitError(
      ErrorCode.RESOURCE_LIMIT,
      `decoded pixel data would need ${String(totalBytes)} bytes, above the limit of ${String(limits.maxBytes)}`,
      { details: { bytes: totalBytes, maxBytes: limits.maxBytes } },
    );
  }
  return {
    kind,
    rows: pm.rows,
    columns: pm.columns,
    samples: pm.samplesPerPixel,
    frames: pm.numberOfFrames,
    bytesPerSample,
    valuesPerFrame,
    totalValues,
    bitsStored,
    highBit,
    signed: kind !== 'integer' || pm.pixelRepresentation === 1,
  };
}

/** Allocate the output array of the stored type (size already checked by `pixelLayout`). */
export function allocateStored(layout: PixelLayout): StoredPixels {
  const n = layout.totalValues;
  if (layout.kind === 'float32') return new Float32Array(n);
  if (layout.kind === 'float64') return new Float64Array(n);
  switch (layout.bytesPerSample) {
    case 1:
      return layout.signed ? new Int8Array(n) : new Uint8Array(n);
    case 2:
      return layout.signed ? new Int16Array(n) : new Uint16Array(n);
    default:
      return layout.signed ? new Int32Array(n) : new Uint32Array(n);
  }
}

/** View `bytes` (little-endian sample bytes of the whole volume) as the stored type. */
export function viewStored(layout: PixelLayout, bytes: Uint8Array): StoredPixels {
  const buf = bytes.buffer;
  const off = bytes.byteOffset;
  const n = layout.totalValues;
  if (layout.kind === 'float32') return new Float32Array(buf, off, n);
  if (layout.kind === 'float64') return new Float64Array(buf, off, n);
  switch (layout.bytesPerSample) {
    case 1:
      return layout.signed ? new Int8Array(buf, off, n) : new Uint8Array(buf, off, n);
    case 2:
      return layout.signed ? new Int16Array(buf, off, n) : new Uint16Array(buf, off, n);
    default:
      return layout.signed ? new Int32Array(buf, off, n) : new Uint32Array(buf, off, n);
  }
}

/** True when the host stores multi-byte numbers little-endian (all current JS engines). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverse the byte order of every `width`-byte value of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, width: number): void {
  if (width <= 1) return;
  const n = bytes.length - (bytes.length % width);
  for (let i = 0; i < n; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * True when `fixStoredBits` would change values: integer data whose Bits Stored
 * is narrower than Bits Allocated, or (for native data, `shift`) not right-aligned.
 */
export function storedBitsNeedFix(layout: PixelLayout, shift: boolean): boolean {
  if (layout.kind !== 'integer') return false;
  const lsb = shift ? layout.highBit - layout.bitsStored + 1 : 0;
  return layout.bitsStored !== layout.bytesPerSample * 8 || lsb !== 0;
}

/**
 * Keep only the Bits Stored bits of each integer value, taken from
 * (HighBit - BitsStored + 1)..HighBit, and sign-extend at Bits Stored for
 * Pixel Representation 1 (PS3.5 8.1.1). `shift` is false for codec output,
 * whose values are already right-aligned. No-op for floats and for
 * Bits Stored = Bits Allocated with the high bit at the top.
 */
export function fixStoredBits(layout: PixelLayout, values: StoredPixels, shift: boolean): void {
  if (!storedBitsNeedFix(layout, shift)) return;
  const bits = layout.bitsStored;
  const lsb = shift ? layout.highBit - bits + 1 : 0;
  const n = values.length;
  // Here bits < 32. Work on the raw bit pattern with 32-bit integer operations:
  // `>>> 0` turns a negative typed value into its two's complement pattern.
  const mask = bits === 31 ? 0x7fffffff : (1 << bits) - 1;
  const up = 32 - bits; // (x << up) >> up sign-extends at bit `bits - 1`
  if (layout.signed) {
    for (let i = 0; i < n; i++) values[i] = ((((values[i]! >>> 0) >>> lsb) & mask) << up) >> up;
  } else {
    for (let i = 0; i < n; i++) values[i] = ((values[i]! >>> 0) >>> lsb) & mask;
  }
}

/** Stored types whose every value is exact in Float32 and sums exactly in Float64. */
export type SmallIntPixels = Int8Array | Uint8Array | Int16Array | Uint16Array;

/** 8- and 16-bit integer arrays: all their values are exact in Float32. */
export function isSmallIntPixels(v: StoredPixels): v is SmallIntPixels {
  return v instanceof Int16Array || v instanceof Uint16Array || v instanceof Uint8Array || v instanceof Int8Array;
}

/** 16-bit values as 32-bit words (two values each) when aligned on a little-endian host, else undefined. */
export function storedPairWords(v: StoredPixels): Int32Array | undefined {
  if (!HOST_LITTLE_ENDIAN || !(v instanceof Int16Array || v instanceof Uint16Array) || v.byteOffset % 4 !== 0) return undefined;
  return new Int32Array(v.buffer, v.byteOffset, v.length >> 1);
}

/** Sum of small integers: exact in Float64 whatever the order, so the fastest order is used. */
export function sumSmallInts(v: SmallIntPixels): number {
  const w = storedPairWords(v);
  if (w) return sumPairs(w, v instanceof Int16Array) + (v.length % 2 === 1 ? v[v.length - 1]! : 0);
  let t = 0; // 8-bit data; 16-bit not 4-byte aligned or on a big-endian host
  for (let p = 0; p < v.length; p++) t += v[p]!;
  return t;
}

/**
 * Words of two 16-bit values each: both halves (sign-extended when `signed`)
 * summed in int32 over blocks of 8192 words (|sum| <= 2^30, no overflow),
 * blocks in Float64. Halves' order does not matter for a sum, nor host endianness.
 */
function sumPairs(w: Int32Array, signed: boolean): number {
  const n = w.length;
  let total = 0;
  for (let s = 0; s < n; s += 8192) {
    const e = Math.min(n, s + 8192);
    let a = 0;
    let c = 0;
    let p = s;
    if (signed) {
      for (; p + 1 < e; p += 2) {
        const x = w[p]!;
        const y = w[p + 1]!;
        a = (a + ((x << 16) >> 16) + (x >> 16)) | 0;
        c = (c + ((y << 16) >> 16) + (y >> 16)) | 0;
      }
      if (p < e) a = (a + ((w[p]! << 16) >> 16) + (w[p]! >> 16)) | 0;
    } else {
      for (; p + 1 < e; p += 2) {
        const x = w[p]!;
        const y = w[p + 1]!;
        a = (a + (x & 0xffff) + (x >>> 16)) | 0;
        c = (c + (y & 0xffff) + (y >>> 16)) | 0;
      }
      if (p < e) a = (a + (w[p]! & 0xffff) + (w[p]! >>> 16)) | 0;
    }
    total += a + c;
  }
  return total;
}
