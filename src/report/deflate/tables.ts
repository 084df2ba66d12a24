/**
 * The fixed tables of DEFLATE (RFC 1951 §3.2.5-3.2.7): length and distance
 * symbols with their extra bits, the order of the code-length code lengths,
 * and the fixed Huffman code lengths of block type 1.
 */

/** Base match length of length symbols 257..285 (index 0..28). */
export const LEN_BASE = Uint16Array.from([
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
]);
/** Extra bits of length symbols 257..285. */
export const LEN_EXTRA = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
/** Base distance of distance symbols 0..29. */
export const DIST_BASE = Uint16Array.from([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385,
  24577,
]);
/** Extra bits of distance symbols 0..29. */
export const DIST_EXTRA = Uint8Array.from([
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
]);
/** Order in which the code-length code lengths are sent (§3.2.7). */
export const CL_ORDER = Uint8Array.from([16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]);

export const MIN_MATCH = 3;
export const MAX_MATCH = 258;
export const WINDOW = 32768;

/** Length symbol index (0..28, i.e. symbol - 257) of each match length 0..258 (entries below 3 unused). */
export const LEN_SYM = (() => {
  const t = new Uint8Array(MAX_MATCH + 1);
  for (let s = 0; s < 28; s++) for (let l = LEN_BASE[s]!; l < LEN_BASE[s + 1]!; l++) t[l] = s;
  t[MAX_MATCH] = 28;
  return t;
})();

/**
 * Distance symbol of distance d: `DIST_SYM[d - 1]` for d <= 256, else
 * `DIST_SYM[256 + ((d - 1) >> 7)]` (the two-part table of zlib's trees.c).
 */
export const DIST_SYM = (() => {
  const t = new Uint8Array(512);
  for (let s = 0; s < 30; s++) {
    const lo = DIST_BASE[s]! - 1,
      hi = s < 29 ? DIST_BASE[s + 1]! - 1 : WINDOW;
    for (let d = lo; d < hi; d++) {
      if (d < 256) t[d] = s;
      else t[256 + (d >> 7)] = s;
    }
  }
  return t;
})();

/** Distance symbol (0..29) of distance d (1..32768), by the two-part table above. */
export function distSymbol(d: number): number {
  return d <= 256 ? DIST_SYM[d - 1]! : DIST_SYM[256 + ((d - 1) >> 7)]!;
}

/** Code lengths of the fixed literal/length code (§3.2.6): 0-143 8 bits, 144-255 9, 256-279 7, 280-287 8. */
export const FIXED_LIT_LEN = (() => {
  const t = new Uint8Array(288);
  for (let i = 0; i < 288; i++) t[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
  return t;
})();
/** The fixed distance code: 30 symbols (of 32) of 5 bits. */
export const FIXED_DIST_LEN = new Uint8Array(30).fill(5);
