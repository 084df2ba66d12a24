/**
 * The HMAC-SHA-256 the command line installs (node:crypto, src/node/hmac.ts) gives the
 * digests of the core's TypeScript one, so reports and pseudonyms do not depend on which
 * one ran; setHmacSha256 switches and restores.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hmacSha256, hmacSha256Js, setHmacSha256, toHex, utf8 } from '../../src/hash/sha256.js';
import { pseudonymFor, pseudonymForData } from '../../src/hash/pseudonym.js';
import { nodeHmacSha256 } from '../../src/node/hmac.js';

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    b[i] = x >>> 24;
  }
  return b;
}

afterEach(() => setHmacSha256(null));

describe('node:crypto HMAC-SHA-256 as the installed implementation', () => {
  it('equals the TypeScript HMAC for keys of 0-200 bytes and messages around the block edges', () => {
    const big = bytes(70_000, 7);
    for (const kl of [0, 1, 31, 63, 64, 65, 200]) {
      const key = big.subarray(100, 100 + kl);
      for (const ml of [0, 1, 55, 56, 63, 64, 65, 119, 120, 4097, 65_536]) {
        const m = big.subarray(3, 3 + ml);
        expect(toHex(nodeHmacSha256(key, m))).toBe(toHex(hmacSha256Js(key, m)));
      }
    }
  });

  it('returns a plain 32-byte Uint8Array of its own (not a view of a pooled Buffer)', () => {
    const d = nodeHmacSha256(utf8('k'), utf8('m'));
    expect(d.constructor).toBe(Uint8Array);
    expect(d.byteLength).toBe(32);
    expect(d.buffer.byteLength).toBe(32);
  });

  it('gives the same pseudonyms of a volume and of an id once installed, and null restores the TypeScript one', () => {
    const data = new Float32Array(bytes(4 * 300_001, 11).buffer);
    const before = [pseudonymForData(data), pseudonymForData(data, 'project key'), pseudonymFor('1.2.3.4')];
    const calls: number[] = [];
    setHmacSha256((k, m) => {
      calls.push(m.length);
      return nodeHmacSha256(k, m);
    });
    expect([pseudonymForData(data), pseudonymForData(data, 'project key'), pseudonymFor('1.2.3.4')]).toEqual(before);
    expect(calls).toEqual([data.byteLength, data.byteLength, 7]);
    setHmacSha256(null);
    expect(toHex(hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?')))).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
    expect(calls.length).toBe(3);
  });
});
