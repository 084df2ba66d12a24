/**
 * Issue 14: file-system errors are IO_ERROR (exit 7), found before any
 * analysis, naming the path's role and the system code but not the path;
 * `--out /proc/x` must not spin; writeFileAtomic leaves no temporary file
 * on any failure path.
 */
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IoError } from '../../src/errors.js';
import { makeDirs, writeFileAtomic } from '../../src/node/files.js';
import { GE, SIEMENS, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-fs-errors-');
afterAll(t.cleanup);
const aFile = join(t.dir, 'a-file');
writeFileSync(aFile, 'x');
const isRoot = process.getuid?.() === 0;

/** Each command with an --out that cannot be used; the analysis must not have run (no report, no control line). */
const commands = (out: string): string[][] => [
  ['analyze', GE, '--out', out],
  ['batch', studyFolder(t.dir, 'in', { 'a.dcm': GE }), '--out', out, '--workers', '1', '--no-progress'],
  ['normals', 'build', GE, SIEMENS, '--out', out, '--tracer', 'hmpao'],
];

function expectIoError(r: { code: number; out: string; err: string }, code: RegExp) {
  expect(r.code).toBe(7);
  expect(r.err).toMatch(/^error IO_ERROR: cannot (create|use|write in) the output folder/m);
  expect(r.err).toMatch(code);
  expect(r.err).not.toMatch(/control 1|INTERNAL/);
  expect(r.err).not.toContain(t.dir);
  expect(r.out).toBe('');
}

describe('file-system errors', () => {
  it('--out naming an existing file (EEXIST) or a path inside a file (ENOTDIR): IO_ERROR exit 7 before analysing', async () => {
    for (const argv of commands(aFile)) expectIoError(await run(...argv), /EEXIST/);
    for (const argv of commands(join(aFile, 'sub', 'out'))) expectIoError(await run(...argv), /ENOTDIR/);
  }, 120_000);

  it('--out /proc/x fails at once with IO_ERROR instead of spinning', async () => {
    for (const argv of commands('/proc/spect-perfusion-x/out')) expectIoError(await run(...argv), /ENOENT/);
  }, 120_000);

  it.skipIf(isRoot)('--out in a folder without write permission (EACCES): IO_ERROR exit 7 (skipped as root, where permissions do not apply)', async () => {
    const ro = join(t.dir, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    try {
      for (const argv of commands(ro)) expectIoError(await run(...argv), /EACCES/);
      for (const argv of commands(join(ro, 'out'))) expectIoError(await run(...argv), /EACCES/);
    } finally {
      chmodSync(ro, 0o755);
    }
  }, 120_000);

  it('makeDirs refuses a path under a file and /proc without looping', async () => {
    await expect(makeDirs(join(aFile, 'x'))).rejects.toThrow(IoError);
    await expect(makeDirs('/proc/spect-perfusion-x/y')).rejects.toThrow(/ENOENT/);
  });

  it('writeFileAtomic removes its temporary file on every failure path', async () => {
    const dir = join(t.dir, 'atomic');
    mkdirSync(dir);
    const tmpFiles = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    // rename onto a folder (force)
    mkdirSync(join(dir, 'is-a-folder.json'));
    await expect(writeFileAtomic(join(dir, 'is-a-folder.json'), 'x', { force: true })).rejects.toThrow(/EISDIR|EEXIST|ENOTEMPTY/);
    // link onto an existing name (no force)
    writeFileSync(join(dir, 'exists.json'), 'old');
    await expect(writeFileAtomic(join(dir, 'exists.json'), 'new')).rejects.toThrow(/exists/);
    // the write itself fails (data of the wrong type)
    await expect(writeFileAtomic(join(dir, 'bad.json'), 42 as unknown as string)).rejects.toThrow(IoError);
    expect(tmpFiles()).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['exists.json', 'is-a-folder.json']);
  });
});
