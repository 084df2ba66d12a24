/**
 * The locked part of `batch` (batch.ts): list the studies, plan what is resumed, run the pool, commit each
 * result in input order (output ids, files, resume state), stream --json lines, then write the summaries
 * (and the shard record of a --shard run). Split out of runBatch; the behaviour is that of batch.ts.
 */
import { unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CliIo } from './io.js';
import { Interrupted } from './io.js';
import type { analyzeOptionsFrom, ResourceArgs } from './analyze-options.js';
import type { figureArgs } from './args.js';
import { Progress } from './progress.js';
import { ExitCode } from './exit-codes.js';
import type { BatchJob, BatchJobResult } from './batch-types.js';
import type { Manifest, ManifestValues } from './manifest.js';
import { discoverStudies, type DiscoveredStudy } from './batch-discover.js';
import { runPool, type PoolOptions } from './batch-pool.js';
import { legacyOutputId, legacyStateKey, writeStateEntry, type StateEntry } from './batch-state.js';
import { entriesForOptions, planResume, type ResumePlan } from './batch-resume.js';
import { OutputClaims, reportUnder, writeStudyOutputs } from './batch-outputs.js';
import { inputsHash, shardFilePath, shardOf, writeShardFile, type Shard, type ShardStudy } from './batch-shard.js';
import { writeBatchSummaries, type SummaryStudy } from './batch-summary.js';

/** What runBatch read from the command line and checked before taking the lock. */
export interface BatchRun {
  readonly positionals: readonly string[];
  readonly manifestPath: string | undefined;
  readonly manifest: Manifest | null;
  readonly outDir: string;
  readonly nWorkers: number;
  readonly timeoutS: number;
  readonly memoryMb: number;
  readonly options: ReturnType<typeof analyzeOptionsFrom>;
  readonly resources: ResourceArgs;
  readonly figure: ReturnType<typeof figureArgs>;
  readonly json: boolean;
  readonly shard: Shard | null;
  readonly fingerprint: Record<string, string>;
  readonly force: boolean;
  readonly redo: boolean;
  readonly noProgress: boolean;
  readonly mni: boolean;
  readonly html: boolean;
}

/** The inputs of the batch, this run's share of them, and how each is named. */
interface Inputs {
  readonly found: readonly DiscoveredStudy[];
  readonly mine: readonly boolean[];
  readonly studies: readonly string[];
  readonly rowValues: (i: number) => ManifestValues | undefined;
  readonly label: (i: number) => string;
}

/** Summary notes on values that came from a manifest or a sidecar. */
function sourceNote(r: BatchJobResult): string {
  if (!r.ok || !r.sources) return '';
  const parts = (['age', 'tracer', 'sex'] as const)
    .filter((k) => r.sources![k] === 'manifest' || r.sources![k] === 'sidecar')
    .map((k) => `${k} from ${r.sources![k]}`);
  return parts.join(', ');
}

function workerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith('.ts') ? './batch-worker-dev.mjs' : './batch-worker.js', self);
}

