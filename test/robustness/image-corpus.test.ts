/**
 * Malformed NIfTI and Interfile corpus (corpus-images.ts): allowed outcome,
 * bounded memory, vitest timeout as a hang guard: 1 s, or 2 s for the gzip
 * bombs (src/nifti/gzip.ts inflates one 16 KiB input slice, up to ~16 MiB of
 * zeros, before it can check the header: measured 0.2-0.6 s on a loaded machine).
 */
import { describe, it } from 'vitest';
import { interfileCases, niftiCases } from './corpus-images.js';
import { expectCase } from './expect-case.js';

describe('malformed NIfTI', () => {
  for (const c of niftiCases()) it(c.name, async () => { await expectCase(c); }, c.maxBytes === undefined ? 1000 : 2000);
});

describe('malformed Interfile', () => {
  it.each(interfileCases().map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c); }, 1000);
});
