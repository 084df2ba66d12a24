import { describe, expect, it } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import { hmacSha256, sha256, toHex, utf8 } from '../../src/hash/sha256.js';
import { pseudonymFor } from '../../src/hash/pseudonym.js';

describe('sha256 / hmac', () => {
  it('matches the FIPS 180-4 vectors and node:crypto', () => {
    expect(toHex(sha256(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (const n of [55, 56, 63, 64, 65, 1000]) {
      const m = new Uint8Array(n).map((_, i) => (i * 31) & 255);
      expect(toHex(sha256(m))).toBe(createHash('sha256').update(m).digest('hex'));
    }
  });
  it('HMAC matches RFC 4231 case 2 and node:crypto', () => {
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    const key = new Uint8Array(131).fill(0xaa);
    expect(toHex(hmacSha256(key, utf8('x')))).toBe(createHmac('sha256', key).update('x').digest('hex'));
  });
  it('matches node:crypto at every length around the block and padding edges, and on 8 MB', () => {
    const big = new Uint8Array(8 * 1024 * 1024 + 37);
    let x = 12345;
    for (let i = 0; i < big.length; i++) { x = (Math.imul(x, 1103515245) + 12345) | 0; big[i] = x >>> 24; }
    for (let n = 0; n <= 200; n++) {
      const m = big.subarray(1000 + n, 1000 + 2 * n);
      expect(toHex(sha256(m))).toBe(createHash('sha256').update(m).digest('hex'));
    }
    // a view with a byte offset into a larger buffer, and the whole buffer
    const view = big.subarray(3, 3 + 1_000_003);
    expect(toHex(sha256(view))).toBe(createHash('sha256').update(view).digest('hex'));
    expect(toHex(sha256(big))).toBe(createHash('sha256').update(big).digest('hex'));
    for (const kl of [0, 1, 63, 64, 65, 200]) {
      const key = big.subarray(50, 50 + kl);
      for (const ml of [0, 1, 55, 56, 63, 64, 119, 120, 4097]) {
        const m = big.subarray(7000, 7000 + ml);
        expect(toHex(hmacSha256(key, m))).toBe(createHmac('sha256', key).update(m).digest('hex'));
      }
    }
    expect(toHex(hmacSha256(utf8('k'), big))).toBe(createHmac('sha256', 'k').update(big).digest('hex'));
  });
  it('pseudonyms are stable, keyed and do not contain the UID', () => {
    const uid = '1.2.840.113619.2.55.3.1234';
    expect(pseudonymFor(uid)).toBe(pseudonymFor(uid));
    expect(pseudonymFor(uid, 'k1')).not.toBe(pseudonymFor(uid, 'k2'));
    expect(pseudonymFor(uid)).toMatch(/^sp-[0-9a-f]{16}$/);
  });
});
