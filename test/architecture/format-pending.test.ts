/**
 * The formatter's ratchet (docs/architecture.md, "Also checked"): `npm run format:check`
 * (Prettier, in .ci/run) checks every file except those of .prettierignore-pending, the
 * files written before the formatter was adopted. That list may only shrink: every entry
 * must still exist and still be unformatted (a formatted or deleted file loses its line),
 * and it never holds more entries than when it was made.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** Entries when the list was made (session 20); lower it when you delete lines, never raise it. */
const MAX_ENTRIES = 336;

const pending = readFileSync(join(ROOT, '.prettierignore-pending'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

describe('.prettierignore-pending (files not yet formatted)', () => {
  it('only shrinks', () => {
    expect(pending.length).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(new Set(pending).size).toBe(pending.length);
  });

  it('lists only files that exist and are still unformatted (delete the line of a formatted file)', async () => {
    const stale: string[] = [];
    for (const rel of pending) {
      const path = join(ROOT, rel);
      if (!existsSync(path)) {
        stale.push(`${rel}: no longer exists`);
        continue;
      }
      const options = { ...(await prettier.resolveConfig(path)), filepath: path };
      if (await prettier.check(readFileSync(path, 'utf8'), options)) stale.push(`${rel}: already formatted`);
    }
    expect(stale).toEqual([]);
  }, 120_000);
});
