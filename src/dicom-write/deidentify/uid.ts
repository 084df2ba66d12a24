/**
 * Replacement UIDs for de-identification (PS3.15 E.1-1 action U): a keyed
 * hash of the original UID, written under the 2.25 root (PS3.5 B.2: "2.25."
 * followed by the decimal value of a 128-bit UUID). The same key and source UID
 * always give the same new UID, so references between de-identified objects
 * stay consistent; without the key the original cannot be recovered or tested.
 * The 128 bits are the first 16 bytes of HMAC-SHA-256(key, "uid:" + uid) with
 * the UUID version 8 (custom) and RFC variant bits set (RFC 9562 5.8).
 */
import { DicomError, ErrorCode } from '../../errors.js';
import { hmacSha256, utf8 } from '../../hash/sha256.js';

/**
 * Deterministic 2.25 UID replacing `uid` under `key`.
 * @throws DicomError INVALID_PARAMETER (empty key)
 */
export function hashedUid(uid: string, key: string): string {
  if (key.length === 0) throw new DicomError(ErrorCode.INVALID_PARAMETER, 'the de-identification key must not be empty');
  const h = hmacSha256(utf8(key), utf8('uid:' + uid.replace(/[\0 ]+$/, '')));
  const b = h.slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80; // version 8
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC variant
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return `2.25.${v.toString(10)}`;
}
