/**
 * A small deterministic DEFLATE encoder (RFC 1951) in a zlib stream (RFC 1950:
 * header 78 01, Adler-32), written for the figures' PNG rows: greedy matches
 * from a one-candidate hash of 3 bytes and the row above (match.ts), a block
 * every `BLOCK_TOKENS` tokens with dynamic Huffman codes, or fixed or stored
 * when smaller (block.ts). The bytes depend on the input and the row length
 * only, in every JavaScript engine (docs/figures.md).
 */
import { BitWriter, STORED_MAX } from './bits.js';
import { writeBlock } from './block.js';
import { matchState, tokenBlock, tokenize } from './match.js';

export const BLOCK_TOKENS = 1 << 15;

/**
 * Adler-32 (RFC 1950 §8.2). Eight bytes per step: b gains 8a + 8x0 + 7x1 + ... + x7,
 * the same sum as eight single steps; both sums are reduced every 5552 bytes (zlib's
 * NMAX, far below 2^53 in a double).
 */
export function adler32(src: Uint8Array): number {
  const n = src.length;
  let a = 1,
    b = 0,
    i = 0;
  while (i < n) {
    const end = Math.min(n, i + 5552),
      end8 = end - ((end - i) & 7);
    for (; i < end8; i += 8) {
      const x0 = src[i]!,
        x1 = src[i + 1]!,
        x2 = src[i + 2]!,
        x3 = src[i + 3]!;
      const x4 = src[i + 4]!,
        x5 = src[i + 5]!,
        x6 = src[i + 6]!,
        x7 = src[i + 7]!;
      b += 8 * (a + x0) + 7 * x1 + 6 * x2 + 5 * x3 + 4 * x4 + 3 * x5 + 2 * x6 + x7;
      a += x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7;
    }
    for (; i < end; i++) {
      a += src[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export interface DeflateOptions {
  /** Bytes per image row (PNG: 1 + the row's bytes); the encoder also tries the match one row above. 0: none. */
  readonly rowLength?: number;
  /** Tokens per block (tests; default BLOCK_TOKENS). */
  readonly blockTokens?: number;
}

/** zlib stream (RFC 1950) of src. */
export function zlibDeflate(src: Uint8Array, o: DeflateOptions = {}): Uint8Array {
  const n = src.length;
  // at least one token per block, so that every block advances; at most 2^20 (4 MiB of tokens)
  const cap = Math.max(1, Math.min(1 << 20, Math.floor(o.blockTokens ?? BLOCK_TOKENS) || 1));
  // worst case: every block stored (each token covers at least one byte, so at most ceil(n / cap) blocks)
  const bound = n + 6 * (Math.ceil(n / STORED_MAX) + Math.ceil(n / cap) + 1) + 16;
  const w = new BitWriter(new Uint8Array(bound));
  w.buf[0] = 0x78;
  w.buf[1] = 0x01;
  w.pos = 2;
  const st = matchState(o.rowLength ?? 0);
  const blk = tokenBlock(cap);
  let start = 0;
  do {
    const end = tokenize(src, start, n, st, blk);
    writeBlock(w, src, start, end, blk, end >= n);
    start = end;
  } while (start < n);
  w.align();
  const s = adler32(src);
  w.buf[w.pos] = s >>> 24;
  w.buf[w.pos + 1] = (s >>> 16) & 255;
  w.buf[w.pos + 2] = (s >>> 8) & 255;
  w.buf[w.pos + 3] = s & 255;
  return w.buf.slice(0, w.pos + 4);
}
