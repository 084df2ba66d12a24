/**
 * Malformed NIfTI and Interfile corpus (corpus-images.ts): allowed outcome,
 * bounded memory, a generous vitest timeout as a hang guard (times are
 * measured by test/fuzz/run.ts, docs/reliability.md, not asserted).
 */
import { describe, it } from 'vitest';
import { interfileCases, niftiCases } from './corpus-images.js';
import { expectCase } from './expect-case.js';

describe('malformed NIfTI', () => {
  for (const c of niftiCases()) it(c.name, async () => { await expectCase(c); }, 10_000); // hang guard (see dicom-corpus.test.ts)
});

describe('malformed Interfile', () => {
  it.each(interfileCases().map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c); }, 10_000);
});
