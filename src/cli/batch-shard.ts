/**
 * `batch --shard K/N`: a deterministic share of a batch's inputs, and the record
 * a shard leaves in its output folder (DIR/.state/shard.json) for `merge`.
 *
 * A study belongs to shard `sha256("shard\0" + key) mod N`, where the key is the
 * study's name relative to the batch root (the entry name inside a folder
 * argument, the file name of a file argument, or the manifest's path column
 * relative to the manifest's folder). It does not depend on the order the inputs
 * are listed in, nor on where the folders are mounted, so the same study lands in
 * the same shard on every machine. Labels (study-0001...) stay those of the whole
 * batch, so that the merged summary is the single-machine one.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../node/files.js';
import { usage } from './args.js';
import type { BatchJobResult } from './batch-types.js';

export interface Shard {
  readonly k: number;
  readonly n: number;
}

/** Environment variables `--shard auto/N` takes K from, in this order. */
export const SHARD_ENV = ['SLURM_ARRAY_TASK_ID', 'JOB_COMPLETION_INDEX'] as const;

const MAX_SHARDS = 100_000;

/** `K/N` (0 <= K < N) or `auto/N` (K from SLURM_ARRAY_TASK_ID, else JOB_COMPLETION_INDEX). */
export function parseShard(text: string, env: Readonly<Record<string, string | undefined>>): Shard {
  const m = /^(auto|\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw usage('--shard takes K/N (0 <= K < N) or auto/N');
  const n = Number(m[2]);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_SHARDS) throw usage(`--shard: N must be an integer from 1 to ${MAX_SHARDS}`);
  let kText = m[1]!;
  if (kText === 'auto') {
    const name = SHARD_ENV.find((v) => env[v] !== undefined && env[v] !== '');
    if (!name) throw usage(`--shard auto/N needs ${SHARD_ENV.join(' or ')} in the environment`);
    kText = env[name]!.trim();
    if (!/^\d+$/.test(kText)) throw usage(`--shard auto/N: ${name} is not a whole number`);
  }
  const k = Number(kText);
  if (!Number.isSafeInteger(k) || k >= n) throw usage(`--shard: K must be from 0 to N-1 (${n - 1})`);
  return { k, n };
}

/** The shard (0..n-1) of the study with this key. */
export function shardOf(key: string, n: number): number {
  const h = createHash('sha256').update('shard\0').update(key).digest();
  return h.readUInt32BE(0) % n;
}

/** A hash of the batch's ordered input keys: shards of one batch share it. */
export function inputsHash(keys: readonly string[]): string {
  const h = createHash('sha256');
  for (const k of keys) h.update(k).update('\0');
  return h.digest('hex').slice(0, 32);
}

/** One study of a shard, at its index in the whole batch. */
export interface ShardStudy {
  readonly index: number;
  readonly label: string;
  readonly result: BatchJobResult;
  readonly outputId: string | null;
  /** The summary's note (sources, OUTPUT_ID_COLLISION), '' when none. */
  readonly note: string;
  /** Its resume-state entry (DIR/.state/<stateKey>.json), when it was analysed. */
  readonly stateKey: string | null;
}

export interface ShardFile {
  readonly v: 1;
  readonly shard: Shard;
  /** Number of studies of the whole batch, and the hash of their keys. */
  readonly total: number;
  readonly inputs: string;
  /** The batch's option hashes (src/cli/batch-state.ts). */
  readonly options: Record<string, string>;
  readonly html: boolean;
  readonly studies: readonly ShardStudy[];
}

export const shardFilePath = (outDir: string) => join(outDir, '.state', 'shard.json');

export async function writeShardFile(outDir: string, f: ShardFile): Promise<void> {
  await writeFileAtomic(shardFilePath(outDir), JSON.stringify(f), { force: true, role: 'batch state' });
}

/** The shard record of a folder, or null when it has none (not a shard's output, or unreadable). */
export async function readShardFile(outDir: string): Promise<ShardFile | null> {
  const t = await readFile(shardFilePath(outDir), 'utf8').catch(() => null);
  if (t === null) return null;
  try {
    const j = JSON.parse(t) as ShardFile;
    const ok = j.v === 1 && Number.isSafeInteger(j.shard?.k) && Number.isSafeInteger(j.shard?.n) && Number.isSafeInteger(j.total)
      && typeof j.inputs === 'string' && typeof j.options === 'object' && j.options !== null && Array.isArray(j.studies);
    return ok ? j : null;
  } catch {
    return null;
  }
}
