/**
 * docs/errors.md lists every error code and every issue code. Issue codes are typed
 * (`IssueCode` in src/issues.ts; `IssueList.add` and `Issue.code` take nothing else), so the
 * compiler keeps the sources inside that list and this test keeps the list and the page equal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/errors.js';
import { IssueCode } from '../../src/issues.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8');
const issueSection = doc.slice(doc.indexOf('\n## Issues'));
/** The codes in the first column of the issue table. */
const documentedIssues = issueSection
  .split('\n')
  .filter((l) => l.startsWith('| `'))
  .flatMap((l) => [...l.split('|')[1]!.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]!));

describe('docs/errors.md', () => {
  it('lists every ErrorCode', () => {
    for (const c of Object.values(ErrorCode)) expect(doc, c).toContain('`' + c + '`');
  });

  it('its issue table lists exactly the IssueCode values, each once', () => {
    expect(issueSection.length).toBeGreaterThan(1000);
    expect(new Set(documentedIssues).size).toBe(documentedIssues.length);
    expect([...documentedIssues].sort()).toEqual(Object.values(IssueCode).sort());
  });

  it('IssueCode maps each name to itself, and no issue code is also an error code', () => {
    for (const [k, v] of Object.entries(IssueCode)) expect(v).toBe(k);
    expect(Object.values(IssueCode).filter((c) => c in ErrorCode)).toEqual([]);
  });
});
