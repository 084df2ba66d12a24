/** Vitest assertion for one corpus case: allowed outcome, known code, issue present. */
import { expect } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { outcomeKey, outcomeOf } from './check.js';
import { allowed, type Case } from './corpus.js';
import { readInput } from './targets.js';

const KNOWN = new Set<string>(Object.values(ErrorCode));

/**
 * Read the case with the library defaults (or its `maxBytes`), then assert: the
 * outcome is one the case allows, an error code is one of `ErrorCode`, and a
 * volume carries the expected issue. (Memory is not asserted here: the growth of
 * `arrayBuffers` around a call depends on when the garbage collector runs; the
 * fuzz runner records peak RSS in its own process, docs/reliability.md.)
 */
export async function expectCase(c: Case & { readonly maxBytes?: number }): Promise<string> {
  const o = await outcomeOf(() => readInput(c, c.maxBytes));
  const key = outcomeKey(o);
  expect(allowed(c, key), `${c.name}: got ${key}${o.kind === 'error' ? ` (${o.message})` : ''}, allowed ${c.expect.join(' | ')}`).toBe(true);
  if (o.kind === 'error') expect(KNOWN.has(o.code), `unknown code ${o.code}`).toBe(true);
  if (o.kind === 'volume' && c.issue) expect(o.issues).toContain(c.issue);
  return key;
}
