/**
 * End-to-end benchmark: one study from bytes to JSON report (in-process, cold
 * and warm), peak memory of one study's analysis by the CLI, and a batch of
 * simulated studies through the built CLI with 1 and 2 worker threads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDicom } from '../src/dicom/index.js';
import { analyzeStudy } from '../src/pipeline/analyze.js';
import { reportToJson } from '../src/report/json.js';
import { builtinTemplate } from '../src/atlas/index.js';
import { prepareSource, renderStudy, simulateStudy, type RenderFormat } from '../src/simulate/index.js';
import { phantomSource } from '../src/simulate/sources.js';
import { hasCommand, median, parseTimeV, spread, table, type Section } from './lib.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BUILD = join(ROOT, 'bench', '.build');

/** Build the CLI from the current sources into bench/.build (so the figures are never those of a stale dist/). */
export function buildCli(): string {
  execFileSync('npx', ['tsup', '--no-config', '--entry.cli', 'src/cli/bin.ts', '--entry.batch-worker', 'src/cli/batch-worker.ts',
    '--format', 'esm', '--platform', 'node', '--target', 'es2022', '--out-dir', BUILD], { cwd: ROOT, stdio: 'ignore' });
  return join(BUILD, 'cli.js');
}

export function removeBuild(): void {
  rmSync(BUILD, { recursive: true, force: true });
}

interface ChildRun {
  readonly wallS: number;
  readonly maxRssMiB: number | null;
  readonly status: number | null;
  readonly how: string;
}

