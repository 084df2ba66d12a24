/**
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104) in plain TypeScript, so
 * that the core can make pseudonyms synchronously in Node and in browsers
 * without node:crypto. Checked against the FIPS and RFC 4231 test vectors and
 * node:crypto (test/hash/sha256.test.ts).
 *
 * Speed: the message is hashed in place (no padded copy of it, no copy of the
 * message into the HMAC's inner block), 32-bit words are read big-endian
 * straight from the bytes (DataView, no per-block allocation). The rounds stay
 * rolled on uint32 values: an unrolled, int32 version measured 1.5x slower in
 * V8 (Node 20). docs/benchmarks.md ("Cold paths (session 20, S2)") gives the times.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19] as const;

/** Compress the 64-byte blocks of `m` in [off, end) into the state `s` (w: 64-word scratch). */
function blocks(s: Uint32Array, w: Uint32Array, m: Uint8Array, off: number, end: number): void {
  const dv = new DataView(m.buffer, m.byteOffset, m.byteLength);
  for (let o = off; o < end; o += 64) {
    for (let t = 0; t < 16; t++) w[t] = dv.getUint32(o + 4 * t);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!, y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) >>> 0;
    }
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!, e = s[4]!, f = s[5]!, g = s[6]!, h = s[7]!;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[t]! + w[t]!) >>> 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      h = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
    }
    s[0] = (s[0]! + a) >>> 0; s[1] = (s[1]! + b) >>> 0; s[2] = (s[2]! + c) >>> 0; s[3] = (s[3]! + d) >>> 0;
    s[4] = (s[4]! + e) >>> 0; s[5] = (s[5]! + f) >>> 0; s[6] = (s[6]! + g) >>> 0; s[7] = (s[7]! + h) >>> 0;
  }
}

/**
 * Digest of `prefix` (a whole number of 64-byte blocks, may be empty) followed by `msg`,
 * without concatenating them.
 */
function digest(prefix: Uint8Array, msg: Uint8Array): Uint8Array {
  const s = Uint32Array.from(H0), w = new Uint32Array(64);
  blocks(s, w, prefix, 0, prefix.length);
  const len = msg.length, whole = len - (len % 64);
  blocks(s, w, msg, 0, whole);
  // the tail, the 0x80 byte and the length in bits (big-endian 64-bit) in one or two blocks
  const rest = len - whole;
  const tail = new Uint8Array(rest + 9 > 64 ? 128 : 64);
  tail.set(msg.subarray(whole));
  tail[rest] = 0x80;
  const bits = (prefix.length + len) * 8;
  const tv = new DataView(tail.buffer);
  tv.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
  tv.setUint32(tail.length - 4, bits >>> 0);
  blocks(s, w, tail, 0, tail.length);
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) ov.setUint32(4 * i, s[i]!);
  return out;
}

const NO_PREFIX = new Uint8Array(0);

/** SHA-256 digest of `msg`. */
export function sha256(msg: Uint8Array): Uint8Array {
  return digest(NO_PREFIX, msg);
}

/** An HMAC-SHA-256 function: `(key, msg) -> 32-byte digest`. */
export type HmacSha256 = (key: Uint8Array, msg: Uint8Array) => Uint8Array;

let installed: HmacSha256 | null = null;

/**
 * Use `impl` for every HMAC-SHA-256 of the process (`null`: back to the one below). The
 * command line installs node:crypto's (src/node/hmac.ts), which computes the same
 * standard digest 10x faster on a study's voxels (the pseudonym of a file without UIDs);
 * the core itself never imports node:*.
 */
export function setHmacSha256(impl: HmacSha256 | null): void {
  installed = impl;
}

/** HMAC-SHA-256 of `msg` under `key` (the installed implementation if any, else this file's). */
export function hmacSha256(key: Uint8Array, msg: Uint8Array): Uint8Array {
  return installed !== null ? installed(key, msg) : hmacSha256Js(key, msg);
}

/** HMAC-SHA-256 of `msg` under `key`, in this file's TypeScript. */
export function hmacSha256Js(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const k = new Uint8Array(64);
  k.set(key.length > 64 ? sha256(key) : key);
  const ipad = new Uint8Array(64), outer = new Uint8Array(32);
  const opad = new Uint8Array(64);
  for (let i = 0; i < 64; i++) { ipad[i] = k[i]! ^ 0x36; opad[i] = k[i]! ^ 0x5c; }
  outer.set(digest(ipad, msg));
  return digest(opad, outer);
}

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

export function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}
