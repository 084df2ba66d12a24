/**
 * Issue 15: `batch --json` writes JSON Lines on stdout, one object per study
 * as it is finished, in input order, the same lines as `analyze --json` with
 * several inputs (the report, or {"input", "error": {"code", "message"}});
 * the table and the last line go to stderr so stdout stays machine-readable.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GE, HERMES, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-batch-json-');
afterAll(t.cleanup);

describe('batch --json', () => {
  it('one line per study, byte-identical to analyze --json of the same inputs; resumed studies too', async () => {
    const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE, 'b.dcm': HERMES });
    writeFileSync(join(inDir, 'c.dcm'), 'not a dicom file');
    const out = join(t.dir, 'out');
    const b = await run('batch', inDir, '--out', out, '--workers', '2', '--json', '--no-progress');
    expect(b.code).toBe(10);
    const lines = b.out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const a = await run('analyze', join(inDir, 'a.dcm'), join(inDir, 'b.dcm'), join(inDir, 'c.dcm'), '--json');
    expect(a.code).toBe(10);
    const al = a.out.trimEnd().split('\n');
    // the reports: the same bytes
    expect(lines[0]).toBe(al[0]);
    expect(lines[1]).toBe(al[1]);
    // the failure: the same shape, labelled as each command labels its inputs
    expect(JSON.parse(lines[2]!)).toEqual({ input: 'study-0003', error: { code: 'NOT_DICOM', message: expect.stringMatching(/^not a DICOM file/) } });
    expect(JSON.parse(al[2]!)).toEqual({ ...JSON.parse(lines[2]!), input: 'input-3' });
    // stdout holds nothing else; the table and the totals are on stderr
    expect(b.err).toMatch(/study-0002 .* severe/);
    expect(b.err).toMatch(/3 studies: 2 analysed \(0 from a previous run\), 1 failed/);

    // a re-run: the resumed studies are printed as well, the same lines
    const again = await run('batch', inDir, '--out', out, '--workers', '1', '--json', '--no-progress');
    expect(again.out).toBe(b.out);
    expect(again.err).toMatch(/\(2 from a previous run\)/);
  }, 240_000);

  it('without --json the table goes to stdout as before', async () => {
    const inDir = studyFolder(t.dir, 'in2', { 'a.dcm': GE });
    const b = await run('batch', inDir, '--out', join(t.dir, 'out2'), '--workers', '1', '--no-progress');
    expect(b.code).toBe(0);
    expect(b.out).toMatch(/^study +age/);
    expect(b.err).toBe('');
  }, 120_000);
});