/** Run `node args...` and measure wall time and peak RSS (/usr/bin/time -v, else the child's own process.resourceUsage()). */
function runNode(args: readonly string[]): ChildRun {
  const t0 = performance.now();
  if (hasCommand('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const wall = (performance.now() - t0) / 1000;
    const p = parseTimeV(r.stderr ?? '');
    return { wallS: wall, maxRssMiB: p?.maxRssMiB ?? null, status: r.status, how: '/usr/bin/time -v' };
  }
  // fallback: the child reports its own peak RSS (worker threads share the process RSS)
  const [script, ...rest] = args;
  const wrapper = `process.argv.splice(1, 0, ${JSON.stringify(script)});process.on('exit',()=>process.stderr.write('\\nMAXRSS_KB '+process.resourceUsage().maxRSS+'\\n'));await import(${JSON.stringify(script)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', wrapper, '--', ...rest], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  const m = /MAXRSS_KB (\d+)/.exec(r.stderr ?? '');
  return { wallS: wall, maxRssMiB: m ? Number(m[1]) / 1024 : null, status: r.status, how: 'process.resourceUsage().maxRSS' };
}

const FORMATS: readonly RenderFormat[] = ['ge', 'siemens', 'hermes', 'nifti'];

/** Write `count` simulated studies (alternately 128^3 and 64^3, formats GE/Siemens/Hermes DICOM and NIfTI in turn) into `dir`. */
export function writeStudies(dir: string, count: number): void {
  const src = prepareSource(phantomSource());
  for (let s = 0; s < count; s++) {
    const matrix = s % 2 === 0 ? 128 : 64;
    const sim = simulateStudy(src, {
      cerebellarFactor: 0.5 + 0.05 * (s % 11),
      matrix,
      voxelSizeMm: matrix === 128 ? 2.4 + 0.1 * (s % 8) : 4 + 0.1 * (s % 6),
      brainScale: 0.8 + 0.02 * (s % 10),
      fwhmMm: 8 + (s % 6),
      ageYears: 1 + (s % 14),
      pose: { rotationsDeg: [((s * 7) % 31) - 15, ((s * 11) % 31) - 15, ((s * 5) % 31) - 15], translationMm: [((s * 13) % 31) - 15, ((s * 3) % 31) - 15, ((s * 17) % 31) - 15] },
    }, 5000 + s);
    const r = renderStudy(sim, { format: FORMATS[s % FORMATS.length]!, name: `study${String(s).padStart(3, '0')}` });
    for (const f of r.files) writeFileSync(join(dir, f.name), f.bytes);
  }
}

export async function benchE2e(quick: boolean): Promise<Section> {
  const missing: string[] = [];
  const rows: string[][] = [];
  const data: Record<string, number> = {};
  // one 128^3 GE-style study, in-process: readDicom -> analyzeStudy -> reportToJson
  const sim = simulateStudy(prepareSource(phantomSource()), {
    cerebellarFactor: 0.6, matrix: 128, voxelSizeMm: 2.6, brainScale: 0.9, ageYears: 4,
    pose: { rotationsDeg: [8, -6, 10], translationMm: [5, -8, 12] },
  }, 4242);
  const bytes = renderStudy(sim, { format: 'ge' }).files[0]!.bytes;
  const once = async (): Promise<number> => reportToJson(analyzeStudy(await readDicom(bytes)).report).length;
  const t0 = performance.now();
  await once();
  const cold = performance.now() - t0;
  const runs = quick ? 2 : 11;
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await once();
    warm.push(performance.now() - t);
  }
  data.oneStudyMs = median(warm);
  rows.push(['one 128^3 GE study, bytes -> JSON report, in-process (warm)', `${spread(warm)} ms`, `median of ${runs} runs after the first`]);
  rows.push(['same, first call in the process (builds the atlas and template)', `${cold.toFixed(0)} ms`, '1 run']);
  // the same with the template built once and passed in (what a cached default template would give)
  const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
  const withTemplate: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    reportToJson(analyzeStudy(await readDicom(bytes), { template }).report);
    if (i > 0) withTemplate.push(performance.now() - t);
  }
  data.oneStudyTemplateMs = median(withTemplate);
  rows.push(['same, template built once and passed as `options.template`', `${spread(withTemplate)} ms`,
    `median of ${runs} runs after 1; \`analyzeStudy\` with default options rebuilds the built-in template (and so its registration pyramid) on every call`]);

  const tmp = mkdtempSync(join(tmpdir(), 'spect-bench-e2e-'));
  try {
    process.stderr.write('bench: e2e: building the CLI...\n');
    const cli = buildCli();
    const one = join(tmp, 'one.dcm');
    writeFileSync(one, bytes);
    const single = runNode([cli, 'analyze', one, '--json']);
    if (single.maxRssMiB !== null) data.oneStudyPeakMiB = single.maxRssMiB;
    rows.push(['one 128^3 study with the CLI (`analyze --json`, new process)', `${single.wallS.toFixed(2)} s, peak RSS ${single.maxRssMiB?.toFixed(0) ?? '?'} MiB`, `exit ${single.status}; ${single.how}`]);

    const count = quick ? 4 : 100;
    const dir = join(tmp, 'studies');
    mkdirSync(dir);
    process.stderr.write(`bench: e2e: writing ${count} studies...\n`);
    writeStudies(dir, count);
    for (const workers of [1, 2]) {
      const out = join(tmp, `out${workers}`);
      process.stderr.write(`bench: e2e: batch, ${workers} worker(s)...\n`);
      const r = runNode([cli, 'batch', dir, '--out', out, '--workers', String(workers), '--no-progress']);
      const reports = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.json')).length : 0;
      data[`batch${workers}S`] = r.wallS;
      if (r.maxRssMiB !== null) data[`batch${workers}PeakMiB`] = r.maxRssMiB;
      rows.push([`batch of ${count} studies, \`batch --workers ${workers}\``, `${r.wallS.toFixed(1)} s (${(r.wallS * 1000 / count).toFixed(0)} ms/study), peak RSS ${r.maxRssMiB?.toFixed(0) ?? '?'} MiB`,
        `exit ${r.status}, ${reports} JSON reports`]);
    }
    if (!hasCommand('/usr/bin/time')) missing.push('/usr/bin/time (peak RSS from process.resourceUsage instead)');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    removeBuild();
  }
  const md = table(['task', 'measured', 'notes'], rows) +
    `\nThe batch folder holds ${quick ? 4 : 100} simulated studies written by the project's simulator (built-in phantom, seeds 5000+), half 128^3 (2.4-3.1 mm voxels) and half 64^3 (4-4.5 mm), ` +
    `in turn GE, Siemens and Hermes NM DICOM and NIfTI; each is read, registered, measured, classified and written as JSON + PNG. ` +
    `The CLI is built from the current sources into bench/.build just before the run (tsup) and removed afterwards. ` +
    `Peak RSS is that of the whole process (worker threads share it), so the 2-worker figure covers two analyses at once. Wall times of child processes include Node start-up.\n`;
  return { title: 'End to end', markdown: md, missing, data };
}
