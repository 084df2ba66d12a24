/**
 * RFC 4648 base64 with '=' padding: the shipped assets (src/atlas/assets) and the
 * WebAssembly kernels (src/kernels/wasm) are stored as base64 text in modules.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes, with '=' padding. */
export function encodeBase64(b: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  if (i < b.length) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8);
    s += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + (i + 1 < b.length ? ALPHABET[(n >> 6) & 63]! : '=') + '=';
  }
  return s;
}

/**
 * Bytes of a padded base64 string; null when the text is not canonical base64
 * (length not a multiple of 4, a character outside the alphabet, misplaced padding).
 */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> | null {
  if (s.length % 4 !== 0) return null;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  const codes = new Int8Array(128).fill(-1);
  for (let c = 0; c < 64; c++) codes[ALPHABET.charCodeAt(c)] = c;
  const body = s.length - pad;
  let o = 0;
  let acc = 0;
  for (let i = 0; i < body; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? codes[c]! : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    if ((i & 3) === 3) {
      out[o++] = (acc >> 16) & 255;
      out[o++] = (acc >> 8) & 255;
      out[o++] = acc & 255;
      acc = 0;
    }
  }
  const rest = body & 3;
  if (rest === 2) out[o++] = (acc >> 4) & 255;
  else if (rest === 3) {
    out[o++] = (acc >> 10) & 255;
    out[o++] = (acc >> 2) & 255;
  } else if (rest === 1) return null;
  return o === out.length ? out : null;
}
