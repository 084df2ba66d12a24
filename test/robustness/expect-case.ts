/** Vitest assertion for one corpus case: allowed outcome, issue present, bounded memory. */
import { expect } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { outcomeKey, outcomeOf } from './check.js';
import { allowed, type Case } from './corpus.js';
import { readInput } from './targets.js';

const KNOWN = new Set<string>(Object.values(ErrorCode));

/**
 * Read the case with the library defaults (or its `maxBytes`), then assert: the
 * outcome is one the case allows, an error code is one of `ErrorCode`, a volume
 * carries the expected issue, and `arrayBuffers` grew by less than
 * 64 MiB + 20 x the input size (no allocation from a declared size).
 */
export async function expectCase(c: Case & { readonly maxBytes?: number }): Promise<string> {
  const size = c.bytes.length + (c.header?.length ?? 0);
  const before = process.memoryUsage().arrayBuffers;
  const o = await outcomeOf(() => readInput(c, c.maxBytes));
  const grown = process.memoryUsage().arrayBuffers - before;
  const key = outcomeKey(o);
  expect(allowed(c, key), `${c.name}: got ${key}${o.kind === 'error' ? ` (${o.message})` : ''}, allowed ${c.expect.join(' | ')}`).toBe(true);
  if (o.kind === 'error') expect(KNOWN.has(o.code), `unknown code ${o.code}`).toBe(true);
  if (o.kind === 'volume' && c.issue) expect(o.issues).toContain(c.issue);
  expect(grown, `${c.name}: arrayBuffers grew by ${grown} bytes`).toBeLessThan(64 * 1024 * 1024 + 20 * size);
  return key;
}
