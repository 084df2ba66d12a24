/**
 * Decode encapsulated (compressed) frames (PS3.5 A.4) with the codec the
 * codestream really needs, then check and copy them into the stored array.
 */
import { PixelDataError, ErrorCode } from '../errors.js';
import type { IssueList } from '../issues.js';
import { type CodecFrame, decodeJ2k, decodeJpegBaseline8, decodeJpegLossless, decodeJpegLs } from './codecs.js';
import { readJ2kHeader, readJpegHeader } from './codestream-header.js';
import { decodeJpegDct } from './jpeg/decode.js';
import type { PixelEncoding } from './syntaxes.js';
import type { PixelLayout } from './stored.js';

function failed(message: string, details?: Record<string, unknown>): never {
  throw new PixelDataError(ErrorCode.DECODE_FAILED, message, details === undefined ? {} : { details });
}

function checkSize(layout: PixelLayout, w: number, h: number, c: number, where: string): void {
  if (w !== layout.columns || h !== layout.rows || c !== layout.samples) {
    failed(
      `${where} is ${String(w)}x${String(h)} with ${String(c)} component(s) but the DICOM header says ${String(layout.columns)}x${String(layout.rows)} with ${String(layout.samples)}`,
      { width: w, height: h, components: c },
    );
  }
}

/**
 * True when the codestream ends with EOI/EOC (FFD9, T.81 B.2.1, T.87, T.800 A.4.4),
 * ignoring the trailing padding (0x00, or 0xFF as in the WG04 files) that
 * makes a fragment's length even (PS3.5 A.4).
 */
export function endsWithEoi(b: Uint8Array): boolean {
  let n = b.length;
  const stop = Math.max(0, n - 16);
  while (n > stop && (b[n - 1] === 0x00 || b[n - 1] === 0xff)) n--;
  return n >= 2 && b[n - 2] === 0xff && b[n - 1] === 0xd9;
}

const JPEG_FAMILY: ReadonlySet<PixelEncoding> = new Set<PixelEncoding>(['jpeg-baseline', 'jpeg-extended', 'jpeg-lossless', 'jpeg-ls']);

/**
 * Decode one compressed frame. The codec is chosen from the codestream's own
 * frame marker (SOF0/1/2 DCT, SOF3 lossless, SOF55 JPEG-LS), since some files
 * carry a transfer syntax that does not match their codestream.
 * @throws PixelDataError DECODE_FAILED | UNSUPPORTED_TRANSFER_SYNTAX
 */
export async function decodeFrame(encoding: PixelEncoding, data: Uint8Array, layout: PixelLayout, issues: IssueList): Promise<CodecFrame> {
  let frame: CodecFrame;
  if (JPEG_FAMILY.has(encoding)) {
    const h = readJpegHeader(data);
    if (h === undefined) failed('the frame does not start with a JPEG frame header (SOI then SOFn)');
    checkSize(layout, h.width, h.height, h.components, 'the JPEG frame header');
    if (h.precision > layout.bytesPerSample * 8) failed(`JPEG precision ${String(h.precision)} bits does not fit Bits Allocated ${String(layout.bytesPerSample * 8)}`);
    const m = h.marker;
    const expected: Record<string, number[]> = {
      'jpeg-baseline': [0xffc0],
      'jpeg-extended': [0xffc0, 0xffc1],
      'jpeg-lossless': [0xffc3],
      'jpeg-ls': [0xfff7],
    };
    if (!(expected[encoding] ?? []).includes(m)) {
      issues.add('CODESTREAM_SYNTAX_MISMATCH', 'warning', `the JPEG codestream (marker ${m.toString(16).toUpperCase()}) does not match the transfer syntax; decoded as what it is`);
    }
    // CharLS can spin for many seconds on a cut stream, and the lossless JPEG
    // decoder may decode one silently: refuse a codestream without its end marker.
    if ((m === 0xfff7 || m === 0xffc3) && !endsWithEoi(data)) failed('the JPEG codestream has no EOI marker: truncated frame');
    if (m === 0xfff7) frame = await decodeJpegLs(data);
    else if (m === 0xffc3) frame = await decodeJpegLossless(data, h.width, h.height, h.components, h.precision);
    else if ((m === 0xffc0 || m === 0xffc1 || m === 0xffc2) && h.precision === 8) frame = await decodeJpegBaseline8(data);
    else if ((m === 0xffc0 || m === 0xffc1) && h.precision === 12) frame = decodeJpegDct(data);
    else {
      throw new PixelDataError(
        ErrorCode.UNSUPPORTED_TRANSFER_SYNTAX,
        `JPEG process with marker ${m.toString(16).toUpperCase()} and ${String(h.precision)}-bit precision is not supported (hierarchical, arithmetic or 12-bit progressive coding)`,
      );
    }
  } else if (encoding === 'jpeg2000' || encoding === 'htj2k') {
    const h = readJ2kHeader(data);
    if (h !== undefined) {
      checkSize(layout, h.width, h.height, h.components, 'the JPEG 2000 SIZ header');
      if (h.precision > layout.bytesPerSample * 8) failed(`JPEG 2000 precision ${String(h.precision)} bits does not fit Bits Allocated ${String(layout.bytesPerSample * 8)}`);
    } else if (!(data.length >= 8 && data[4] === 0x6a && data[5] === 0x50)) {
      failed('the frame is neither a JPEG 2000 codestream (FF4F FF51) nor a JP2 file');
    }
    frame = await decodeJ2k(data);
  } else {
    failed(`internal: no frame decoder for ${encoding}`);
  }
  checkSize(layout, frame.width, frame.height, frame.components, 'the decoded frame');
  if (frame.bitsPerSample > layout.bytesPerSample * 8) failed(`decoded ${String(frame.bitsPerSample)}-bit samples do not fit Bits Allocated ${String(layout.bytesPerSample * 8)}`);
  return frame;
}

/** Copy a decoded frame into the stored array at value offset `at` (interleaving planar codec output). */
export function copyFrame(frame: CodecFrame, out: { set(a: ArrayLike<number>, offset: number): void; [i: number]: number }, at: number, layout: PixelLayout): void {
  if (!frame.planar || layout.samples === 1) {
    out.set(frame.values, at);
    return;
  }
  const pixels = layout.rows * layout.columns;
  const s = layout.samples;
  const v = frame.values;
  for (let c = 0; c < s; c++) {
    for (let p = 0; p < pixels; p++) out[at + p * s + c] = v[c * pixels + p]!;
  }
}
