/**
 * Contract between the DICOM dataset reader (src/dicom/*.ts) and the pixel
 * decoders (src/dicom-pixels/*). The reader describes the Image Pixel module;
 * the decoders return the STORED values of all frames (before any rescale),
 * frame after frame, in native byte order, samples interleaved per pixel.
 */
import type { Issue } from '../issues.js';

/** Image Pixel module attributes needed to decode (PS3.3 C.7.6.3). */
export interface PixelModule {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly highBit: number;
  /** 0 unsigned, 1 two's complement. */
  readonly pixelRepresentation: 0 | 1;
  readonly photometricInterpretation: string;
  /** 0 interleaved (R1G1B1R2...), 1 planar; only meaningful for samplesPerPixel > 1. */
  readonly planarConfiguration: 0 | 1;
  readonly numberOfFrames: number;
}

export type StoredPixels =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export interface DecodeLimits {
  /** Largest decoded pixel buffer allowed, in bytes (default 256 MiB: a brain SPECT is a few MB; docs/reliability.md). */
  readonly maxBytes: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({ maxBytes: 256 * 1024 ** 2 });

export interface DecodedPixels {
  /** rows*columns*samplesPerPixel*numberOfFrames stored values. */
  readonly values: StoredPixels;
  /** True for lossy transfer syntaxes (JPEG baseline, JPEG-LS near-lossless, J2K irreversible). */
  readonly lossy: boolean;
  /** Photometric interpretation after decoding (e.g. YBR_FULL becomes RGB). */
  readonly photometricInterpretation: string;
  /**
   * Recoverable oddities met while decoding (extra trailing bytes, codestream
   * signedness differing from Pixel Representation...). Optional for
   * compatibility; the decoders in this folder always fill it.
   */
  readonly issues?: readonly Issue[];
}
