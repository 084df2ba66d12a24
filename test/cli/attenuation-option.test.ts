/**
 * Issue 15: `--attenuation-corrected yes|no` reaches AnalyzeOptions.attenuationCorrected
 * in analyze and batch alike: `no` makes the library correct the study (issue
 * ATTENUATION_CORRECTED_BY_LIBRARY) and changes the ratio; a batch re-run with
 * another value is refused as any other result-changing option.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GE, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-ac-');
afterAll(t.cleanup);

interface Report { ratios: { cerebellumToCortex: number }; issues: { code: string }[] }
const codes = (r: Report) => r.issues.map((i) => i.code);

describe('--attenuation-corrected', () => {
  it('analyze: no -> corrected by the library, another ratio; yes -> as the study is', async () => {
    const yes = JSON.parse((await run('analyze', GE, '--json', '--attenuation-corrected', 'yes')).out) as Report;
    const no = JSON.parse((await run('analyze', GE, '--json', '--attenuation-corrected', 'no')).out) as Report;
    expect(codes(no)).toContain('ATTENUATION_CORRECTED_BY_LIBRARY');
    expect(codes(yes)).not.toContain('ATTENUATION_CORRECTED_BY_LIBRARY');
    expect(Math.abs(no.ratios.cerebellumToCortex - yes.ratios.cerebellumToCortex)).toBeGreaterThan(0.01);
  }, 120_000);

  it('batch: the same report as analyze; a re-run with another value is refused without --force', async () => {
    const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE });
    const out = join(t.dir, 'out');
    const b = await run('batch', inDir, '--out', out, '--workers', '1', '--json', '--no-progress', '--attenuation-corrected', 'no');
    expect(b.code).toBe(0);
    const a = await run('analyze', join(inDir, 'a.dcm'), GE, '--json', '--attenuation-corrected', 'no');
    expect(b.out.trimEnd()).toBe(a.out.split('\n')[0]);
    const other = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--attenuation-corrected', 'yes');
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/other options \(--attenuation-corrected\)/);
    // the same value spelt otherwise is no change
    const same = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--attenuation-corrected', 'NO');
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/\(1 from a previous run\)/);
  }, 180_000);
});
