/**
 * `spect-perfusion batch <dirs...> --out DIR`: analyse many studies on worker
 * threads. One bad study never stops the others (a crashing, hanging or
 * memory-hungry study becomes one failed study); each finished study is
 * recorded at once (atomic writes), so an interrupted run resumes where it
 * stopped instead of recomputing. Results are written in input order, so they
 * are identical on 1 or N workers. See docs/reliability.md, "Batches".
 */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { CliIo } from './io.js';
import { ANALYSIS_OPTIONS, analyzeOptionsFrom, loadResources, resourceArgsFrom } from './analyze-options.js';
import { figureArgs, numberArg, parse, usage } from './args.js';
import { readManifest } from './manifest.js';
import { checkOutputDir } from './out-check.js';
import { acquireBatchLock } from './batch-lock.js';
import { optionsFingerprint } from './batch-state.js';
import { parseShard } from './batch-shard.js';
import { runLocked, type BatchRun } from './batch-run.js';

export { discoverStudies } from './batch-discover.js';

export { BATCH_HELP } from './help.js';

export async function runBatch(args: readonly string[], io: CliIo): Promise<number> {
  const { b, values } = await readBatchArgs(args);
  // the output folder must be usable before anything is analysed
  await checkOutputDir(b.outDir);
  // the shared resources must load before any study is analysed (and each worker loads them again, once, the same way)
  await loadResources(b.resources);
  const fingerprint = await optionsFingerprint(values);
  // one batch at a time in this folder
  const release = await acquireBatchLock(b.outDir);
  try {
    return await runLocked({ ...b, fingerprint }, io);
  } finally {
    await release();
  }
}

/** The command line of `batch`, checked (usage errors, the manifest read); `values` for the options' fingerprint. */
async function readBatchArgs(args: readonly string[]) {
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
  const shard = values.shard !== undefined ? parseShard(values.shard, process.env) : null;
  const manifest = values.manifest !== undefined ? await readManifest(values.manifest, values['manifest-override'] === true) : null;
  if (manifest) {
    for (const c of ['age', 'tracer'] as const) {
      if (values[c] !== undefined && manifest.columns.includes(c)) throw usage(`give the ${c} either with --${c} or in the manifest's ${c} column, not both`);
    }
  }
  const b: Omit<BatchRun, 'fingerprint'> = {
    positionals, manifestPath: values.manifest, manifest, outDir, nWorkers, timeoutS, memoryMb, options, resources, figure,
    json: values.json === true, shard, force: values.force === true, redo: values.redo === true,
    noProgress: Boolean(values['no-progress']), mni: values.mni === true, html: values.html === true,
  };
  return { b, values };
}
