/**
 * Deterministic UIDs under the 2.25 root (PS3.5 B.2: "2.25." followed by the
 * decimal value of a 128-bit UUID-like integer). The 128 bits come from the
 * library's seeded generator, so the same seed gives the same UIDs; version
 * and variant bits are set as for a random (v4) UUID (RFC 9562 5.4).
 */
import { createRng, type Rng } from '../kernels/random.js';

/** A source of UIDs; each call returns a new one. */
export interface UidSource {
  next(): string;
}

function uidFrom(rng: Rng): string {
  const w = [rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()];
  w[1] = ((w[1]! & 0xffff0fff) | 0x00004000) >>> 0; // version 4
  w[2] = ((w[2]! & 0x3fffffff) | 0x80000000) >>> 0; // RFC variant
  let v = 0n;
  for (const x of w) v = (v << 32n) | BigInt(x);
  return `2.25.${v.toString(10)}`;
}

/** UIDs drawn from a generator seeded with `seed` (the same seed gives the same sequence). */
export function createUidSource(seed: number): UidSource {
  const rng = createRng(seed ^ 0x5eed0d1c);
  return { next: () => uidFrom(rng) };
}

/** True for a syntactically valid UID (PS3.5 9.1: digits and dots, max 64, no leading zeros). */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/.test(uid);
}
