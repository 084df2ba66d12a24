/**
 * Issue 14: a batch re-run with other result-affecting options must not keep
 * the old results silently. It is refused with a message naming the options,
 * unless --force, which re-analyses and removes the old outputs. The pseudonym
 * key is never stored, only a hash of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GE, reports, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-batch-opts-');
afterAll(t.cleanup);

describe('batch resume keys on the options', () => {
  it('refuses a re-run with another --age or --pseudonym-key unless --force, then applies them', async () => {
    const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE });
    const out = join(t.dir, 'out');
    const first = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(first.code).toBe(0);
    const before = reports(out);
    const [name] = Object.keys(before);
    expect(before[name!]!.metadata.ageYears).toBe(45);

    const age = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--age', '30');
    expect(age.code).toBe(2);
    expect(age.err).toMatch(/other options \(--age\).*--force/);
    expect(reports(out)[name!]!.metadata.ageYears).toBe(45); // untouched

    const forced = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--age', '30', '--force');
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/\(0 from a previous run\)/);
    expect(reports(out)[name!]!.metadata.ageYears).toBe(30);

    // the same options again: resumed
    const same = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--age', '30');
    expect(same.out).toMatch(/\(1 from a previous run\)/);

    // a new secret key: refused, then applied: a new id, the old-key outputs removed
    const secret = 'k-7f3a9c1e-secret';
    const key = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--age', '30', '--pseudonym-key', secret);
    expect(key.code).toBe(2);
    expect(key.err).toMatch(/--pseudonym-key/);
    const keyed = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--age', '30', '--pseudonym-key', secret, '--force');
    expect(keyed.code).toBe(0);
    const after = reports(out);
    expect(Object.keys(after)).toHaveLength(1);
    expect(Object.keys(after)[0]).not.toBe(name);
    expect(readdirSync(out).filter((f) => f.startsWith(name!.replace('.json', '')))).toEqual([]);
    // the key is nowhere in the state or outputs
    const stateFiles = readdirSync(join(out, '.state')).map((f) => readFileSync(join(out, '.state', f), 'utf8'));
    expect(stateFiles.length).toBeGreaterThan(1);
    for (const s of stateFiles) expect(s).not.toContain(secret);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).not.toContain(secret);
  }, 180_000);
});
