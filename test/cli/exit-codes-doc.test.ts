/**
 * Every exit code docs/errors.md documents is the one the CLI returns: the
 * table's `CLI exit` column for each error code (whichever documented class
 * carries it), the other codes (0, 1, 10), the help line, and end-to-end
 * cases the audit of issue 14 found wrong (NO_VOLUME_FOUND, an oversized file,
 * raw file-system errors).
 */
import { mkdirSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import { ErrorCode, type SpectError } from '../../src/errors.js';
import { ExitCode, exitCodeFor } from '../../src/cli/exit-codes.js';
import { formatError } from '../../src/cli/main.js';
import { GLOBAL_HELP } from '../../src/cli/commands.js';
import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { run, tempDir } from './batch-helpers.js';

const doc = readFileSync(join(REPO_ROOT, 'docs/errors.md'), 'utf8');
const t = tempDir('spect-exit-');
afterAll(t.cleanup);

const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (.+?) \| .+ \| (\d+) \|$/gm)].map((m) => ({
  code: m[1]!, classes: [...m[2]!.matchAll(/`(\w+)`/g)].map((c) => c[1]!), exit: Number(m[3]),
}));

describe('docs/errors.md exit codes are the CLI\'s', () => {
  it('the table has a row per error code', () => {
    expect(rows.map((r) => r.code).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('each code exits as documented, raised by any of its documented classes', () => {
    const classes = errors as unknown as Record<string, new (code: ErrorCode, message: string) => SpectError>;
    for (const r of rows) {
      expect(r.classes.length, r.code).toBeGreaterThan(0);
      for (const c of r.classes) {
        const Cls = classes[c];
        expect(Cls, `${r.code}: class ${c}`).toBeTypeOf('function');
        expect(exitCodeFor(new Cls!(r.code as ErrorCode, 'm')), `${r.code} as ${c}`).toBe(r.exit);
      }
    }
  });

  it('the other exit codes and the help line', () => {
    expect(doc).toMatch(/Other CLI exit codes: 0 success; 1 an unexpected internal error/);
    expect(exitCodeFor(new TypeError('x'))).toBe(ExitCode.FAILURE);
    expect(ExitCode.OK).toBe(0);
    expect(ExitCode.PARTIAL).toBe(10);
    const help = /Exit codes: (.*)/.exec(GLOBAL_HELP)![1]!;
    const pairs = Object.fromEntries([...help.matchAll(/(\d+) ([a-z /]+?)(?:,|$)/g)].map((m) => [m[2]!.trim(), Number(m[1])]));
    expect(pairs).toEqual({ ok: 0, failure: 1, usage: 2, 'input format': 3, geometry: 4, 'resource limit': 5, analysis: 6, 'i/o': 7, 'some studies failed': 10 });
    for (const r of rows) expect(Object.values(pairs)).toContain(r.exit);
  });

  it('a raw file-system error is IO_ERROR exit 7 and its message (which holds the path) is not printed', () => {
    const e = Object.assign(new Error("EACCES: permission denied, open '/home/DOE_JANE/study.dcm'"), { code: 'EACCES', syscall: 'open' });
    expect(exitCodeFor(e)).toBe(7);
    expect(formatError(e)).toBe('error IO_ERROR: a file-system operation failed (EACCES, open)');
  });

  it('end to end: NO_VOLUME_FOUND exits 4, an oversized input exits 5, a missing input exits 7', async () => {
    const folder = join(t.dir, 'no-volume');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.dcm'), 'not a dicom file');
    const nv = await run('info', folder);
    expect(nv.err).toMatch(/^error NO_VOLUME_FOUND/);
    expect(nv.code).toBe(4);
    // a sparse 5 GiB file: above the 4 GiB read cap, refused from its size without reading it
    const big = join(t.dir, 'big.dcm');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 5 * 1024 ** 3);
    closeSync(fd);
    const r = await run('info', big);
    expect(r.err).toMatch(/^error RESOURCE_LIMIT/);
    expect(r.code).toBe(5);
    const missing = await run('analyze', join(t.dir, 'missing.dcm'));
    expect(missing.code).toBe(7);
  });
});
