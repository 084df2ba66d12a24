/**
 * Native (uncompressed) pixel data: PS3.5 section 8.1 and 8.2.
 * Values are packed without gaps, frame after frame, each sample using Bits
 * Allocated bits. Little endian unless the transfer syntax is Explicit VR Big
 * Endian, where OW/OF/OD/OL values are byte-swapped per value (PS3.5 7.3).
 */
import { PixelDataError, ErrorCode } from '../errors.js';
import type { IssueList } from '../issues.js';
import type { StoredPixels } from './types.js';
import { type PixelLayout, HOST_LITTLE_ENDIAN, swapBytes, viewStored, fixStoredBits, storedBitsNeedFix } from './stored.js';

export interface NativeSource {
  readonly bytes: Uint8Array;
  readonly dataOffset: number;
  readonly length: number;
  /** Value Representation when known (explicit VR syntaxes), e.g. 'OW', 'OB'. */
  readonly vr: string | undefined;
}

/**
 * Turn planar samples (RRR..GGG..BBB per frame, Planar Configuration 1,
 * PS3.3 C.7.6.3.1.3) into interleaved ones (RGBRGB...). Works on the raw bytes.
 */
export function planarToInterleaved(src: Uint8Array, layout: PixelLayout): Uint8Array {
  const out = new Uint8Array(src.length);
  const s = layout.samples;
  const bps = layout.bytesPerSample;
  const pixels = layout.rows * layout.columns;
  const frameBytes = pixels * s * bps;
  for (let f = 0; f < layout.frames; f++) {
    const base = f * frameBytes;
    for (let c = 0; c < s; c++) {
      const plane = base + c * pixels * bps;
      for (let p = 0; p < pixels; p++) {
        const from = plane + p * bps;
        const to = base + (p * s + c) * bps;
        for (let b = 0; b < bps; b++) out[to + b] = src[from + b]!;
      }
    }
  }
  return out;
}

/**
 * Decode native pixel data into a fresh, aligned array of stored values.
 *
 * With `borrow`, when the values need no byte swap, no de-planarisation and no
 * bit fix-up, and their offset is a multiple of the sample size, the result is
 * a read-only-by-contract VIEW of `src.bytes` (no copy): the caller must consume
 * it before the buffer changes and must not write to it or hand it out.
 * @throws PixelDataError PIXEL_DATA_SIZE when the element is shorter than
 *   rows*columns*samples*frames*bytes or runs past the end of the buffer
 */
export function decodeNative(
  src: NativeSource,
  layout: PixelLayout,
  bigEndian: boolean,
  planar: boolean,
  issues: IssueList,
  borrow = false,
): StoredPixels {
  const expected = layout.totalValues * layout.bytesPerSample;
  const available = Math.max(0, Math.min(src.length, src.bytes.length - src.dataOffset));
  if (src.dataOffset < 0 || available < expected) {
    throw new PixelDataError(
      ErrorCode.PIXEL_DATA_SIZE,
      `pixel data holds ${String(available)} bytes but ${String(layout.rows)}x${String(layout.columns)}x${String(layout.samples)} samples x ${String(layout.frames)} frames x ${String(layout.bytesPerSample)} bytes need ${String(expected)}` +
        (src.length > available ? ` (element declares ${String(src.length)} bytes, the file is truncated)` : ''),
      { details: { available, expected, declared: src.length } },
    );
  }
  // Extra bytes: one pad byte for odd sizes is required by PS3.5 7.1.1; more is odd but harmless.
  const extra = src.length - expected;
  if (extra > 1) {
    issues.add('PIXEL_DATA_EXTRA_BYTES', 'warning', `pixel data has ${String(extra)} bytes more than rows*columns*samples*frames needs; they are ignored`);
  }
  let width = layout.bytesPerSample;
  // In big endian, 8-bit samples in an OW element were swapped as 16-bit words (PS3.5 8.1.1 / 7.3).
  if (bigEndian && width === 1 && src.vr === 'OW') width = 2;
  const swap = bigEndian === HOST_LITTLE_ENDIAN;
  const deplanar = planar && layout.samples > 1;
  const start = src.bytes.byteOffset + src.dataOffset;
  if (borrow && !swap && !deplanar && start % layout.bytesPerSample === 0 && !storedBitsNeedFix(layout, true)) {
    return viewStored(layout, src.bytes.subarray(src.dataOffset, src.dataOffset + expected));
  }
  // Copy (never view the file buffer): aligned, and the caller owns the result.
  // Not `.slice()`: on a Node Buffer that returns a view sharing the file's memory.
  let bytes: Uint8Array = new Uint8Array(expected);
  bytes.set(src.bytes.subarray(src.dataOffset, src.dataOffset + expected));
  if (swap) swapBytes(bytes, width);
  if (deplanar) bytes = planarToInterleaved(bytes, layout);
  const values = viewStored(layout, bytes);
  fixStoredBits(layout, values, true);
  return values;
}
