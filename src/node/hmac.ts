/**
 * HMAC-SHA-256 from node:crypto (OpenSSL), for `setHmacSha256` (src/hash/sha256.ts): the
 * same standard digest as the core's TypeScript one, about 10x faster on a study's 8 MB of
 * voxels. Installed by the command line and its batch workers.
 */
import { createHmac } from 'node:crypto';

export function nodeHmacSha256(key: Uint8Array, msg: Uint8Array): Uint8Array {
  const d = createHmac('sha256', key).update(msg).digest();
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.length));
}
