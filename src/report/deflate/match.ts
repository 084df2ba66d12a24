/**
 * Greedy LZ77 match finding for the figure rows (RFC 1951 §4 leaves the
 * choice to the encoder): at each position the one candidate of a hash table
 * of 3-byte sequences (the last position with that hash, as zlib's
 * `deflate_fast` without a chain) and the same position one image row above;
 * the longer match wins, the nearer on a tie. Positions inside a match are not
 * entered in the table. Deterministic: the output depends on the bytes only.
 *
 * A token is a literal byte (< 256) or `distance symbol << 25 | length << 16 | distance`.
 */
import { LEN_SYM, MAX_MATCH, MIN_MATCH, WINDOW, distSymbol } from './tables.js';

export const HASH_BITS = 15;

export interface MatchState {
  /** Last position (+ 1, 0 = none) of each hash of 3 bytes. */
  readonly head: Int32Array;
  /** Distance of the row-above candidate (0: none). */
  readonly rowDistance: number;
}

export function matchState(rowDistance: number): MatchState {
  return { head: new Int32Array(1 << HASH_BITS), rowDistance: rowDistance > 0 && rowDistance <= WINDOW ? rowDistance : 0 };
}

export interface TokenBlock {
  readonly tokens: Uint32Array;
  /** Number of tokens written. */
  count: number;
  /** Frequencies of the literal/length symbols 0..285 and of the distance symbols 0..29. */
  readonly litFreq: Int32Array;
  readonly distFreq: Int32Array;
}

export function tokenBlock(capacity: number): TokenBlock {
  return { tokens: new Uint32Array(capacity), count: 0, litFreq: new Int32Array(286), distFreq: new Int32Array(30) };
}

/**
 * Length of the common run of src from a and b (a < b), at most max: four bytes
 * at a time (big-endian words, so the leading zero bits of their XOR count the
 * equal bytes), the last few one by one.
 */
function common(src: Uint8Array, dv: DataView, a: number, b: number, max: number): number {
  let n = 0;
  for (; n + 4 <= max; n += 4) {
    const x = dv.getInt32(a + n) ^ dv.getInt32(b + n);
    if (x !== 0) return n + (Math.clz32(x) >>> 3);
  }
  while (n < max && src[a + n] === src[b + n]) n++;
  return n;
}

/**
 * Tokenise src[start..end) into `blk` until the block is full; returns where it
 * stopped. Matches may reach back before `start` (the window is the whole stream).
 */
export function tokenize(src: Uint8Array, start: number, end: number, st: MatchState, blk: TokenBlock): number {
  const { head, rowDistance } = st,
    { tokens, litFreq, distFreq } = blk;
  const cap = tokens.length,
    shift = 32 - HASH_BITS;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  let i = start,
    nt = 0;
  litFreq.fill(0);
  distFreq.fill(0);
  while (i < end && nt < cap) {
    const max = end - i < MAX_MATCH ? end - i : MAX_MATCH;
    let best = 0,
      dist = 0;
    if (max >= MIN_MATCH) {
      const h = Math.imul(max > 3 ? dv.getInt32(i) >>> 8 : (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!, 0x9e3779b1) >>> shift;
      const cand = head[h]! - 1;
      head[h] = i + 1;
      if (cand >= 0 && i - cand <= WINDOW) {
        best = common(src, dv, cand, i, max);
        dist = i - cand;
      }
      const r = i - rowDistance;
      if (rowDistance > 0 && r >= 0 && dist !== rowDistance && best < max && src[r + best] === src[i + best]) {
        const n = common(src, dv, r, i, max);
        if (n > best) {
          best = n;
          dist = rowDistance;
        }
      }
    }
    if (best >= MIN_MATCH) {
      const ds = distSymbol(dist);
      tokens[nt++] = (ds << 25) | (best << 16) | dist;
      litFreq[257 + LEN_SYM[best]!]!++;
      distFreq[ds]!++;
      i += best;
    } else {
      const b = src[i]!;
      tokens[nt++] = b;
      litFreq[b]!++;
      i++;
    }
  }
  blk.count = nt;
  return i;
}
