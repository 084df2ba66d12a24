/**
 * Issue 14: symbolic links to studies in a batch folder are followed (a
 * broken one or a loop is a failed study in the summary, never a silent skip),
 * and an --out folder inside the input folder is never read as a study.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GE, SERIES, SIEMENS, reports, run, studyFolder, summaryCsv, tempDir } from './batch-helpers.js';

const t = tempDir('spect-batch-inputs-');
afterAll(t.cleanup);

describe('batch inputs', () => {
  it('follows symbolic links to a study file and a study folder; reports broken and looping links', async () => {
    const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE });
    const elsewhere = studyFolder(t.dir, 'elsewhere', { 'b.dcm': SIEMENS });
    symlinkSync(join(elsewhere, 'b.dcm'), join(inDir, 'b-link.dcm'));
    symlinkSync(SERIES, join(inDir, 'c-series-link'));
    symlinkSync(join(t.dir, 'missing.dcm'), join(inDir, 'd-broken.dcm'));
    symlinkSync(inDir, join(inDir, 'e-loop'));
    symlinkSync(t.dir, join(inDir, 'f-parent-loop'));
    const out = join(t.dir, 'out');
    const r = await run('batch', inDir, '--out', out, '--workers', '2', '--no-progress');
    expect(r.code).toBe(10);
    const rows = summaryCsv(out);
    expect(rows).toHaveLength(6);
    expect(rows.map((x) => x.error)).toEqual(['', '', '', 'IO_ERROR', 'IO_ERROR', 'IO_ERROR']);
    expect(r.out).toMatch(/study-0004 .*IO_ERROR: a symbolic link whose target cannot be opened \(ENOENT\)/);
    expect(r.out).toMatch(/study-0005 .*a loop\): not followed/);
    expect(Object.keys(reports(out))).toHaveLength(3);
  }, 180_000);

  it('never reads an --out folder inside the input folder as a study', async () => {
    const inDir = studyFolder(t.dir, 'in2', { 'a.dcm': GE });
    writeFileSync(join(inDir, 'b.dcm'), 'garbage');
    const out = join(inDir, 'results');
    const first = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(first.out).toMatch(/2 studies: 1 analysed \(0 from a previous run\), 1 failed/);
    const again = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(again.out).toMatch(/2 studies: 1 analysed \(1 from a previous run\), 1 failed/);
    expect(summaryCsv(out)).toHaveLength(2);
    // the same through a symbolic link to the output folder
    symlinkSync(out, join(inDir, 'results-link'));
    const linked = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(linked.out).toMatch(/2 studies: 1 analysed \(1 from a previous run\), 1 failed/);
    // and an --out inside a study folder makes that study a failed one, not a read of the outputs
    const study = studyFolder(inDir, 'c-study', { 'x.dcm': GE });
    mkdirSync(join(study, 'nested'));
    const inner = await run('batch', inDir, '--out', join(study, 'nested', 'out'), '--workers', '1', '--no-progress');
    expect(inner.out).toMatch(/USAGE: the output folder is inside this study folder/);
  }, 180_000);
});
