/**
 * One DEFLATE block from a block of tokens: dynamic Huffman codes (literal/length
 * and distance codes limited to 15 bits, the code-length code to 7, RFC 1951
 * §3.2.7), the fixed codes (§3.2.6) or stored bytes (§3.2.4), whichever is the
 * fewest bits (exact counts, ties to dynamic, then fixed).
 */
import { type BitWriter, STORED_MAX, writeStored, writeTokens } from './bits.js';
import { canonicalCodes, codeLengths } from './huffman.js';
import { CL_ORDER, DIST_EXTRA, FIXED_DIST_LEN, FIXED_LIT_LEN, LEN_EXTRA } from './tables.js';
import type { TokenBlock } from './match.js';

/** Code tables of one block, reused between blocks. */
const litLen = new Uint8Array(286),
  litCode = new Uint16Array(286);
const distLen = new Uint8Array(30),
  distCode = new Uint16Array(30);
const clFreq = new Int32Array(19),
  clLen = new Uint8Array(19),
  clCode = new Uint16Array(19);
/** The run-length coded code lengths (§3.2.7): symbol 0..18 and its extra value. */
const lens = new Uint8Array(286 + 30),
  rleSym = new Uint8Array(286 + 30),
  rleExtra = new Uint8Array(286 + 30);
const CL_EXTRA_BITS = [2, 3, 7] as const;

const fixedLitCode = new Uint16Array(288),
  fixedDistCode = new Uint16Array(30);
canonicalCodes(FIXED_LIT_LEN, 288, fixedLitCode);
canonicalCodes(FIXED_DIST_LEN, 30, fixedDistCode);

/** Bits of the block's symbols (codes and extra bits) in the given code lengths. */
function dataBits(blk: TokenBlock, ll: Uint8Array, dl: Uint8Array): number {
  let bits = 0;
  for (let s = 0; s < 286; s++) bits += blk.litFreq[s]! * (ll[s]! + (s > 256 ? LEN_EXTRA[s - 257]! : 0));
  for (let s = 0; s < 30; s++) bits += blk.distFreq[s]! * (dl[s]! + DIST_EXTRA[s]!);
  return bits;
}

/** Run-length code lens[0..n) into rleSym/rleExtra and count clFreq; returns the number of symbols. */
function runLengths(n: number): number {
  let m = 0,
    i = 0;
  clFreq.fill(0);
  const emit = (s: number, x: number) => {
    rleSym[m] = s;
    rleExtra[m++] = x;
    clFreq[s]!++;
  };
  while (i < n) {
    const l = lens[i]!;
    let j = i + 1;
    while (j < n && lens[j] === l) j++;
    let run = j - i;
    if (l === 0) {
      for (; run >= 11; run -= Math.min(run, 138)) emit(18, Math.min(run, 138) - 11);
      if (run >= 3) emit(17, run - 3);
      else for (; run > 0; run--) emit(0, 0);
    } else {
      emit(l, 0);
      for (run--; run >= 3; run -= Math.min(run, 6)) emit(16, Math.min(run, 6) - 3);
      for (; run > 0; run--) emit(l, 0);
    }
    i = j;
  }
  return m;
}

interface DynamicHeader {
  hlit: number;
  hdist: number;
  hclen: number;
  nRle: number;
  bits: number;
}

function dynamicHeader(blk: TokenBlock): DynamicHeader {
  codeLengths(blk.litFreq, 286, 15, litLen);
  codeLengths(blk.distFreq, 30, 15, distLen);
  let hlit = 286,
    hdist = 30;
  while (hlit > 257 && litLen[hlit - 1] === 0) hlit--;
  while (hdist > 1 && distLen[hdist - 1] === 0) hdist--;
  lens.set(litLen.subarray(0, hlit));
  lens.set(distLen.subarray(0, hdist), hlit);
  const nRle = runLengths(hlit + hdist);
  codeLengths(clFreq, 19, 7, clLen);
  let hclen = 19;
  while (hclen > 4 && clLen[CL_ORDER[hclen - 1]!] === 0) hclen--;
  let bits = 17 + 3 * hclen;
  for (let s = 0; s < 19; s++) bits += clFreq[s]! * (clLen[s]! + (s >= 16 ? CL_EXTRA_BITS[s - 16]! : 0));
  return { hlit, hdist, hclen, nRle, bits };
}

function writeDynamic(w: BitWriter, blk: TokenBlock, h: DynamicHeader, final: boolean): void {
  canonicalCodes(litLen, 286, litCode);
  canonicalCodes(distLen, 30, distCode);
  canonicalCodes(clLen, 19, clCode);
  w.put((final ? 1 : 0) | (2 << 1), 3);
  w.put(h.hlit - 257, 5);
  w.put(h.hdist - 1, 5);
  w.put(h.hclen - 4, 4);
  for (let i = 0; i < h.hclen; i++) w.put(clLen[CL_ORDER[i]!]!, 3);
  for (let i = 0; i < h.nRle; i++) {
    const s = rleSym[i]!;
    w.put(clCode[s]!, clLen[s]!);
    if (s >= 16) w.put(rleExtra[i]!, CL_EXTRA_BITS[s - 16]!);
  }
  writeTokens(w, blk.tokens, blk.count, litCode, litLen, distCode, distLen);
}

/** Write the block of src[start..end) whose tokens are `blk` (its litFreq gets the end-of-block symbol). */
export function writeBlock(w: BitWriter, src: Uint8Array, start: number, end: number, blk: TokenBlock, final: boolean): void {
  blk.litFreq[256] = 1;
  const h = dynamicHeader(blk);
  const dynamic = h.bits + dataBits(blk, litLen, distLen);
  const fixed = 3 + dataBits(blk, FIXED_LIT_LEN, FIXED_DIST_LEN);
  const chunks = Math.max(1, Math.ceil((end - start) / STORED_MAX));
  const stored = chunks * 42 + 8 * (end - start);
  if (stored < dynamic && stored < fixed) writeStored(w, src, start, end, final);
  else if (fixed < dynamic) {
    w.put((final ? 1 : 0) | (1 << 1), 3);
    writeTokens(w, blk.tokens, blk.count, fixedLitCode, FIXED_LIT_LEN, fixedDistCode, FIXED_DIST_LEN);
  } else writeDynamic(w, blk, h, final);
}
