/**
 * `spect-perfusion batch <dirs...> --out DIR`: analyse many studies on worker
 * threads. One bad study never stops the others; each finished study is
 * recorded at once (atomic writes), so an interrupted run resumes where it
 * stopped instead of recomputing. Results are identical on 1 or N workers.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { hmacSha256, toHex, utf8 } from '../report/sha256.js';
import { csvErrorRow, csvHeader, csvRow } from '../report/csv.js';
import type { AnalysisReport } from '../report/json.js';
import { writeFileAtomic } from '../node/files.js';
import { analyzeOptionsFrom } from './commands.js';
import type { CliIo } from './commands.js';
import { numberArg, parse, usage } from './args.js';
import { ExitCode } from './exit-codes.js';
import { formatSummaryTable, summaryRow } from './summary.js';
import type { BatchJob, BatchJobResult } from './batch-types.js';
import { studyInputs } from './analyze-one.js';
import { readManifest, type ManifestValues } from './manifest.js';
import { isNiftiPath, sidecarPathFor } from '../node/load.js';

export const BATCH_HELP = `Usage: spect-perfusion batch <dirs...> --out DIR [options]
       spect-perfusion batch --manifest studies.csv --out DIR [options]

Each argument is a folder of studies: every file in it (.dcm, .nii, .nii.gz, .h33,
or any other file, tried as DICOM) and every subfolder (a DICOM series, or one NIfTI
with its JSON sidecar) is one study. A NIfTI's sidecar (<stem>.json) is read with it.
Writes DIR/<id>.json and DIR/<id>.png per study, DIR/summary.csv and DIR/summary.txt.
Finished studies are remembered in DIR/.state/; re-running skips them (--redo to recompute).

A manifest (CSV, header row) lists the studies instead of folders: a path column
(relative to the manifest's folder) and optional age (years or 006M-style), tracer,
sex (M/F/O), id (names the study in the summary) and override (yes/no) columns. The
study's own age, tracer and sex win over the manifest's unless override says yes.

Options:
  --out DIR              output folder (required)
  --manifest FILE        the studies and their age/tracer/sex from a CSV file
  --manifest-override    the manifest's values win over the study's (default of the override column)
  --workers N            worker threads (default: the number of cores)
  --redo                 recompute studies already done
  --mni                  also write each study in MNI space
  --no-progress          no progress bar
  --age, --tracer, --assume-age, --assume-tracer, --pseudonym-key, --include-identifiers  as for analyze
Exit code 10 when some studies failed (their errors are in the summary).
`;

const STUDY_EXT = /\.(dcm|dicom|ima|nii|nii\.gz|h33|hv)$/i;

/**
 * The studies inside the given folders, sorted (deterministic order). A `.json`
 * argument that is the sidecar of a NIfTI argument is not a study of its own.
 */
export async function discoverStudies(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of studyInputs(args)) {
    const s = await stat(d).catch(() => null);
    if (!s) throw usage(`${d} does not exist`);
    if (!s.isDirectory()) { out.push(resolve(d)); continue; }
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) out.push(resolve(d, e.name));
      else if (e.isFile() && (STUDY_EXT.test(e.name) || !/\.(json|txt|csv|md|png|raw|i33|img|xml|tsv|lut)$/i.test(e.name))) out.push(resolve(d, e.name));
    }
  }
  return out;
}

/**
 * The resume key of a study: its path, size and time, and (when present) its
 * sidecar's size and time and its manifest values, so that editing either recomputes.
 */
