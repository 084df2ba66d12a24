/** docs/errors.md lists every error code and every issue code the sources can emit. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('docs/errors.md', () => {
  it('lists every ErrorCode', () => {
    for (const c of Object.values(ErrorCode)) expect(doc, c).toContain('`' + c + '`');
  });
  it('lists every issue code added in src/', () => {
    const codes = new Set<string>();
    const re = /(?:\.add\(\s*|code: )['"]([A-Z][A-Z0-9_]{3,})['"]/g;
    for (const f of sources(join(REPO_ROOT, 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(re)) codes.add(m[1]!);
    }
    expect(codes.size).toBeGreaterThan(20);
    const tracerCodes = new Set(['HMPAO', 'ECD', 'IMP']); // `code: 'HMPAO'` is a radiopharmaceutical code, not an issue
    const missing = [...codes].filter((c) => !doc.includes(c) && !(c in ErrorCode) && !tracerCodes.has(c));
    expect(missing).toEqual([]);
  });
});
