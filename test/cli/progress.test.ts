/**
 * Issue 15: batch progress is a redrawn bar only on a terminal, with elapsed
 * time and an estimate of the time left; one plain line per study elsewhere
 * (redirected stderr, CI logs); Ctrl-C ends the line cleanly and says that a
 * re-run resumes (exit 130). The clock is injected: no assertion on real time.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Progress, formatDuration } from '../../src/cli/progress.js';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { GE, HERMES, SIEMENS, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-progress-');
afterAll(t.cleanup);

function capture(tty: boolean): CliIo & { err: string } {
  const io = { err: '', stdout: () => undefined, stderr: (s: string) => { io.err += s; }, stderrIsTTY: tty };
  return io;
}

describe('Progress', () => {
  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61_400)).toBe('1:01');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('not a terminal: one line per study with elapsed time and time left, no carriage return', () => {
    let now = 1000;
    const io = capture(false);
    const p = new Progress(io, { total: 4, skipped: 1, tty: false, now: () => now });
    p.start();
    now += 10_000; p.step('study-0001', true, 'ok');
    now += 10_000; p.step('study-0002', false, 'error NOT_DICOM');
    now += 20_000; p.step('study-0003', true, 'ok');
    p.finish();
    expect(io.err).not.toContain('\r');
    expect(io.err.split('\n')).toEqual([
      '4 studies to analyse (1 already done)',
      '[1/4] study-0001: ok (0:10 elapsed, about 0:30 left)',
      '[2/4] study-0002: error NOT_DICOM (0:20 elapsed, about 0:20 left)',
      '[3/4] study-0003: ok (0:40 elapsed, about 0:13 left)',
      '',
    ]);
  });

  it('a terminal: frames redrawn with \\r and cleared to the end of the line, one newline at the end', () => {
    let now = 0;
    const io = capture(true);
    const p = new Progress(io, { total: 2, skipped: 0, tty: true, now: () => now });
    p.start();
    now = 5000; p.step('study-0001', false, 'error X');
    const frames = io.err.split('\r').filter((f) => f);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toBe(`[${'#'.repeat(15)}${'.'.repeat(15)}] 1/2 (1 failed)  0:05 elapsed, about 0:05 left\x1b[K`);
    expect(io.err).not.toContain('\n');
    p.finish();
    expect(io.err.endsWith('\n')).toBe(true);
  });

  it('interrupt ends the open line, then says how to resume', () => {
    let now = 0;
    const io = capture(true);
    const p = new Progress(io, { total: 3, skipped: 0, tty: true, now: () => now });
    p.start();
    now = 2000; p.step('a', true, 'ok');
    p.interrupt('run the same command again to resume');
    const lines = io.err.split('\n');
    expect(lines[0]).toMatch(/^\r[^\n]*1\/3/);
    expect(lines[1]).toBe('interrupted after 1 of 3 studies (0:02 elapsed): run the same command again to resume');
  });
});

describe('batch progress', () => {
  const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE, 'b.dcm': SIEMENS, 'c.dcm': HERMES });

  it('stderr not a terminal: one line per finished study; a terminal: \\r frames; --no-progress: nothing', async () => {
    const plain = capture(false);
    expect(await main(['batch', inDir, '--out', join(t.dir, 'o1'), '--workers', '1'], plain)).toBe(0);
    expect(plain.err).not.toContain('\r');
    const lines = plain.err.trim().split('\n');
    expect(lines[0]).toBe('3 studies to analyse');
    expect(lines.slice(1).map((l) => l.replace(/ \(.*\)$/, ''))).toEqual(['[1/3] study-0001: ok', '[2/3] study-0002: ok', '[3/3] study-0003: ok']);
    expect(lines[1]).toMatch(/\(\d+:\d\d elapsed, about \d+:\d\d left\)$/);

    const tty = capture(true);
    expect(await main(['batch', inDir, '--out', join(t.dir, 'o2'), '--workers', '1'], tty)).toBe(0);
    expect(tty.err.split('\r').filter((f) => f)).toHaveLength(4);
    expect(tty.err.endsWith('\x1b[K\n')).toBe(true);
    expect(tty.err).toMatch(/\r\[#{30}\] 3\/3 {2}\d+:\d\d elapsed\S+\n$/);

    const quiet = await run('batch', inDir, '--out', join(t.dir, 'o3'), '--workers', '1', '--no-progress');
    expect(quiet.err).toBe('');
  }, 240_000);

  it('a real terminal (script(1) gives a pty) gets the redrawn bar; stderr redirected to a file gets plain lines', (ctx) => {
    if (spawnSync('script', ['--version']).status !== 0) ctx.skip();
    const one = studyFolder(t.dir, 'one', { 'a.dcm': GE });
    const cli = `"${process.execPath}" --import tsx "${join(REPO_ROOT, 'src/cli/bin.ts')}" batch "${one}" --workers 1 --out`;
    const tty = spawnSync('script', ['-qec', `${cli} "${join(t.dir, 'pty')}"`, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000, env: { ...process.env, VITEST: '' } });
    expect(tty.status).toBe(0);
    const CLEAR = '\x1b[K';
    expect(tty.stdout.split(CLEAR).slice(0, 2).join('|')).toMatch(/^\r\[\.{30}\] 0\/1 {2}0:00 elapsed\|\r\[#{30}\] 1\/1 {2}\d+:\d\d elapsed$/);
    expect(tty.stdout.split(CLEAR)[2]).toMatch(/^\r?\n/);
    const file = join(t.dir, 'stderr.txt');
    const plain = spawnSync('bash', ['-c', `${cli} "${join(t.dir, 'file')}" 2>"${file}"`], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000, env: { ...process.env, VITEST: '' } });
    expect(plain.status).toBe(0);
    const err = readFileSync(file, 'utf8');
    expect(err).not.toContain('\r');
    expect(err).not.toContain('\x1b');
    expect(err).toMatch(/^1 study to analyse\n\[1\/1\] study-0001: ok \(\d+:\d\d elapsed\)\n$/);
  }, 240_000);

  it('Ctrl-C (SIGINT) ends the batch with exit 130 and a resume hint; the re-run resumes', async () => {
    const out = join(t.dir, 'interrupted');
    const args = ['batch', inDir, '--out', out, '--workers', '1'];
    const r = await new Promise<{ code: number | null; err: string }>((resolveP) => {
      const p = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src/cli/bin.ts'), ...args], { cwd: REPO_ROOT, env: { ...process.env, VITEST: '' } });
      let err = '', sent = false;
      p.stderr.on('data', (d) => {
        err += d;
        // after the first finished study, as a user pressing Ctrl-C
        if (!sent && /\[1\/3\]/.test(err)) { sent = true; p.kill('SIGINT'); }
      });
      p.on('close', (code) => resolveP({ code, err }));
    });
    expect(r.code).toBe(130);
    expect(r.err).toMatch(/\ninterrupted after [12] of 3 studies \(\d+:\d\d elapsed\): the finished studies are recorded in the output folder; run the same command again to resume/);
    expect(r.err).not.toMatch(/\bat .*:\d+/);
    const again = await run(...args, '--no-progress');
    expect(again.code, again.out + again.err).toBe(0);
    const resumed = Number(/\((\d) from a previous run\)/.exec(again.out)?.[1]);
    expect(resumed).toBeGreaterThanOrEqual(1);
    expect(resumed).toBeLessThan(3);
  }, 240_000);
});
