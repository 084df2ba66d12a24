/**
 * `spect-perfusion batch <dirs...> --out DIR`: analyse many studies on worker
 * threads. One bad study never stops the others (a crashing, hanging or
 * memory-hungry study becomes one failed study); each finished study is
 * recorded at once (atomic writes), so an interrupted run resumes where it
 * stopped instead of recomputing. Results are written in input order, so they
 * are identical on 1 or N workers. See docs/reliability.md, "Batches".
 */
import { unlink } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CliIo } from './io.js';
import { Interrupted } from './io.js';
import { ANALYSIS_OPTIONS, analyzeOptionsFrom, loadResources, resourceArgsFrom } from './analyze-options.js';
import { figureArgs, numberArg, parse, usage } from './args.js';
import { Progress } from './progress.js';
import { ExitCode } from './exit-codes.js';
import type { BatchJob, BatchJobResult } from './batch-types.js';
import { readManifest, type ManifestValues } from './manifest.js';
import { checkOutputDir } from './out-check.js';
import { acquireBatchLock } from './batch-lock.js';
import { discoverStudies, type DiscoveredStudy } from './batch-discover.js';
import { runPool, type PoolOptions } from './batch-pool.js';
import { legacyOutputId, legacyStateKey, optionsFingerprint, writeStateEntry, type StateEntry } from './batch-state.js';
import { entriesForOptions, planResume } from './batch-resume.js';
import { OutputClaims, reportUnder, writeStudyOutputs } from './batch-outputs.js';
import { inputsHash, parseShard, shardFilePath, shardOf, writeShardFile, type ShardStudy } from './batch-shard.js';
import { writeBatchSummaries, type SummaryStudy } from './batch-summary.js';

export { discoverStudies } from './batch-discover.js';

export const BATCH_HELP = `Usage: spect-perfusion batch <dirs...> --out DIR [options]
       spect-perfusion batch --manifest studies.csv --out DIR [options]

Each argument is a folder of studies: every file in it (.dcm, .nii, .nii.gz, .h33,
or any other file, tried as DICOM) and every subfolder (a DICOM series, or one NIfTI
with its JSON sidecar) is one study. A NIfTI's sidecar (<stem>.json) is read with it.
Symbolic links are followed (a broken or looping one is a failed study); the --out
folder is never read as a study.
Writes DIR/<id>.json and DIR/<id>.png per study, DIR/summary.csv, DIR/summary.txt and
DIR/summary.jsonl (one line per study: its label, output id and report, or its error).
Two inputs with the same id (same Study/Series Instance UIDs) get <id> and <id>-2,
with an OUTPUT_ID_COLLISION issue; nothing is overwritten.
Finished studies are remembered in DIR/.state/; re-running skips them (--redo to recompute).
A re-run with other options (age, tracer, assume-*, attenuation-corrected, pseudonym key,
identifiers, mni, atlas, template, normals, colormap, orientation, html) is refused unless --force (or --redo): then every study is
re-analysed and the outputs of the old options are removed. One batch at a time may
use DIR (DIR/.lock; a lock left by a process that is gone is taken over).

A manifest (CSV, header row) lists the studies instead of folders: a path column
(relative to the manifest's folder) and optional age (years or 006M-style), tracer,
sex (M/F/O), id (names the study in the summary) and override (yes/no) columns. The
study's own age, tracer and sex win over the manifest's unless override says yes.

Options:
  --out DIR              output folder (required; checked before any analysis)
  --manifest FILE        the studies and their age/tracer/sex from a CSV file
  --manifest-override    the manifest's values win over the study's (default of the override column)
  --workers N            worker threads (default: the number of cores)
  --redo                 recompute studies already done
  --shard K/N            analyse only shard K (0..N-1) of the inputs (a share stable whatever order
                         they are listed in); auto/N takes K from SLURM_ARRAY_TASK_ID or
                         JOB_COMPLETION_INDEX. Join the shards' --out folders with \`merge\`
                         (docs/batch-clusters.md)
  --force                accept options that differ from the last run in DIR (re-analyse all)
  --study-timeout S      most seconds one study may take (default 300): then RESOURCE_LIMIT, the batch goes on
  --study-memory MB      memory bound of a study (default 2048): its worker's JS heap, and the batch's
                         resident memory per worker; above it RESOURCE_LIMIT, the batch goes on
  --json                 JSON Lines on stdout: one object per study as it is finished, in input
                         order, the shape of \`analyze --json\` with several inputs (the report, or
                         {"input", "error": {"code", "message"}}); the table then goes to stderr
  --no-progress          no progress (on a terminal a redrawn bar with elapsed time and time left;
                         otherwise one line per finished study on stderr)
  --mni, --html, --colormap, --orientation, --age, --tracer, --assume-age, --assume-tracer,
  --attenuation-corrected, --pseudonym-key, --include-identifiers, --atlas, --template,
  --normals              as for analyze (the same options, the same analysis); --html also writes
                         DIR/report.html, a sortable table of the batch
Ctrl-C stops the batch: the studies finished so far are kept, and running the same command
again resumes (exit code 130).
Exit code 10 when some studies failed (their errors are in the summary).
`;

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

