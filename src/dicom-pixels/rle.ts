/**
 * RLE Lossless decoder (transfer syntax 1.2.840.10008.1.2.5), PS3.5 Annex G.
 *
 * One frame = one RLE image: a 64-byte header of 16 little-endian uint32
 * (number of segments, then up to 15 segment offsets from the start of the
 * header), followed by the segments. Each segment is one byte plane, PackBits
 * coded (G.3.1): header byte n in 0..127 copies the next n+1 bytes, n in
 * -127..-1 repeats the next byte 1-n times, -128 does nothing. Segments are
 * ordered sample by sample and, within a sample, most significant byte first
 * (G.2). Output: interleaved samples, little-endian bytes.
 *
 * Bounded: reads stay inside each segment, writes stop at the frame size.
 */
import { PixelDataError, ErrorCode } from '../errors.js';
import type { IssueList } from '../issues.js';

function bad(message: string): never {
  throw new PixelDataError(ErrorCode.DECODE_FAILED, `RLE: ${message}`);
}

/**
 * Decode one RLE frame into `out` (little-endian sample bytes, interleaved),
 * starting at `outOffset`, for `pixels` pixels of `samples` samples of
 * `bytesPerSample` bytes.
 * @throws PixelDataError DECODE_FAILED on a bad header, bad offsets or a segment that decodes to too few bytes
 */
export function decodeRleFrame(
  frame: Uint8Array,
  out: Uint8Array,
  outOffset: number,
  pixels: number,
  samples: number,
  bytesPerSample: number,
  issues: IssueList,
): void {
  if (frame.length < 64) bad(`frame of ${String(frame.length)} bytes is shorter than the 64-byte header`);
  const dv = new DataView(frame.buffer, frame.byteOffset, 64);
  const nSeg = dv.getUint32(0, true);
  const expectedSeg = samples * bytesPerSample;
  if (nSeg !== expectedSeg) bad(`header declares ${String(nSeg)} segments, ${String(samples)} samples x ${String(bytesPerSample)} bytes need ${String(expectedSeg)}`);
  if (nSeg < 1 || nSeg > 15) bad(`${String(nSeg)} segments (1..15 allowed)`);
  if (outOffset + pixels * expectedSeg > out.length) bad('frame does not fit the output buffer');
  const offsets: number[] = [];
  for (let s = 0; s < nSeg; s++) {
    const o = dv.getUint32(4 + 4 * s, true);
    if (o < 64 || o >= frame.length) bad(`segment ${String(s + 1)} offset ${String(o)} is outside the frame (64..${String(frame.length - 1)})`);
    if (s > 0 && o <= offsets[s - 1]!) bad(`segment offsets are not increasing at segment ${String(s + 1)}`);
    offsets.push(o);
  }
  const stride = expectedSeg; // bytes per pixel in the output
  for (let s = 0; s < nSeg; s++) {
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // MSB first -> little-endian position
    const start = offsets[s]!;
    const end = s + 1 < nSeg ? offsets[s + 1]! : frame.length;
    let dst = outOffset + sample * bytesPerSample + byteInSample;
    let written = 0;
    let p = start;
    while (p < end && written < pixels) {
      const h = frame[p++]!;
      if (h < 128) {
        const n = h + 1;
        if (p + n > end) bad(`literal run overruns segment ${String(s + 1)}`);
        const m = Math.min(n, pixels - written);
        for (let k = 0; k < m; k++) {
          out[dst] = frame[p + k]!;
          dst += stride;
        }
        written += m;
        p += n;
      } else if (h > 128) {
        const n = 257 - h;
        if (p >= end) bad(`replicate run overruns segment ${String(s + 1)}`);
        const v = frame[p++]!;
        const m = Math.min(n, pixels - written);
        for (let k = 0; k < m; k++) {
          out[dst] = v;
          dst += stride;
        }
        written += m;
      }
      // h === 128: no operation (G.3.1)
    }
    if (written < pixels) bad(`segment ${String(s + 1)} decodes to ${String(written)} bytes, ${String(pixels)} expected`);
    if (p < end - 1) {
      issues.add('RLE_SEGMENT_EXTRA_BYTES', 'info', 'an RLE segment holds more data than the frame needs; the rest is ignored');
    }
  }
}
