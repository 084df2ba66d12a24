/**
 * Length-limited Huffman codes for DEFLATE, deterministic: symbols are
 * ordered by (frequency, symbol), optimal code lengths come from the
 * in-place algorithm of Moffat and Katajainen ("In-place calculation of
 * minimum-redundancy codes", WADS 1995, LNCS 955), lengths over the limit are
 * folded back by the Kraft-sum repair of miniz (`tdefl_huffman_enforce_max_code_size`),
 * and codes are the canonical ones of RFC 1951 §3.2.2, bit-reversed for an
 * LSB-first bit writer.
 */

const MAX_SYMBOLS = 288;

/** Scratch space shared by the calls (one encoder at a time; JavaScript is single-threaded). */
const keys = new Float64Array(MAX_SYMBOLS);
const work = new Int32Array(MAX_SYMBOLS);
const syms = new Int32Array(MAX_SYMBOLS);
const blCount = new Int32Array(MAX_SYMBOLS + 1);
const nextCode = new Int32Array(17);

/** Code lengths (zeros for unused symbols) are written to lengths[0..n). At least two symbols get a code. */
export function codeLengths(freq: Int32Array, n: number, maxBits: number, lengths: Uint8Array): void {
  lengths.fill(0, 0, n);
  let m = 0;
  for (let s = 0; s < n; s++) if (freq[s]! > 0) keys[m++] = freq[s]! * 512 + s;
  // RFC 1951 decoders want a complete code: with fewer than two used symbols, give symbols 0/1 one bit each
  if (m < 2) {
    const s0 = m === 1 ? keys[0]! % 512 : 0;
    lengths[s0] = 1;
    lengths[s0 === 0 ? 1 : 0] = 1;
    return;
  }
  const sorted = keys.subarray(0, m).sort();
  for (let i = 0; i < m; i++) {
    const k = sorted[i]!;
    syms[i] = k % 512;
    work[i] = (k - syms[i]!) / 512;
  }
  minimumRedundancy(work, m);
  // lengths by count, deepest first; fold the ones over maxBits back (miniz's repair keeps the Kraft sum at 1)
  blCount.fill(0, 0, maxBits + 1);
  for (let i = 0; i < m; i++) blCount[Math.min(work[i]!, maxBits)]!++;
  let total = 0;
  for (let b = maxBits; b > 0; b--) total += blCount[b]! * 2 ** (maxBits - b);
  const full = 2 ** maxBits;
  for (let guard = 0; total !== full && guard < full; guard++) {
    blCount[maxBits]!--;
    for (let b = maxBits - 1; b > 0; b--) {
      if (blCount[b]! > 0) {
        blCount[b]!--;
        blCount[b + 1]! += 2;
        break;
      }
    }
    total--;
  }
  // shortest lengths to the most frequent symbols (the end of the sorted order)
  let j = m;
  for (let b = 1; b <= maxBits; b++) for (let c = blCount[b]!; c > 0; c--) lengths[syms[--j]!] = b;
}

/**
 * Moffat-Katajainen: a[0..n) ascending frequencies (n >= 2) in, code lengths
 * out (a[0], the rarest, gets the longest).
 */
function minimumRedundancy(a: Int32Array, n: number): void {
  a[0]! += a[1]!;
  let root = 0,
    leaf = 2;
  for (let next = 1; next < n - 1; next++) {
    if (leaf >= n || a[root]! < a[leaf]!) {
      a[next] = a[root]!;
      a[root++] = next;
    } else a[next] = a[leaf++]!;
    if (leaf >= n || (root < next && a[root]! < a[leaf]!)) {
      a[next]! += a[root]!;
      a[root++] = next;
    } else a[next]! += a[leaf++]!;
  }
  a[n - 2] = 0;
  for (let next = n - 3; next >= 0; next--) a[next] = a[a[next]!]! + 1;
  let avail = 1,
    used = 0,
    depth = 0,
    r = n - 2,
    next = n - 1;
  while (avail > 0) {
    while (r >= 0 && a[r]! === depth) {
      used++;
      r--;
    }
    while (avail > used) {
      a[next--] = depth;
      avail--;
    }
    avail = 2 * used;
    depth++;
    used = 0;
  }
}

/** Canonical codes (RFC 1951 §3.2.2) of lengths[0..n), bit-reversed into codes[0..n). */
export function canonicalCodes(lengths: Uint8Array, n: number, codes: Uint16Array): void {
  blCount.fill(0, 0, 16);
  for (let s = 0; s < n; s++) blCount[lengths[s]!]!++;
  blCount[0] = 0;
  let code = 0;
  for (let b = 1; b <= 15; b++) {
    code = (code + blCount[b - 1]!) << 1;
    nextCode[b] = code;
  }
  for (let s = 0; s < n; s++) {
    const len = lengths[s]!;
    if (len === 0) {
      codes[s] = 0;
      continue;
    }
    let c = nextCode[len]!++,
      r = 0;
    for (let k = 0; k < len; k++) {
      r = (r << 1) | (c & 1);
      c >>>= 1;
    }
    codes[s] = r;
  }
}