export async function runBatch(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    ...ANALYSIS_OPTIONS,
    out: { type: 'string' }, workers: { type: 'string' }, redo: { type: 'boolean' }, force: { type: 'boolean' },
    'no-progress': { type: 'boolean' }, json: { type: 'boolean' }, manifest: { type: 'string' }, 'manifest-override': { type: 'boolean' },
    'study-timeout': { type: 'string' }, 'study-memory': { type: 'string' }, shard: { type: 'string' },
  });
  if (values.manifest === undefined && positionals.length === 0) throw usage('batch needs at least one folder or --manifest FILE');
  if (values.manifest !== undefined && positionals.length > 0) throw usage('batch takes either folders or --manifest FILE, not both');
  if (values['manifest-override'] && values.manifest === undefined) throw usage('--manifest-override needs --manifest FILE');
  if (!values.out) throw usage('batch needs --out DIR');
  const outDir = resolve(values.out);
  const nWorkers = numberArg(values.workers, 'workers', 1, 64) ?? Math.max(1, availableParallelism());
  const timeoutS = numberArg(values['study-timeout'], 'study-timeout', 1, 86_400) ?? 300;
  const memoryMb = numberArg(values['study-memory'], 'study-memory', 64, 65_536) ?? 2048;
  const options = analyzeOptionsFrom(values);
  const resources = resourceArgsFrom(values);
  const figure = figureArgs(values);
  const json = values.json === true;
  // with --json, stdout holds only JSON Lines
  const say = (t: string) => (json ? io.stderr(t) : io.stdout(t));
  const shard = values.shard !== undefined ? parseShard(values.shard, process.env) : null;
  const manifest = values.manifest !== undefined ? await readManifest(values.manifest, values['manifest-override'] === true) : null;
  if (manifest) {
    for (const c of ['age', 'tracer'] as const) {
      if (values[c] !== undefined && manifest.columns.includes(c)) throw usage(`give the ${c} either with --${c} or in the manifest's ${c} column, not both`);
    }
  }
  // the output folder must be usable before anything is analysed
  await checkOutputDir(outDir);
  // the shared resources must load before any study is analysed (and each worker loads them again, once, the same way)
  await loadResources(resources);
  const fingerprint = await optionsFingerprint(values);
  // one batch at a time in this folder
  const release = await acquireBatchLock(outDir);
  try {
    return await runLocked();
  } finally {
    await release();
  }

  async function runLocked(): Promise<number> {
    const manifestDir = values.manifest !== undefined ? dirname(resolve(values.manifest)) : '';
    const found: DiscoveredStudy[] = manifest
      ? manifest.rows.map((r) => ({ path: r.path, key: relative(manifestDir, r.path).split(sep).join('/') }))
      : (await discoverStudies(positionals, outDir)).studies;
    // --shard: this run's share of the inputs (labels and order stay those of the whole batch)
    const mine = found.map((f) => shard === null || shardOf(f.key, shard.n) === shard.k);
    const studies = found.map((f) => f.path);
    const rowValues = (i: number): ManifestValues | undefined => {
      const r = manifest?.rows[i];
      return r ? { row: r.row, ageYears: r.ageYears, tracer: r.tracer, sex: r.sex, override: r.override } : undefined;
    };
    const label = (i: number) => manifest?.rows[i]!.id ?? (options.includeIdentifiers ? studies[i]! : `study-${String(i + 1).padStart(4, '0')}`);

    // options of the last run in this folder, then what is resumed
    const entries = await entriesForOptions(outDir, fingerprint, values.force === true || values.redo === true, io);
    const { results, outputIds, notes, identities, keys, todo, skipped } = await planResume(found, mine, rowValues, fingerprint, entries, values.redo === true);
    const labelOf = new Map(identities.map((id, i) => [id, label(i)]));
    const share = studies.map((_, i) => i).filter((i) => mine[i]);
    const progress = values['no-progress'] ? null : new Progress(io, { total: todo.length, skipped, tty: io.stderrIsTTY === true });
    progress?.start();

    // --json: one line per study of this run's share, in input order, as soon as it and those before it are final
    const final = studies.map((_, i) => results[i] !== null);
    let nextOut = 0;
    const emit = () => {
      if (!json) return;
      while (nextOut < share.length && final[share[nextOut]!]) {
        const i = share[nextOut++]!;
        const r = results[i]!;
        io.stdout(JSON.stringify(r.ok ? r.report : { input: label(i), error: { code: r.code, message: r.message } }) + '\n');
      }
    };
    emit();

    // results are committed in input order (deterministic output ids whatever the number of workers)
    const claims = new OutputClaims(outDir, entries);
    // outputs of a batch made before state version 2 stay with their input
    for (const i of todo) {
      const legacy = await legacyStateKey(studies[i]!, rowValues(i)).then((k) => legacyOutputId(outDir, k), () => null);
      if (legacy) claims.adopt(legacy, identities[i]!);
    }
    const pending = new Map<number, BatchJobResult>();
    let nextCommit = 0;
    const commit = async (r: BatchJobResult) => {
      results[r.index] = r.ok ? { ...r, files: [] } : r;
      const i = r.index;
      if (!r.ok) { final[i] = true; return; }
      const { id, sharedWith } = await claims.claim(r.report.study.id, identities[i]!);
      const other = sharedWith === null ? null : sharedWith === 'unknown' ? null : (labelOf.get(sharedWith) ?? 'an input of an earlier run');
      const report = reportUnder(r.report, id, other);
      const written = await writeStudyOutputs(outDir, id, report, r.files ?? [], { input: studies[i]!, includeIdentifiers: options.includeIdentifiers });
      const result = { index: i, ok: true as const, report, ...(r.sources ? { sources: r.sources } : {}), written };
      results[i] = result;
      outputIds[i] = id;
      const collision = id === r.report.study.id ? null : (other ?? 'an earlier output in this folder');
      if (collision) notes[i] = `OUTPUT_ID_COLLISION: same study pseudonym as ${collision}, written as ${id}`;
      const entry: StateEntry = { v: 2, key: keys[i]!, input: identities[i]!, outputId: id, written, collision, result };
      await writeStateEntry(outDir, entry);
      final[i] = true;
    };
    const jobs: BatchJob[] = todo.map((i) => {
      const m = rowValues(i);
      return { index: i, path: studies[i]!, options, writeMni: values.mni === true, html: values.html === true, figure, ...(m ? { manifest: m } : {}) };
    });
    const pool = { workers: nWorkers, timeoutMs: timeoutS * 1000, maxHeapMb: memoryMb, workerUrl: workerUrl(), workerData: resources };
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

    const summary: (SummaryStudy & { index: number })[] = share.map((i) => {
      const r = results[i]!;
      return { index: i, label: label(i), result: r, outputId: outputIds[i] ?? null, note: [sourceNote(r), notes[i]].filter((x) => x).join(', ') };
    });
    const { table, htmlPath } = await writeBatchSummaries(outDir, summary, values.html === true);
    if (!shard) await unlink(shardFilePath(outDir)).catch(() => undefined); // a shard record left by an earlier --shard run is no longer true
    else {
      const recorded: ShardStudy[] = summary.map((x) => ({ ...x, stateKey: x.result.ok ? keys[x.index] ?? null : null }));
      await writeShardFile(outDir, { v: 1, shard, total: studies.length, inputs: inputsHash(found.map((f) => f.key)), options: fingerprint, html: values.html === true, studies: recorded });
    }
    say(table);
    if (htmlPath) say(`Report: ${htmlPath}\n`);
    const nFailed = results.filter((r) => r && !r.ok).length;
    const of = shard ? ` (shard ${shard.k}/${shard.n} of ${studies.length})` : '';
    say(`\n${share.length} studies${of}: ${share.length - nFailed} analysed (${skipped} from a previous run), ${nFailed} failed. Summary: ${join(outDir, 'summary.csv')}\n`);
    return nFailed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
  }
}

/** Run the pool; Ctrl-C (SIGINT) stops the workers, ends the progress line and says how to resume, then rejects with Interrupted (exit 130). */
async function runInterruptible(
  jobs: readonly BatchJob[], pool: Omit<PoolOptions, 'signal'>, progress: Progress | null, io: CliIo, onResult: (r: BatchJobResult) => Promise<void>,
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
