/**
 * `spect-perfusion merge OUT SHARD_DIR...`: join the output folders of
 * `batch --shard K/N` runs into one folder whose summary files (summary.csv,
 * summary.txt, summary.jsonl, report.html) are byte for byte those of a single `batch` over
 * the same inputs: the same rows in the same (whole-batch) order, the same
 * labels. Each study's files are copied as they are. Shards made with other
 * options or over other inputs, a shard given twice, a study (or output id) in
 * two shards, and missing shards are refused with SHARD_* errors before
 * anything is written. See docs/batch-clusters.md.
 */
import { copyFile, mkdir, readdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ErrorCode, SpectError } from '../errors.js';
import { ioError } from '../node/files.js';
import type { CliIo } from './io.js';
import { parse, usage } from './args.js';
import { ExitCode } from './exit-codes.js';
import { changedOptions, writeRecordedOptions } from './batch-state.js';
import { readShardFile, type ShardFile, type ShardStudy } from './batch-shard.js';
import { writeBatchSummaries } from './batch-summary.js';
import { checkOutputDir } from './out-check.js';
import { acquireBatchLock } from './batch-lock.js';

export { MERGE_HELP } from './help.js';

const NAME = /^[A-Za-z0-9._-]+$/;

interface Shard {
  readonly dir: string;
  readonly f: ShardFile;
}
type Placed = { s: ShardStudy; dir: string } | null;

export async function runMerge(args: readonly string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length < 2) throw usage('merge needs OUT and at least one shard folder');
  const outDir = resolve(positionals[0]!);
  const dirs = positionals.slice(1).map((d) => resolve(d));
  const { shards, reals } = await readShards(dirs);
  const first = shards[0]!.f;
  checkShardsAgree(shards);
  const n = first.shard.n;
  const at = placeStudies(shards, first.total, n);

  await checkMergeOut(outDir, reals);
  const release = await acquireBatchLock(outDir);
  try {
    await copyShardOutputs(outDir, at);
    await writeRecordedOptions(outDir, first.options);
    const studies = at.map((x) => x!.s);
    const { table, htmlPath } = await writeBatchSummaries(outDir, studies, first.html);
    io.stdout(table);
    if (htmlPath) io.stdout(`Report: ${htmlPath}\n`);
    const nFailed = studies.filter((s) => !s.result.ok).length;
    io.stdout(`\n${studies.length} studies from ${n} shard${n > 1 ? 's' : ''}: ${studies.length - nFailed} analysed, ${nFailed} failed. Summary: ${join(outDir, 'summary.csv')}\n`);
    return nFailed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  } finally {
    await release();
  }
}

/** Each argument's shard record; the same folder given twice is refused. `reals` maps each real path to its argument number. */
async function readShards(dirs: readonly string[]): Promise<{ shards: Shard[]; reals: Map<string, number> }> {
  const shards: Shard[] = [];
  const reals = new Map<string, number>();
  for (const [i, d] of dirs.entries()) {
    const f = await readShardFile(d);
    if (!f) throw new SpectError(ErrorCode.SHARD_MISMATCH, `argument ${i + 2} is not the output folder of a \`batch --shard\` run (no readable .state/shard.json)`);
    const real = await realpath(d).catch(() => d);
    const seen = reals.get(real);
    if (seen !== undefined) throw new SpectError(ErrorCode.SHARD_DUPLICATE, `arguments ${seen} and ${i + 2} are the same shard folder`);
    reals.set(real, i + 2);
    shards.push({ dir: d, f });
  }
  return { shards, reals };
}

