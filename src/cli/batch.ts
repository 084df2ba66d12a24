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
