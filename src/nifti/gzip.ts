/**
 * Bounded gzip inflation (RFC 1952) for `.nii.gz`. The output size is decided
 * from the first inflated bytes (the NIfTI header) and checked against a limit
 * before any large buffer exists, so a gzip bomb cannot exhaust memory:
 * - input goes to fflate's streaming `Gunzip` in 512-byte slices until the
 *   header is known (one push expands to at most ~0.5 MiB, DEFLATE's ratio
 *   being bounded by ~1032:1), then in 64 KiB slices;
 * - the output buffer grows by doubling up to the target, so a header that
 *   declares more than the stream holds costs memory only for real data;
 * - inflation stops as soon as the target is reached (trailing bytes ignored).
 */
import { Gunzip } from 'fflate';
import { ErrorCode, ImageFormatError, ResourceLimitError } from '../errors.js';

const HEAD_SLICE = 512;
const SLICE = 64 * 1024;
const INITIAL = 1 << 20;

/** True when the bytes start with the gzip magic 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

class Sink {
  buf: Uint8Array = new Uint8Array(0);
  len = 0;
  /** -1 until the target is known. */
  target = -1;
  write(chunk: Uint8Array): void {
    const limit = this.target < 0 ? Infinity : this.target;
    const n = Math.min(chunk.length, limit - this.len);
    if (n <= 0) return;
    this.reserve(this.len + n);
    this.buf.set(n === chunk.length ? chunk : chunk.subarray(0, n), this.len);
    this.len += n;
  }
  private reserve(need: number): void {
    if (need <= this.buf.length) return;
    let size = Math.max(this.buf.length * 2, INITIAL, need);
    if (this.target >= 0) size = Math.min(size, this.target);
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  done(): boolean {
    return this.target >= 0 && this.len >= this.target;
  }
}

/**
 * Inflate `input`, first until `headLen` bytes are out (or the stream ends),
 * then ask `sizeFromHead(head)` for the total size needed, check it against
 * `maxBytes`, and inflate exactly that many bytes.
 * @throws ResourceLimitError RESOURCE_LIMIT; ImageFormatError TRUNCATED (stream ends early), MALFORMED (corrupt stream)
 */
export function gunzipBounded(
  input: Uint8Array,
  headLen: number,
  sizeFromHead: (head: Uint8Array) => number,
  maxBytes: number,
): Uint8Array {
  const sink = new Sink();
  const g = new Gunzip((chunk: Uint8Array) => sink.write(chunk));
  const decide = (): void => {
    const target = sizeFromHead(sink.buf.subarray(0, sink.len));
    if (!(target <= maxBytes)) {
      throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `inflated NIfTI would need ${target} bytes, more than the limit of ${maxBytes}`, {
        details: { needed: target, maxBytes },
      });
    }
    sink.target = target;
    if (sink.len > target) sink.len = target;
  };
  try {
    for (let pos = 0; pos < input.length && !sink.done(); ) {
      const end = Math.min(pos + (sink.target < 0 ? HEAD_SLICE : SLICE), input.length);
      g.push(input.subarray(pos, end), end === input.length);
      if (sink.target < 0 && sink.len >= headLen) decide();
      pos = end;
    }
  } catch (e) {
    if (e instanceof ImageFormatError || e instanceof ResourceLimitError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    const code = /unexpected EOF/i.test(msg) ? ErrorCode.TRUNCATED : ErrorCode.MALFORMED;
    throw new ImageFormatError(code, `gzip stream is ${code === ErrorCode.TRUNCATED ? 'truncated' : 'corrupt'}: ${msg}`, { cause: e });
  }
  if (sink.target < 0) decide();
  if (sink.len < sink.target) {
    throw new ImageFormatError(ErrorCode.TRUNCATED, `gzip stream ends after ${sink.len} inflated bytes, the NIfTI header needs ${sink.target}`);
  }
  return sink.buf.length === sink.len ? sink.buf : sink.buf.subarray(0, sink.len);
}
