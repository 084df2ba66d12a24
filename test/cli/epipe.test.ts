/**
 * Issue 15: `analyze a b c --csv | head -1` must not die with an EPIPE stack
 * trace. A closed stdout ends the command quietly with exit 0 (docs/errors.md),
 * whichever command writes: checked through a real pipe and shell, and
 * in-process for every command with a stream that reports EPIPE.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { OutputClosed, streamIo } from '../../src/cli/io.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { GE, HERMES, SIEMENS, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-epipe-');
afterAll(t.cleanup);
const BIN = join(REPO_ROOT, 'src/cli/bin.ts');

/** `spect-perfusion ARGS | head -1` in bash: the CLI's exit code, what head printed, the CLI's stderr. */
function throughHead(args: string[]): { status: number; out: string; err: string } {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cmd = `"${process.execPath}" --import tsx ${q(BIN)} ${args.map(q).join(' ')} 2>${q(join(t.dir, 'err.txt'))} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
  const r = spawnSync('bash', ['-c', cmd], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000, env: { ...process.env, VITEST: '' } });
  const status = Number(/status=(\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const err = spawnSync('cat', [join(t.dir, 'err.txt')], { encoding: 'utf8' }).stdout;
  return { status, out: r.stdout, err };
}

/** A stream whose reader is gone: every write reports EPIPE (asynchronously, as Node does). */
class ClosedPipe extends EventEmitter {
  writes = 0;
  readonly isTTY = false;
  write(_s: string): boolean {
    this.writes++;
    process.nextTick(() => this.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' })));
    return true;
  }
}

describe('a closed stdout ends the program quietly', () => {
  it('analyze a b c --csv | head -1: exit 0, the header line, no stack trace', () => {
    const r = throughHead(['analyze', GE, SIEMENS, HERMES, '--csv']);
    expect(r.out).toMatch(/^study,source,ageYears/);
    expect(r.out.split('\n').filter((l) => l)).toHaveLength(1);
    expect(r.status).toBe(0);
    expect(r.err).not.toMatch(/EPIPE|Error|\bat .*:\d+/);
  }, 180_000);

  it('analyze --json with several inputs and batch --json | head -1: exit 0, one JSON line, nothing on stderr; the batch resumes', async () => {
    const a = throughHead(['analyze', GE, SIEMENS, HERMES, '--json']);
    expect(a.status).toBe(0);
    expect(JSON.parse(a.out).schema).toBe('spect-perfusion/report');
    expect(a.err).toBe('');
    const inDir = studyFolder(t.dir, 'in', { 'a.dcm': GE, 'b.dcm': SIEMENS, 'c.dcm': HERMES });
    const b = throughHead(['batch', inDir, '--out', join(t.dir, 'out'), '--workers', '1', '--json', '--no-progress']);
    expect(b.status).toBe(0);
    expect(JSON.parse(b.out).schema).toBe('spect-perfusion/report');
    expect(b.err).not.toMatch(/EPIPE|Error|\bat .*:\d+/);
    // what was finished before the reader went away is kept
    const again = await run('batch', inDir, '--out', join(t.dir, 'out'), '--workers', '1', '--no-progress');
    expect(again.code).toBe(0);
    expect(Number(/\((\d) from a previous run\)/.exec(again.out)?.[1])).toBeGreaterThanOrEqual(1);
  }, 300_000);

  it('streamIo: after an EPIPE the next stdout write throws OutputClosed; stderr errors only lose messages', async () => {
    const out = new ClosedPipe(), err = new ClosedPipe();
    const io = streamIo(out, err);
    io.stdout('a'); // the write is accepted; its EPIPE arrives after
    await new Promise((r) => setImmediate(r));
    expect(() => io.stdout('b')).toThrow(OutputClosed);
    expect(out.writes).toBe(1);
    io.stderr('x');
    await new Promise((r) => setImmediate(r));
    expect(() => io.stderr('y')).not.toThrow();
    expect(err.writes).toBe(1); // after the EPIPE nothing more is written
  });

  it('every command that writes to stdout exits 0 when its reader has gone', async () => {
    const cases = [
      ['info', GE],
      ['info', GE, '--json'],
      ['analyze', GE, HERMES, '--csv'],
      ['analyze', GE, HERMES],
      ['--help'],
      ['analyze', '--help'],
    ];
    for (const args of cases) {
      const out = new ClosedPipe(), err = new ClosedPipe();
      const io = streamIo(out, err);
      // the reader has gone before the command writes
      io.stdout('');
      await new Promise((r) => setImmediate(r));
      let stderr = '';
      const code = await main(args, { stdout: io.stdout, stderr: (s) => { stderr += s; } });
      expect(code, args.join(' ')).toBe(0);
      expect(stderr, args.join(' ')).toBe('');
    }
  }, 120_000);
});
