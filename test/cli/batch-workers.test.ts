/**
 * Issue 14: a worker that exits, crashes, runs past the per-study time limit
 * or out of its heap limit becomes one failed study with a typed code, and a
 * fresh worker takes the next study; a failing output write ends the batch
 * with IO_ERROR instead of an unhandled rejection. The faults are the test-only
 * hooks of src/cli/batch-test-faults.ts (active only under vitest).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GE, reports, run, studyFolder, summaryCsv, tempDir } from './batch-helpers.js';

const t = tempDir('spect-batch-workers-');
afterAll(t.cleanup);
afterEach(() => { delete process.env.SPECT_PERFUSION_TEST_FAULT; });

describe('batch worker faults', () => {
  it('exit, uncaught exception, time limit and heap limit: one typed failure each, the other studies analysed', async () => {
    const inDir = studyFolder(t.dir, 'in', { 'a-exit.dcm': GE, 'b-throw.dcm': GE, 'c-hang.dcm': GE, 'd-oom.dcm': GE, 'e-good.dcm': GE });
    writeFileSync(join(inDir, 'f-bad.dcm'), 'garbage');
    process.env.SPECT_PERFUSION_TEST_FAULT = 'exit:a-exit.dcm;throw:b-throw.dcm;hang:c-hang.dcm;oom:d-oom.dcm';
    const out = join(t.dir, 'out');
    const r = await run('batch', inDir, '--out', out, '--workers', '2', '--no-progress', '--study-timeout', '20', '--study-memory', '128');
    expect(r.code).toBe(10);
    const rows = summaryCsv(out);
    expect(rows.map((x) => x.error)).toEqual(['WORKER_FAILED', 'WORKER_FAILED', 'RESOURCE_LIMIT', 'RESOURCE_LIMIT', '', 'NOT_DICOM']);
    expect(r.out).toMatch(/time limit \(20 s, --study-timeout\)/);
    expect(r.out).toMatch(/memory limit \(128 MB/);
    expect(r.out).toMatch(/6 studies: 1 analysed \(0 from a previous run\), 5 failed/);
    expect(Object.keys(reports(out))).toHaveLength(1);
    // the failures are not remembered: without the faults they are analysed on the next run
    delete process.env.SPECT_PERFUSION_TEST_FAULT;
    const again = await run('batch', inDir, '--out', out, '--workers', '2', '--no-progress');
    expect(again.out).toMatch(/6 studies: 5 analysed \(1 from a previous run\), 1 failed/);
  }, 300_000);

  it('a study whose typed arrays (outside the JS heap) grow past the memory bound: RESOURCE_LIMIT, the batch goes on', async () => {
    const inDir = studyFolder(t.dir, 'in3', { 'a-big.dcm': GE });
    writeFileSync(join(inDir, 'b-bad.dcm'), 'garbage');
    process.env.SPECT_PERFUSION_TEST_FAULT = 'bigalloc:a-big.dcm';
    const out = join(t.dir, 'out3');
    const r = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress', '--study-memory', '256');
    expect(r.code).toBe(10);
    expect(summaryCsv(out).map((x) => x.error)).toEqual(['RESOURCE_LIMIT', 'NOT_DICOM']);
    expect(r.out).toMatch(/above its memory bound \(256 MB per worker, --study-memory\)/);
  }, 120_000);

  it('a failing output write ends the batch with IO_ERROR (exit 7), not an unhandled rejection', async () => {
    const inDir = studyFolder(t.dir, 'in2', { 'a.dcm': GE });
    const probe = join(t.dir, 'probe');
    expect((await run('analyze', join(inDir, 'a.dcm'), '--out', probe)).code).toBe(0);
    const [id] = Object.keys(reports(probe)).map((n) => n.replace('.json', ''));
    const out = join(t.dir, 'out2');
    mkdirSync(join(out, `${id}.png`), { recursive: true }); // the figure cannot be written
    const r = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(r.code).toBe(7);
    expect(r.err).toMatch(/^error IO_ERROR: cannot write the output file .*\.png \(EISDIR\)/m);
  }, 120_000);
});