/** The shards are of one batch (same shard count, inputs and options), each shard once, none missing. */
function checkShardsAgree(shards: readonly Shard[]): void {
  const first = shards[0]!.f;
  const byK = new Map<number, number>();
  for (const [i, { f }] of shards.entries()) {
    const arg = i + 2;
    if (f.shard.n !== first.shard.n) throw new SpectError(ErrorCode.SHARD_MISMATCH, `argument ${arg} is shard ${f.shard.k}/${f.shard.n}, argument 2 is of ${first.shard.n} shards`);
    if (f.total !== first.total || f.inputs !== first.inputs) {
      throw new SpectError(ErrorCode.SHARD_MISMATCH, `argument ${arg} was made over other inputs than argument 2 (${f.total} vs ${first.total} studies, or other names or order)`);
    }
    const changed = changedOptions(first.options, f.options).concat(changedOptions(f.options, first.options)).filter((x, j, a) => a.indexOf(x) === j);
    if (changed.length > 0 || f.html !== first.html) {
      throw new SpectError(ErrorCode.SHARD_MISMATCH, `argument ${arg} was made with other options than argument 2 (${changed.length > 0 ? changed.join(', ') : '--html'})`);
    }
    const prev = byK.get(f.shard.k);
    if (prev !== undefined) throw new SpectError(ErrorCode.SHARD_DUPLICATE, `arguments ${prev} and ${arg} are both shard ${f.shard.k}/${f.shard.n}`);
    byK.set(f.shard.k, arg);
  }
  const n = first.shard.n;
  const missing = Array.from({ length: n }, (_, k) => k).filter((k) => !byK.has(k));
  if (missing.length > 0) {
    const list = missing.length > 10 ? `${missing.slice(0, 10).join(', ')}... (${missing.length})` : missing.join(', ');
    throw new SpectError(ErrorCode.SHARD_MISSING, `shard${missing.length > 1 ? 's' : ''} ${list} of ${n} missing`);
  }
}

/** Every study of the batch in exactly one shard, every output id written by one study: the studies in batch order. */
function placeStudies(shards: readonly Shard[], total: number, n: number): Placed[] {
  const at: Placed[] = Array.from({ length: total }, () => null);
  const ids = new Map<string, string>();
  for (const { dir, f } of shards) {
    for (const s of f.studies) {
      if (!Number.isSafeInteger(s.index) || s.index < 0 || s.index >= total) {
        throw new SpectError(ErrorCode.SHARD_MISMATCH, `shard ${f.shard.k}/${n} records a study outside the batch`);
      }
      if (at[s.index]) throw new SpectError(ErrorCode.SHARD_DUPLICATE, `${s.label} is in two shards`);
      if (s.result.ok) {
        const id = s.outputId ?? '';
        if (!NAME.test(id) || id.startsWith('.')) throw new SpectError(ErrorCode.SHARD_MISMATCH, `shard ${f.shard.k}/${n}: ${s.label} has no valid output id`);
        const other = ids.get(id);
        if (other !== undefined) {
          throw new SpectError(ErrorCode.SHARD_DUPLICATE, `${other} and ${s.label} (in different shards) have the same study pseudonym (same Study/Series Instance UIDs): analyse them in one batch, where the second is written as <id>-2`);
        }
        ids.set(id, s.label);
      }
      at[s.index] = { s, dir };
    }
  }
  const absent = at.flatMap((x, i) => (x ? [] : [i + 1]));
  if (absent.length > 0) throw new SpectError(ErrorCode.SHARD_MISSING, `${absent.length} of the batch's ${total} studies are in no shard (first: input ${absent[0]}); re-run their shard`);
  return at;
}

/** OUT: new or empty, never one of the shards. */
async function checkMergeOut(outDir: string, reals: ReadonlyMap<string, number>): Promise<void> {
  if (reals.has(await realpath(outDir).catch(() => outDir))) throw usage('merge: OUT must not be one of the shard folders');
  await checkOutputDir(outDir);
  const existing = (await readdir(outDir).catch((e: unknown) => Promise.reject(ioError('cannot read the output folder', e)))).filter((x) => x !== '.lock');
  if (existing.length > 0) throw usage('merge: OUT must be empty or new (it holds files)');
}

/** Each analysed study's files and its resume state, copied from its shard. */
async function copyShardOutputs(outDir: string, at: readonly Placed[]): Promise<void> {
  await mkdir(join(outDir, '.state'), { recursive: true }).catch((e: unknown) => Promise.reject(ioError('cannot create the output folder\'s state', e)));
  for (const x of at) {
    const { s, dir } = x!;
    if (!s.result.ok) continue;
    for (const name of s.result.written ?? []) {
      if (!NAME.test(name) || name.startsWith('.')) continue;
      await copyFile(join(dir, name), join(outDir, name)).catch((e: unknown) => Promise.reject(ioError(`cannot copy a file of ${s.label}`, e)));
    }
    // its resume state, so that a later \`batch --out OUT\` on this machine skips it
    if (s.stateKey && /^[0-9a-f]{24}$/.test(s.stateKey)) await copyFile(join(dir, '.state', `${s.stateKey}.json`), join(outDir, '.state', `${s.stateKey}.json`)).catch(() => undefined);
  }
}
