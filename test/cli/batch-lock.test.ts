/**
 * Issue 14: two batch processes on the same --out must not both compute
 * everything. DIR/.lock: a live owner makes the second batch stop with
 * IO_ERROR before it analyses anything; a lock left by a process that is gone
 * is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { GE, SIEMENS, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-batch-lock-');
afterAll(t.cleanup);
const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE, 'b.dcm': SIEMENS });

function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolveP) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), ...args], { cwd: REPO_ROOT, env: { ...process.env, VITEST: '' } });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => resolveP({ code, out, err }));
  });
}

const lockOf = (pid: number, host = hostname()) => JSON.stringify({ pid, host, started: '2026-01-01T00:00:00.000Z' });

describe('batch lock', () => {
  it('two concurrent processes on one --out: each study is computed once', async () => {
    const out = join(t.dir, 'out');
    const args = ['batch', inDir, '--out', out, '--workers', '1', '--no-progress'];
    const [a, b] = await Promise.all([cli(args), cli(args)]);
    let computed = 0, refused = 0;
    for (const r of [a, b]) {
      if (r.code === 7) {
        expect(r.err).toMatch(/^error IO_ERROR: the output folder is in use by another batch \(pid \d+ on this host/m);
        refused++;
        continue;
      }
      expect(r.code).toBe(0);
      const m = /2 studies: (\d+) analysed \((\d+) from a previous run\)/.exec(r.out);
      expect(m).not.toBeNull();
      computed += Number(m![1]) - Number(m![2]);
    }
    expect(computed).toBe(2);
    expect(refused).toBeLessThanOrEqual(1);
    expect(existsSync(join(out, '.lock'))).toBe(false);
  }, 240_000);

  it('a live lock refuses before analysing, a stale one (pid gone) is taken over, another host refuses', async () => {
    const out = join(t.dir, 'out2');
    mkdirSync(out);
    const sleeper = spawn('sleep', ['120']);
    try {
      writeFileSync(join(out, '.lock'), lockOf(sleeper.pid!));
      const live = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
      expect(live.code).toBe(7);
      expect(live.err).toMatch(new RegExp(`in use by another batch \\(pid ${sleeper.pid} on this host`));
      expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    } finally {
      sleeper.kill();
    }
    writeFileSync(join(out, '.lock'), lockOf(4242, 'another-host.example'));
    const other = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(other.code).toBe(7);
    expect(other.err).toMatch(/host another-host\.example/);

    const gone = spawnSync('true');
    writeFileSync(join(out, '.lock'), lockOf(gone.pid!));
    const stale = await run('batch', inDir, '--out', out, '--workers', '1', '--no-progress');
    expect(stale.code).toBe(0);
    expect(existsSync(join(out, '.lock'))).toBe(false);
  }, 240_000);
});
