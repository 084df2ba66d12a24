/**
 * Issue 16, section 3: `batch --shard K/N` then `merge` gives the folder a plain
 * `batch` writes, byte for byte (summary.csv, summary.txt, summary.jsonl, report.html, every
 * study's files, the resume state), whatever order the shards are given or the
 * inputs listed in; shards of other batches, duplicated or missing shards, and
 * one study pseudonym in two shards are refused with SHARD_* errors.
 */
import { cpSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/index.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { parseShard, shardOf, SHARD_ENV } from '../../src/cli/batch-shard.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { GE, HERMES, SERIES, SIEMENS, run, tempDir } from './batch-helpers.js';

const t = tempDir('spect-shard-');
afterAll(t.cleanup);
const inDir = join(t.dir, 'in');
const pairDir = join(t.dir, 'pair');
const N = 3;

/** Every file under `dir` (relative path -> bytes), without the lock. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.lock') continue;
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(`${rel}${e.name}`, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

/** The first name `${prefix}<i>.dcm` (i = 0, 1...) whose shard of `n` satisfies `ok`. */
function nameIn(prefix: string, n: number, ok: (k: number) => boolean): string {
  for (let i = 0; ; i++) if (ok(shardOf(`${prefix}${i}.dcm`, n))) return `${prefix}${i}.dcm`;
}

async function sameUidPair(dir: string, names: readonly [string, string]) {
  mkdirSync(dir, { recursive: true });
  const uids = { study: '1.2.826.0.1.3680043.10.999.11', series: '1.2.826.0.1.3680043.10.999.12' };
  for (const [name, src, style] of [[names[0], GE, 'ge'], [names[1], HERMES, 'siemens']] as const) {
    const v = await readDicom(new Uint8Array(readFileSync(src)));
    writeFileSync(join(dir, name), writeNmMultiframe(v, { style, study: { uids }, radiopharmaceutical: { code: 'HMPAO' } }));
  }
}

const shardDir = (k: number) => join(t.dir, `shard-${k}`);

beforeAll(async () => {
  mkdirSync(inDir);
  copyFileSync(GE, join(inDir, 'ge.dcm'));
  copyFileSync(SIEMENS, join(inDir, 'siemens.dcm'));
  cpSync(SERIES, join(inDir, 'series'), { recursive: true });
  writeFileSync(join(inDir, 'broken.dcm'), 'not a study');
  // a simulated 64^3 NIfTI study of a child
  const sim = join(t.dir, 'sim');
  expect((await run('simulate', '--matrix', '64', '--format', 'nifti', '--seed', '3', '--age', '8', '--out', sim)).code).toBe(0);
  copyFileSync(join(sim, 'study.nii'), join(inDir, 'sim-child.nii'));
  // two studies with the same Study/Series UIDs in one shard: the second is written as <id>-2 by both runs
  const a = nameIn('dup-a', N, () => true);
  await sameUidPair(inDir, [a, nameIn('dup-b', N, (k) => k === shardOf(a, N))]);
  // and a pair that lands in two different shards of 2
  const p = nameIn('p', 2, () => true);
  await sameUidPair(pairDir, [p, nameIn('q', 2, (k) => k !== shardOf(p, 2))]);
  for (let k = 0; k < N; k++) {
    const r = await run('batch', inDir, '--out', shardDir(k), '--shard', `${k}/${N}`, '--workers', '2', '--no-progress', '--html');
    expect([ExitCode.OK, ExitCode.PARTIAL]).toContain(r.code);
  }
}, 120_000);

describe('batch --shard and merge', () => {
  it('parses K/N and auto/N (SLURM_ARRAY_TASK_ID, then JOB_COMPLETION_INDEX), refuses the rest', () => {
    expect(parseShard('2/5', {})).toEqual({ k: 2, n: 5 });
    expect(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '3', JOB_COMPLETION_INDEX: '1' })).toEqual({ k: 3, n: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '1' })).toEqual({ k: 1, n: 4 });
    expect(SHARD_ENV).toEqual(['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX']);
    for (const [s, env] of [['3/3', {}], ['-1/3', {}], ['1/0', {}], ['a/3', {}], ['1', {}], ['auto/4', {}], ['auto/4', { SLURM_ARRAY_TASK_ID: '4' }], ['auto/4', { SLURM_ARRAY_TASK_ID: 'x' }]] as const) {
      expect(() => parseShard(s, env), s).toThrow(expect.objectContaining({ code: 'USAGE' }));
    }
  });

  it('assigns each study by its name alone: the same shards whatever order the inputs are listed in', () => {
    const names = readdirSync(inDir).sort();
    const assign = (list: string[]) => new Map(list.map((x) => [x, shardOf(x, N)]));
    expect(assign([...names].reverse())).toEqual(assign(names));
    // every shard gets some studies, and the shares partition the inputs
    const counts = Array.from({ length: N }, (_, k) => names.filter((x) => shardOf(x, N) === k).length);
    expect(counts.reduce((a, b) => a + b)).toBe(names.length);
  });

  it('merges the shards (in any order) into exactly the folder of a plain batch', async () => {
    const plain = join(t.dir, 'plain');
    const rp = await run('batch', inDir, '--out', plain, '--workers', '2', '--no-progress', '--html');
    expect(rp.code).toBe(ExitCode.PARTIAL); // broken.dcm
    const merged = join(t.dir, 'merged');
    const rm = await run('merge', merged, shardDir(2), shardDir(0), shardDir(1));
    expect(rm.code).toBe(ExitCode.PARTIAL);
    const a = tree(plain), b = tree(merged);
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [name, bytes] of a) expect(b.get(name)!.equals(bytes), name).toBe(true);
    // the summary really is the whole batch: 7 rows in input order, one failed, the collision noted
    const csv = readFileSync(join(merged, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + 7);
    expect(csv.slice(1).map((l) => l.split(',')[1])).toEqual(['study-0001', 'study-0002', 'study-0003', 'study-0004', 'study-0005', 'study-0006', 'study-0007']);
    expect(readFileSync(join(merged, 'summary.txt'), 'utf8')).toContain('OUTPUT_ID_COLLISION');
    // JSON Lines: one object per study in the same order, the report or the error
    const lines = readFileSync(join(merged, 'summary.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { study: string; id?: string; report?: { study: { id: string } }; error?: { code: string } });
    expect(lines.map((l) => l.study)).toEqual(csv.slice(1).map((l) => l.split(',')[1]));
    expect(lines.filter((l) => l.error).map((l) => l.error!.code)).toEqual(['NOT_DICOM']);
    for (const l of lines.filter((x) => x.report)) expect(b.has(`${l.id}.json`), l.study).toBe(true);
    expect(a.has('report.html')).toBe(true);
    // each shard held only its share
    const shares = [0, 1, 2].map((k) => readFileSync(join(shardDir(k), 'summary.csv'), 'utf8').trim().split('\n').length - 1);
    expect(shares.reduce((x, y) => x + y)).toBe(7);
    expect(Math.max(...shares)).toBeLessThan(7);
  }, 60_000);

  it('takes the same share when the inputs are listed one by one in another order', async () => {
    const files = readdirSync(inDir).filter((n) => n.endsWith('.dcm')).sort().reverse();
    const k = shardOf(files.find((f) => f.startsWith('dup-a'))!, N);
    const out = join(t.dir, 'order-rev');
    await run('batch', ...files.map((f) => join(inDir, f)), '--out', out, '--shard', `${k}/${N}`, '--workers', '2', '--no-progress');
    const ids = (d: string) => readdirSync(d).filter((n) => n.endsWith('.json')).sort();
    const rev = ids(out), whole = ids(shardDir(k));
    // the same studies as shard k of the folder run (which also holds its share of the non-DICOM inputs)
    const expected = files.filter((f) => f !== 'broken.dcm' && shardOf(f, N) === k).length;
    expect(rev.length).toBe(expected);
    expect(expected).toBeGreaterThanOrEqual(2);
    for (const r of rev) expect(whole, r).toContain(r);
  }, 60_000);

  it('refuses missing, duplicated and foreign shards, shards of other options or inputs, and a non-empty OUT', async () => {
    const code = async (...a: string[]) => { const r = await run('merge', ...a); return { code: r.code, err: r.err }; };
    const out = (n: string) => join(t.dir, `refused-${n}`);
    let r = await code(out('missing'), shardDir(0), shardDir(2));
    expect(r.err).toMatch(/SHARD_MISSING.*shard 1 of 3 missing/);
    expect(r.code).toBe(ExitCode.USAGE);
    r = await code(out('twice'), shardDir(0), shardDir(1), shardDir(2), shardDir(1));
    expect(r.err).toMatch(/SHARD_DUPLICATE.*same shard folder/);
    const copy = join(t.dir, 'shard-1-copy');
    cpSync(shardDir(1), copy, { recursive: true });
    r = await code(out('copy'), shardDir(0), shardDir(1), shardDir(2), copy);
    expect(r.err).toMatch(/SHARD_DUPLICATE.*both shard 1\/3/);
    // a shard folder whose record claims another shard's studies
    const forged = join(t.dir, 'shard-forged');
    cpSync(shardDir(0), forged, { recursive: true });
    const f = JSON.parse(readFileSync(join(forged, '.state/shard.json'), 'utf8')) as { shard: { k: number } };
    f.shard.k = 1;
    writeFileSync(join(forged, '.state/shard.json'), JSON.stringify(f));
    r = await code(out('forged'), shardDir(0), forged, shardDir(2));
    expect(r.err).toMatch(/SHARD_DUPLICATE.*in two shards/);
    // a plain batch folder is no shard
    r = await code(out('plain'), join(t.dir, 'plain'), shardDir(0));
    expect(r.err).toMatch(/SHARD_MISMATCH.*argument 2 is not the output folder/);
    // another option (--age), really run
    const other = join(t.dir, 'shard-1-age');
    await run('batch', inDir, '--out', other, '--shard', `1/${N}`, '--workers', '2', '--no-progress', '--html', '--age', '40');
    r = await code(out('age'), shardDir(0), other, shardDir(2));
    expect(r.err).toMatch(/SHARD_MISMATCH.*other options.*--age/);
    // other inputs (one more study)
    const inputs = join(t.dir, 'shard-1-inputs');
    cpSync(shardDir(1), inputs, { recursive: true });
    const g = JSON.parse(readFileSync(join(inputs, '.state/shard.json'), 'utf8')) as { total: number };
    g.total += 1;
    writeFileSync(join(inputs, '.state/shard.json'), JSON.stringify(g));
    r = await code(out('inputs'), shardDir(0), inputs, shardDir(2));
    expect(r.err).toMatch(/SHARD_MISMATCH.*other inputs/);
    // other shard counts
    const four = join(t.dir, 'shard-four');
    cpSync(shardDir(1), four, { recursive: true });
    const h = JSON.parse(readFileSync(join(four, '.state/shard.json'), 'utf8')) as { shard: { n: number } };
    h.shard.n = 4;
    writeFileSync(join(four, '.state/shard.json'), JSON.stringify(h));
    r = await code(out('four'), shardDir(0), four);
    expect(r.err).toMatch(/SHARD_MISMATCH.*of 3 shards/);
    // OUT must be new or empty, and nothing was written by the refused merges
    mkdirSync(out('full'));
    writeFileSync(join(out('full'), 'x.txt'), 'x');
    r = await code(out('full'), shardDir(0), shardDir(1), shardDir(2));
    expect(r.err).toMatch(/USAGE.*empty or new/);
    for (const n of ['missing', 'twice', 'copy', 'forged', 'plain', 'age', 'inputs', 'four']) expect(() => readdirSync(out(n))).toThrow();
  }, 60_000);

  it('refuses one study pseudonym (same Study/Series UIDs) in two shards: a batch would have written it as <id>-2', async () => {
    const s = [0, 1].map((k) => join(t.dir, `pair-${k}`));
    for (const [k, d] of s.entries()) await run('batch', pairDir, '--out', d, '--shard', `${k}/2`, '--workers', '1', '--no-progress');
    const r = await run('merge', join(t.dir, 'pair-merged'), ...s);
    expect(r.err).toMatch(/SHARD_DUPLICATE.*same study pseudonym/);
    expect(r.code).toBe(ExitCode.USAGE);
  }, 60_000);
});
