/**
 * The bit writer of the encoder (RFC 1951 §3.1.1: bits packed from the least
 * significant bit of each byte, Huffman codes sent most significant bit first,
 * which is why the code tables hold bit-reversed codes), stored blocks and the
 * emission of a block's tokens.
 */
import { DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA, LEN_SYM } from './tables.js';

export class BitWriter {
  /** Bits not yet written (fewer than 8 between calls). */
  acc = 0;
  nb = 0;
  pos = 0;
  constructor(readonly buf: Uint8Array) {}

  /** Append the n low bits of v (n <= 24). */
  put(v: number, n: number): void {
    this.acc |= v << this.nb;
    this.nb += n;
    while (this.nb >= 8) {
      this.buf[this.pos++] = this.acc;
      this.acc >>>= 8;
      this.nb -= 8;
    }
  }

  /** Pad with zero bits to the next byte boundary. */
  align(): void {
    if (this.nb > 0) this.buf[this.pos++] = this.acc;
    this.acc = 0;
    this.nb = 0;
  }
}

const lenCode = new Uint32Array(259),
  lenBits = new Uint8Array(259);

export const STORED_MAX = 65535;

/** src[start..end) as stored blocks (§3.2.4) of at most 65535 bytes; the last one final if `final`. */
export function writeStored(w: BitWriter, src: Uint8Array, start: number, end: number, final: boolean): void {
  let at = start;
  do {
    const len = Math.min(STORED_MAX, end - at),
      last = at + len >= end;
    w.put(final && last ? 1 : 0, 3);
    w.align();
    const b = w.buf;
    b[w.pos] = len & 255;
    b[w.pos + 1] = len >>> 8;
    b[w.pos + 2] = ~len & 255;
    b[w.pos + 3] = (~len >>> 8) & 255;
    b.set(src.subarray(at, at + len), w.pos + 4);
    w.pos += 4 + len;
    at += len;
  } while (at < end);
}

/**
 * The tokens (literal byte, or `distance symbol << 25 | length << 16 | distance`)
 * in the given codes, then end-of-block. Whole bytes leave the accumulator without
 * a branch: up to three bytes are stored and the position advances by the number
 * complete (the buffer keeps 3 bytes of slack; later writes overwrite the rest).
 */
export function writeTokens(
  w: BitWriter,
  tokens: Uint32Array,
  count: number,
  litCode: Uint16Array,
  litLen: Uint8Array,
  distCode: Uint16Array,
  distLen: Uint8Array,
): void {
  const buf = w.buf;
  // length symbol code with its extra bits above it, and the total bits, per match length
  for (let len = 3; len <= 258; len++) {
    const ls = LEN_SYM[len]!,
      sym = 257 + ls;
    lenCode[len] = litCode[sym]! | ((len - LEN_BASE[ls]!) << litLen[sym]!);
    lenBits[len] = litLen[sym]! + LEN_EXTRA[ls]!;
  }
  let acc = w.acc,
    nb = w.nb,
    pos = w.pos;
  for (let k = 0; k < count; k++) {
    const t = tokens[k]!;
    if (t < 256) {
      acc |= litCode[t]! << nb;
      nb += litLen[t]!;
    } else {
      const len = (t >>> 16) & 511,
        d = t & 0xffff,
        ds = t >>> 25;
      acc |= lenCode[len]! << nb;
      nb += lenBits[len]!;
      buf[pos] = acc;
      buf[pos + 1] = acc >>> 8;
      buf[pos + 2] = acc >>> 16;
      pos += nb >>> 3;
      acc >>>= nb & ~7;
      nb &= 7;
      acc |= distCode[ds]! << nb;
      nb += distLen[ds]!;
      buf[pos] = acc;
      buf[pos + 1] = acc >>> 8;
      buf[pos + 2] = acc >>> 16;
      pos += nb >>> 3;
      acc >>>= nb & ~7;
      nb &= 7;
      acc |= (d - DIST_BASE[ds]!) << nb;
      nb += DIST_EXTRA[ds]!;
    }
    buf[pos] = acc;
    buf[pos + 1] = acc >>> 8;
    buf[pos + 2] = acc >>> 16;
    pos += nb >>> 3;
    acc >>>= nb & ~7;
    nb &= 7;
  }
  w.acc = acc;
  w.nb = nb;
  w.pos = pos;
  w.put(litCode[256]!, litLen[256]!);
}
