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

export const BATCH_HELP = `Usage: spect-perfusion batch <dirs...> --out DIR [options]

Each argument is a folder of studies: every file in it (.dcm, .nii, .nii.gz, .h33,
or any other file, tried as DICOM) and every subfolder (a DICOM series) is one study.
Writes DIR/<id>.json and DIR/<id>.png per study, DIR/summary.csv and DIR/summary.txt.
Finished studies are remembered in DIR/.state/; re-running skips them (--redo to recompute).

Options:
  --out DIR              output folder (required)
  --workers N            worker threads (default: the number of cores)
  --redo                 recompute studies already done
  --mni                  also write each study in MNI space
  --no-progress          no progress bar
  --age, --tracer, --assume-age, --assume-tracer, --pseudonym-key, --include-identifiers  as for analyze
Exit code 10 when some studies failed (their errors are in the summary).
`;

const STUDY_EXT = /\.(dcm|dicom|ima|nii|nii\.gz|h33|hv)$/i;

/** The studies inside the given folders, sorted (deterministic order). */
export async function discoverStudies(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs) {
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

async function stateKey(path: string): Promise<string> {
  const s = await stat(path);
  return toHex(hmacSha256(utf8('spect-perfusion-batch'), utf8(`${path}\0${s.size}\0${s.mtimeMs}`))).slice(0, 24);
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
    'include-identifiers': { type: 'boolean' },
  });
  if (positionals.length === 0) throw usage('batch needs at least one folder');
  if (!values.out) throw usage('batch needs --out DIR');
  const outDir = resolve(values.out);
  const nWorkers = numberArg(values.workers, 'workers', 1, 64) ?? Math.max(1, availableParallelism());
  const options = analyzeOptionsFrom(values);
  const studies = await discoverStudies(positionals);
  const label = (i: number) => (options.includeIdentifiers ? studies[i]! : `study-${String(i + 1).padStart(4, '0')}`);

  // resume: studies already done
  const results: (BatchJobResult | null)[] = studies.map(() => null);
  const keys = await Promise.all(studies.map(stateKey));
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
        const job: BatchJob = { index: i, path: studies[i]!, options, outDir, writeMni: values.mni === true };
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
    if (r.ok) { csv += csvRow(label(i), r.report as AnalysisReport); rows.push(summaryRow(label(i), r.report as AnalysisReport)); }
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