async function stateKey(path: string, manifest: ManifestValues | undefined): Promise<string> {
  const s = await stat(path);
  let text = `${path}\0${s.size}\0${s.mtimeMs}`;
  if (isNiftiPath(path)) {
    const j = await stat(sidecarPathFor(path)).catch(() => null);
    if (j) text += `\0sidecar\0${j.size}\0${j.mtimeMs}`;
  }
  if (manifest) text += `\0manifest\0${manifest.ageYears}\0${manifest.tracer}\0${manifest.sex}\0${manifest.override}`;
  return toHex(hmacSha256(utf8('spect-perfusion-batch'), utf8(text))).slice(0, 24);
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

export async function runBatch(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' }, workers: { type: 'string' }, redo: { type: 'boolean' }, mni: { type: 'boolean' },
    'no-progress': { type: 'boolean' }, age: { type: 'string' }, tracer: { type: 'string' },
    'assume-age': { type: 'string' }, 'assume-tracer': { type: 'string' }, 'pseudonym-key': { type: 'string' },
    'include-identifiers': { type: 'boolean' }, manifest: { type: 'string' }, 'manifest-override': { type: 'boolean' },
  });
  if (values.manifest === undefined && positionals.length === 0) throw usage('batch needs at least one folder or --manifest FILE');
  if (values.manifest !== undefined && positionals.length > 0) throw usage('batch takes either folders or --manifest FILE, not both');
  if (values['manifest-override'] && values.manifest === undefined) throw usage('--manifest-override needs --manifest FILE');
  if (!values.out) throw usage('batch needs --out DIR');
  const outDir = resolve(values.out);
  const nWorkers = numberArg(values.workers, 'workers', 1, 64) ?? Math.max(1, availableParallelism());
  const options = analyzeOptionsFrom(values);
  const manifest = values.manifest !== undefined ? await readManifest(values.manifest, values['manifest-override'] === true) : null;
  if (manifest) {
    for (const c of ['age', 'tracer'] as const) {
      if (values[c] !== undefined && manifest.columns.includes(c)) throw usage(`give the ${c} either with --${c} or in the manifest's ${c} column, not both`);
    }
  }
  const studies = manifest ? manifest.rows.map((r) => r.path) : await discoverStudies(positionals);
  const rowValues = (i: number): ManifestValues | undefined => {
    const r = manifest?.rows[i];
    return r ? { row: r.row, ageYears: r.ageYears, tracer: r.tracer, sex: r.sex, override: r.override } : undefined;
  };
  const label = (i: number) => manifest?.rows[i]!.id ?? (options.includeIdentifiers ? studies[i]! : `study-${String(i + 1).padStart(4, '0')}`);

  // resume: studies already done
  const results: (BatchJobResult | null)[] = studies.map(() => null);
  const keys = await Promise.all(studies.map((p, i) => stateKey(p, rowValues(i))));
  const todo: number[] = [];
  for (let i = 0; i < studies.length; i++) {
    const statePath = join(outDir, '.state', `${keys[i]}.json`);
    const prev = values.redo ? null : await readFile(statePath, 'utf8').then((t) => JSON.parse(t) as BatchJobResult, () => null);
    if (prev && prev.ok) results[i] = { ...prev, index: i };
    else todo.push(i);
  }
  const skipped = studies.length - todo.length;
  const progress = !values['no-progress'];
  let done = 0, failed = 0;
  const draw = () => {
    if (!progress) return;
    const n = todo.length || 1;
    const w = 30, f = Math.round((done / n) * w);
    io.stderr(`\r[${'#'.repeat(f)}${'.'.repeat(w - f)}] ${done}/${todo.length}${failed ? ` (${failed} failed)` : ''}${skipped ? ` (${skipped} already done)` : ''}`);
  };
  draw();

  const workers = Array.from({ length: Math.min(nWorkers, Math.max(1, todo.length)) }, () => new Worker(workerUrl()));
  try {
    let next = 0;
    await Promise.all(workers.map((w) => new Promise<void>((resolveW, rejectW) => {
      const send = () => {
        if (next >= todo.length) { resolveW(); return; }
        const i = todo[next++]!;
        const m = rowValues(i);
        const job: BatchJob = { index: i, path: studies[i]!, options, outDir, writeMni: values.mni === true, ...(m ? { manifest: m } : {}) };
        w.postMessage(job);
      };
      w.on('message', async (r: BatchJobResult) => {
        results[r.index] = r;
        done++;
        if (!r.ok) failed++;
        else await writeFileAtomic(join(outDir, '.state', `${keys[r.index]}.json`), JSON.stringify(r), { force: true });
        draw();
        send();
      });
      w.on('error', rejectW);
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    if (progress) io.stderr('\n');
  }

  let csv = csvHeader();
  const rows = [];
  for (let i = 0; i < studies.length; i++) {
    const r = results[i]!;
    if (r.ok) {
      csv += csvRow(label(i), r.report as AnalysisReport);
      const row = summaryRow(label(i), r.report as AnalysisReport);
      const note = sourceNote(r);
      rows.push(note ? { ...row, flags: row.flags ? `${row.flags}; ${note}` : note } : row);
    }
    else {
      csv += csvErrorRow(label(i), r.code);
      rows.push({ study: label(i), age: '-', tracer: '-', ratio: '-', reference: '-', z: '-', label: 'error', flags: `${r.code}: ${r.message}` });
    }
  }
  const table = formatSummaryTable(rows);
  await writeFileAtomic(join(outDir, 'summary.csv'), csv, { force: true });
  await writeFileAtomic(join(outDir, 'summary.txt'), table, { force: true });
  io.stdout(table);
  const nFailed = results.filter((r) => r && !r.ok).length;
  io.stdout(`\n${studies.length} studies: ${studies.length - nFailed} analysed (${skipped} from a previous run), ${nFailed} failed. Summary: ${join(outDir, 'summary.csv')}\n`);
  return nFailed > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}
