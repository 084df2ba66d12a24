/**
 * Byte helpers of the shipped assets: RFC 4648 base64 (src/kernels/base64.ts; decoded on
 * first use of an asset, encoded by the generator) and CRC-32 (ISO 3309, the polynomial of
 * zlib, gzip and PNG) of the decoded payload.
 */

export { decodeBase64, encodeBase64 } from '../../kernels/base64.js';

let crcTable: Uint32Array | null = null;

function makeCrcTable(): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

/** CRC-32 of bytes (table built on first use). */
export function crc32(bytes: Uint8Array): number {
  const table = (crcTable ??= makeCrcTable());
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** CRC-32 as 8 lower-case hex digits. */
export function crc32Hex(bytes: Uint8Array): string {
  return crc32(bytes).toString(16).padStart(8, '0');
}