export async function runLocked(b: BatchRun, io: CliIo): Promise<number> {
  const inputs = await listInputs(b);
  const { found, mine, studies, rowValues, label } = inputs;
  // options of the last run in this folder, then what is resumed
  const entries = await entriesForOptions(b.outDir, b.fingerprint, b.force || b.redo, io);
  const plan = await planResume(found, mine, rowValues, b.fingerprint, entries, b.redo);
  const { results, todo, skipped } = plan;
  const share = studies.map((_, i) => i).filter((i) => mine[i]);
  const progress = b.noProgress ? null : new Progress(io, { total: todo.length, skipped, tty: io.stderrIsTTY === true });
  progress?.start();

  // --json: one line per study of this run's share, in input order, as soon as it and those before it are final
  const final = studies.map((_, i) => results[i] !== null);
  const emit = jsonLines(b.json, share, final, results, label, io);
  emit();

  // results are committed in input order (deterministic output ids whatever the number of workers)
  const claims = new OutputClaims(b.outDir, entries);
  await adoptLegacyOutputs(b.outDir, claims, plan, inputs);
  const commit = committer(b, claims, plan, inputs, final);
  const pending = new Map<number, BatchJobResult>();
  let nextCommit = 0;
  const jobs: BatchJob[] = todo.map((i) => {
    const m = rowValues(i);
    return {
      index: i,
      path: studies[i]!,
      options: b.options,
      writeMni: b.mni,
      html: b.html,
      figure: b.figure,
      ...(m ? { manifest: m } : {}),
    };
  });
  const pool = {
    workers: b.nWorkers,
    timeoutMs: b.timeoutS * 1000,
    maxHeapMb: b.memoryMb,
    workerUrl: workerUrl(),
    workerData: b.resources,
  };
  await runInterruptible(jobs, pool, progress, io, async (r) => {
    progress?.step(label(r.index), r.ok, r.ok ? 'ok' : `error ${r.code}`);
    pending.set(r.index, r);
    while (nextCommit < todo.length && pending.has(todo[nextCommit]!)) {
      const idx = todo[nextCommit++]!;
      const x = pending.get(idx)!;
      pending.delete(idx);
      await commit(x);
      emit();
    }
  });
  return finishBatch(b, plan, inputs, share, io);
}

async function listInputs(b: BatchRun): Promise<Inputs> {
  const manifest = b.manifest;
  const manifestDir = b.manifestPath !== undefined ? dirname(resolve(b.manifestPath)) : '';
  const found: DiscoveredStudy[] = manifest
    ? manifest.rows.map((r) => ({ path: r.path, key: relative(manifestDir, r.path).split(sep).join('/') }))
    : (await discoverStudies(b.positionals, b.outDir)).studies;
  // --shard: this run's share of the inputs (labels and order stay those of the whole batch)
  const shard = b.shard;
  const mine = found.map((f) => shard === null || shardOf(f.key, shard.n) === shard.k);
  const studies = found.map((f) => f.path);
  const rowValues = (i: number): ManifestValues | undefined => {
    const r = manifest?.rows[i];
    return r ? { row: r.row, ageYears: r.ageYears, tracer: r.tracer, sex: r.sex, override: r.override } : undefined;
  };
  const label = (i: number) =>
    manifest?.rows[i]!.id ?? (b.options.includeIdentifiers ? studies[i]! : `study-${String(i + 1).padStart(4, '0')}`);
  return { found, mine, studies, rowValues, label };
}

/** --json: prints the lines of the share's studies that are final, in input order, from where it stopped. */
function jsonLines(
  json: boolean,
  share: readonly number[],
  final: readonly boolean[],
  results: ResumePlan['results'],
  label: (i: number) => string,
  io: CliIo,
): () => void {
  let nextOut = 0;
  return () => {
    if (!json) return;
    while (nextOut < share.length && final[share[nextOut]!]) {
      const i = share[nextOut++]!;
      const r = results[i]!;
      io.stdout(JSON.stringify(r.ok ? r.report : { input: label(i), error: { code: r.code, message: r.message } }) + '\n');
    }
  };
}

/** Outputs of a batch made before state version 2 stay with their input. */
async function adoptLegacyOutputs(outDir: string, claims: OutputClaims, plan: ResumePlan, inputs: Inputs): Promise<void> {
  for (const i of plan.todo) {
    const legacy = await legacyStateKey(inputs.studies[i]!, inputs.rowValues(i)).then(
      (k) => legacyOutputId(outDir, k),
      () => null,
    );
    if (legacy) claims.adopt(legacy, plan.identities[i]!);
  }
}

/** Commits one result: its output id, its files and its resume state (called in input order). */
function committer(
  b: BatchRun,
  claims: OutputClaims,
  plan: ResumePlan,
  inputs: Inputs,
  final: boolean[],
): (r: BatchJobResult) => Promise<void> {
  const { results, outputIds, notes, identities, keys } = plan;
  const labelOf = new Map(identities.map((id, i) => [id, inputs.label(i)]));
  return async (r: BatchJobResult) => {
    results[r.index] = r.ok ? { ...r, files: [] } : r;
    const i = r.index;
    if (!r.ok) {
      final[i] = true;
      return;
    }
    const { id, sharedWith } = await claims.claim(r.report.study.id, identities[i]!);
    const other = sharedWith === null ? null : sharedWith === 'unknown' ? null : (labelOf.get(sharedWith) ?? 'an input of an earlier run');
    const report = reportUnder(r.report, id, other);
    const written = await writeStudyOutputs(b.outDir, id, report, r.files ?? [], {
      input: inputs.studies[i]!,
      includeIdentifiers: b.options.includeIdentifiers,
    });
    const result = { index: i, ok: true as const, report, ...(r.sources ? { sources: r.sources } : {}), written };
    results[i] = result;
    outputIds[i] = id;
    const collision = id === r.report.study.id ? null : (other ?? 'an earlier output in this folder');
    if (collision) notes[i] = `OUTPUT_ID_COLLISION: same study pseudonym as ${collision}, written as ${id}`;
    const entry: StateEntry = { v: 2, key: keys[i]!, input: identities[i]!, outputId: id, written, collision, result };
    await writeStateEntry(b.outDir, entry);
    final[i] = true;
  };
}

/** The summaries, the shard record (or the removal of a stale one), the table and the exit code. */
async function finishBatch(b: BatchRun, plan: ResumePlan, inputs: Inputs, share: readonly number[], io: CliIo): Promise<number> {
  const { results, outputIds, notes, keys, skipped } = plan;
  const { studies, label } = inputs;
  const shard = b.shard;
  // with --json, stdout holds only JSON Lines
  const say = (t: string) => (b.json ? io.stderr(t) : io.stdout(t));
  const summary: (SummaryStudy & { index: number })[] = share.map((i) => {
    const r = results[i]!;
    return {
      index: i,
      label: label(i),
      result: r,
      outputId: outputIds[i] ?? null,
      note: [sourceNote(r), notes[i]].filter((x) => x).join(', '),
    };
  });
  const { table, htmlPath } = await writeBatchSummaries(b.outDir, summary, b.html);
  if (!shard)
    await unlink(shardFilePath(b.outDir)).catch(() => undefined); // a shard record left by an earlier --shard run is no longer true
  else {
    const recorded: ShardStudy[] = summary.map((x) => ({ ...x, stateKey: x.result.ok ? (keys[x.index] ?? null) : null }));
    await writeShardFile(b.outDir, {
      v: 1,
      shard,
      total: studies.length,
      inputs: inputsHash(inputs.found.map((f) => f.key)),
      options: b.fingerprint,
      html: b.html,
      studies: recorded,
    });
  }
  say(table);
  if (htmlPath) say(`Report: ${htmlPath}\n`);
  const nFailed = results.filter((r) => r && !r.ok).length;
  const of = shard ? ` (shard ${shard.k}/${shard.n} of ${studies.length})` : '';
  say(
    `\n${share.length} studies${of}: ${share.length - nFailed} analysed (${skipped} from a previous run), ${nFailed} failed. Summary: ${join(b.outDir, 'summary.csv')}\n`,
  );
  return nFailed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}

/** Run the pool; Ctrl-C (SIGINT) stops the workers, ends the progress line and says how to resume, then rejects with Interrupted (exit 130). */
async function runInterruptible(
  jobs: readonly BatchJob[],
  pool: Omit<PoolOptions, 'signal'>,
  progress: Progress | null,
  io: CliIo,
  onResult: (r: BatchJobResult) => Promise<void>,
): Promise<void> {
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    await runPool(jobs, { ...pool, signal: interrupt.signal }, onResult);
  } catch (e) {
    if (e instanceof Interrupted) {
      const hint = 'the finished studies are recorded in the output folder; run the same command again to resume (they are not recomputed)';
      if (progress) progress.interrupt(hint);
      else io.stderr(`interrupted: ${hint}\n`);
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    progress?.finish();
  }
}
