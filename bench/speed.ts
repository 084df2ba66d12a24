/**
 * Speed figures of issue 16 (docs/benchmarks.md, "Speed (issue 16)"), measured side by side:
 *
 *   npx tsx bench/speed.ts --only=inproc [--src=DIR] [--compare=DIR] [--profile=FILE.cpuprofile]
 *   npx tsx bench/speed.ts --only=cli       # whole process: our CLI vs the elastix CLI, paired per study
 *   npx tsx bench/speed.ts --only=batch     # 100 studies with `batch --workers 2`
 *
 * - inproc: realistic simulated studies (64^3 and 128^3, 9-15 mm FWHM, scalp and
 *   salivary uptake, random pose), bytes -> readDicom -> analyzeStudy -> JSON, warm
 *   process; registration alone with the options analyzeStudy uses; and the protocol
 *   of bench/register.ts (8 studies, 128^3, cerebellum excluded) with its landmark errors.
 *   Wall time (performance.now) and CPU time (process.cpuUsage) per call.
 *   `--src=DIR` runs another copy of src/ (e.g. `git archive <rev> src | tar -x -C DIR`);
 *   `--compare=DIR` runs that copy and the current sources interleaved in one process.
 *   `--profile=FILE` records a V8 CPU profile of the in-process analyses only (node:inspector)
 *   and prints its top entries by self time.
 * - cli: the CLI built from the current sources (tsup, bench/.build, removed afterwards)
 *   `analyze STUDY.nii --json` as a new process, and `elastix` with the affine parameter map
 *   of bench/itk.ts on the same NIfTI, alternating, under /usr/bin/time -v (wall, user+sys CPU, peak RSS).
 * - batch: `batch DIR --workers 2` over 100 simulated studies (the folder of bench/e2e.ts).
 * - `--bins=NAME=CLI.js,NAME2=CLI2.js` (cli and batch): run these prebuilt CLIs (e.g. a build of an
 *   earlier revision, `npx tsup --no-config --entry.cli src/cli/bin.ts --entry.batch-worker
 *   src/cli/batch-worker.ts --format esm --platform node --target es2022 --out-dir build` in a copy
 *   of that tree) instead of building the current sources, interleaved, one column set each.
 * Never run from the tests (times are never asserted).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { prepareSource, renderStudy, simulateStudy, type SimResult } from '../src/simulate/index.js';
import { phantomSource } from '../src/simulate/sources.js';
import { writeNifti } from '../src/nifti/index.js';
import { createVolume } from '../src/volume/volume.js';
import { affineParameterMap, parameterFileText } from './itk.js';
import { hasCommand, median, spread, table } from './lib.js';
import { landmarkError, simulateStudies } from './register.js';
import { topEntries, type CpuProfile } from './profile-top.js';

const args = process.argv.slice(2);
const arg = (k: string): string | undefined => args.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
const only = new Set((arg('only') ?? 'inproc,cli,batch').split(','));
const runs = Number(arg('runs') ?? 3);

/** The modules of one copy of the sources that the in-process figures use. */
interface Impl {
  readonly name: string;
  readonly analyze: typeof import('../src/pipeline/analyze.js');
  readonly dicom: typeof import('../src/dicom/index.js');
  readonly report: typeof import('../src/report/json.js');
  readonly register: typeof import('../src/register/index.js');
  readonly atlas: typeof import('../src/atlas/index.js');
  readonly exclusion: typeof import('../src/regions/exclusion.js');
  /** The analysis' registration options (absent in trees before the pipeline's warp: the exclusion alone). */
  readonly registerStep: Partial<typeof import('../src/pipeline/register-step.js')>;
}

async function loadImpl(dir: string, name: string): Promise<Impl> {
  const u = (p: string) => pathToFileURL(join(resolve(dir), p)).href;
  return {
    name,
    analyze: await import(u('pipeline/analyze.ts')),
    dicom: await import(u('dicom/index.ts')),
    report: await import(u('report/json.ts')),
    register: await import(u('register/index.ts')),
    atlas: await import(u('atlas/index.ts')),
    exclusion: await import(u('regions/exclusion.ts')),
    registerStep: await import(u('pipeline/register-step.ts')),
  };
}

/** Realistic studies: 9-15 mm FWHM, scalp and salivary uptake, a mild individual deformation, random pose. */
export function realisticStudies(matrix: 64 | 128, count: number, seed0: number): SimResult[] {
  const src = prepareSource(phantomSource());
  const out: SimResult[] = [];
  for (let s = 0; s < count; s++) {
    out.push(simulateStudy(src, {
      cerebellarFactor: 0.55 + 0.08 * (s % 6),
      matrix,
      voxelSizeMm: matrix === 128 ? 2.4 + 0.15 * (s % 5) : 3.9 + 0.15 * (s % 5),
      fwhmMm: 9 + (6 * s) / Math.max(1, count - 1),
      brainScale: 0.82 + 0.03 * (s % 6),
      scalpFraction: 0.3,
      salivaryFraction: 0.6,
      deformationMm: 3,
      ageYears: 2 + (s % 12),
      pose: { rotationsDeg: [((s * 7) % 25) - 12, ((s * 11) % 25) - 12, ((s * 5) % 25) - 12], translationMm: [((s * 13) % 31) - 15, ((s * 3) % 31) - 15, ((s * 17) % 31) - 15] },
    }, seed0 + s));
  }
  return out;
}

interface Sample { wall: number; cpu: number }

async function measure(fn: () => unknown): Promise<Sample> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const cell = (xs: readonly Sample[]) => `${spread(xs.map((x) => x.wall))} / ${spread(xs.map((x) => x.cpu))}`;

interface InprocCase { readonly label: string; readonly run: (impl: Impl) => Promise<() => unknown> }

async function inproc(): Promise<void> {
  const compareDir = arg('compare');
  const impls: Impl[] = [];
  if (compareDir) impls.push(await loadImpl(compareDir, `before (${compareDir})`));
  impls.push(await loadImpl(arg('src') ?? new URL('../src/', import.meta.url).pathname, arg('src') ? `sources in ${arg('src')}` : 'current sources'));
  const n = Number(arg('studies') ?? 6);
  process.stderr.write(`speed: simulating ${2 * n} realistic studies...\n`);
  const bytes = (m: 64 | 128) => realisticStudies(m, n, m === 128 ? 16000 : 16100).map((s) => renderStudy(s, { format: 'ge' }).files[0]!.bytes);
  const b128 = bytes(128), b64 = bytes(64);
  const protocol = simulateStudies(8, 128);
  // pre-read volumes for the registration-only cases (reading is not part of them)
  const cases: InprocCase[] = [];
  const analysis = (label: string, list: Uint8Array[]) => list.forEach((b) => cases.push({
    label, run: async (impl) => { const v = await impl.dicom.readDicom(b); return () => impl.report.reportToJson(impl.analyze.analyzeStudy(v).report); },
  }));
  analysis('analysis 128^3 (read excluded)', b128);
  analysis('analysis 64^3 (read excluded)', b64);
  const regInAnalysis = (label: string, list: Uint8Array[]) => list.forEach((b) => cases.push({
    label, run: async (impl) => {
      const v = await impl.dicom.readDicom(b);
      const atlas = impl.atlas.builtinAtlas({ voxelSize: 2 });
      const template = impl.atlas.builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
      const ex = impl.exclusion.dilatedGroupRegion(atlas, 'cerebellum', impl.exclusion.CEREBELLUM_EXCLUSION_MARGIN_MM);
      const opts = impl.registerStep.registrationOptions?.(atlas, undefined) ?? { exclude: { volume: ex } };
      return () => impl.register.registerToTemplate(v, template, opts);
    },
  }));
  regInAnalysis('registration 128^3 (as in analyzeStudy)', b128);
  regInAnalysis('registration 64^3 (as in analyzeStudy)', b64);
  // with readDicom in the timed call (bytes -> JSON report)
  b128.forEach((b) => cases.push({ label: 'bytes -> JSON 128^3 (readDicom included)', run: async (impl) => async () => impl.report.reportToJson(impl.analyze.analyzeStudy(await impl.dicom.readDicom(b)).report) }));
  const protoErr = new Map<string, { mean: number[]; worst: number[] }>();
  protocol.forEach((st) => cases.push({
    label: 'registration, bench/register.ts protocol (8 studies 128^3)', run: async (impl) => {
      const ba = impl.atlas.builtinAtlas({ voxelSize: 2 });
      const cb = createVolume({ data: Float32Array.from(impl.atlas.groupMask(ba, 'cerebellum')), dims: ba.dims, affine: ba.affine });
      const template = impl.atlas.builtinTemplate({ voxelSize: 2 });
      return () => {
        const r = impl.register.registerToTemplate(st.volume, template, { exclude: { volume: cb } });
        const e = landmarkError(r.subjectToMni, st.truth);
        const acc = protoErr.get(impl.name) ?? { mean: [], worst: [] };
        acc.mean.push(e.mean); acc.worst.push(e.worst);
        protoErr.set(impl.name, acc);
      };
    },
  }));
  const filter = arg('filter');
  if (filter) cases.splice(0, cases.length, ...cases.filter((c) => c.label.includes(filter)));
  // warm-up: every case once per implementation (builds the atlas, template and pyramids, JIT)
  const prepared: (() => unknown)[][] = [];
  for (const impl of impls) {
    const p: (() => unknown)[] = [];
    for (const c of cases) p.push(await c.run(impl));
    prepared.push(p);
  }
  for (const p of prepared) for (const f of p) await f();
  protoErr.clear();
  const samples = impls.map(() => cases.map((): Sample[] => []));
  const profileFile = arg('profile');
  const session = profileFile ? new Session() : null;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const load0 = loadavg();
  for (let r = 0; r < runs; r++) {
    for (let c = 0; c < cases.length; c++) {
      for (let i = 0; i < impls.length; i++) {
        const k = (r + c) % 2 === 0 ? i : impls.length - 1 - i; // alternate the order of the implementations
        samples[k]![c]!.push(await measure(prepared[k]![c]!));
      }
    }
  }
  const load1 = loadavg();
  if (session) {
    const { profile } = await session.post('Profiler.stop') as { profile: CpuProfile };
    writeFileSync(profileFile!, JSON.stringify(profile));
    process.stdout.write(`\nCPU profile of the timed in-process runs (${profileFile}), top entries by self time:\n\n${topEntries(profile, 15)}\n`);
  }
  const labels = [...new Set(cases.map((c) => c.label))];
  const rows = labels.map((l) => [l, ...impls.map((_, i) => cell(cases.flatMap((c, q) => (c.label === l ? samples[i]![q]! : []))))]);
  for (const impl of impls) {
    const e = protoErr.get(impl.name);
    if (e) rows.push([`landmark error of the protocol, mean / worst mm (${impl.name})`, ...impls.map((x) => (x === impl ? `${avg(e.mean).toFixed(2)} / ${Math.max(...e.worst).toFixed(2)}` : ''))]);
  }
  process.stdout.write(`\n${table(['in-process, per study: wall ms / CPU ms, median (min-max)', ...impls.map((i) => i.name)], rows)}` +
    `\n${n} studies per size, ${runs} timed runs each after one warm-up run; load average (1/5/15 min) ${fmtLoad(load0)} at the start, ${fmtLoad(load1)} at the end.\n`);
}

function avg(a: readonly number[]): number { return a.reduce((s, x) => s + x, 0) / a.length; }
const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

interface ChildRun { wallS: number; cpuS: number; rssMiB: number; status: number | null }

/** The CLIs to run: `--bins=NAME=PATH,...`, else the current sources built into bench/.build. */
async function clis(): Promise<{ bins: { name: string; path: string }[]; cleanup: () => void }> {
  const spec = arg('bins');
  if (spec) return { bins: spec.split(',').map((x) => { const [name, path] = x.split('='); return { name: name!, path: resolve(path!) }; }), cleanup: () => {} };
  const { buildCli, removeBuild } = await import('./e2e.js');
  process.stderr.write('speed: building the CLI...\n');
  return { bins: [{ name: 'current sources', path: buildCli() }], cleanup: removeBuild };
}

/** A command under /usr/bin/time -v: wall time, user + system CPU of the process and its children, peak RSS. */
function timed(cmd: string, cmdArgs: readonly string[]): ChildRun {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...cmdArgs], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wallS = (performance.now() - t0) / 1000;
  const num = (re: RegExp) => Number(re.exec(r.stderr ?? '')?.[1] ?? NaN);
  return {
    wallS,
    cpuS: num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/),
    rssMiB: num(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
    status: r.status,
  };
}

async function cli(): Promise<void> {
  if (!hasCommand('/usr/bin/time')) throw new Error('cli section needs /usr/bin/time (Debian package time)');
  const haveElastix = hasCommand('elastix');
  const n = Number(arg('studies') ?? 6);
  const tmp = mkdtempSync(join(tmpdir(), 'spect-speed-cli-'));
  const { bins, cleanup } = await clis();
  try {
    const atlasMod = await import('../src/atlas/index.js');
    const template = atlasMod.builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
    const ba = atlasMod.builtinAtlas({ voxelSize: 2 });
    const cb = atlasMod.groupMask(ba, 'cerebellum');
    const mask = new Float32Array(cb.length);
    for (let i = 0; i < mask.length; i++) mask[i] = cb[i]! ? 0 : 1;
    writeFileSync(join(tmp, 'fixed.nii'), writeNifti(template));
    writeFileSync(join(tmp, 'mask.nii'), writeNifti(createVolume({ data: mask, dims: ba.dims, affine: ba.affine }), { datatype: 'uint8' }));
    writeFileSync(join(tmp, 'affine.txt'), parameterFileText(affineParameterMap()));
    const rows: string[][] = [];
    const all = bins.map((): ChildRun[] => []), allElx: ChildRun[] = [];
    const load0 = loadavg();
    for (const m of [64, 128] as const) {
      const studies = realisticStudies(m, n, m === 128 ? 17000 : 17100);
      const ours = bins.map((): ChildRun[] => []), elx: ChildRun[] = [];
      studies.forEach((st, s) => {
        const file = join(tmp, `study${m}_${s}.nii`);
        writeFileSync(file, writeNifti(st.volume));
        const runOurs = (b: number) => ours[b]!.push(timed(process.execPath, [bins[b]!.path, 'analyze', file, '--json']));
        const runElx = () => {
          if (!haveElastix) return;
          const out = join(tmp, `elx${m}_${s}`);
          mkdirSync(out, { recursive: true });
          elx.push(timed('elastix', ['-f', join(tmp, 'fixed.nii'), '-m', file, '-fMask', join(tmp, 'mask.nii'), '-p', join(tmp, 'affine.txt'), '-out', out]));
        };
        // alternate the order: elastix first on odd studies, our CLIs in turn reversed
        const order = bins.map((_, b) => (s % 2 === 0 ? b : bins.length - 1 - b));
        if (s % 2 === 0) { order.forEach(runOurs); runElx(); } else { runElx(); order.forEach(runOurs); }
      });
      bins.forEach((b, i) => { all[i]!.push(...ours[i]!); rows.push([`${m}^3 (${n} studies), ${b.name}`, ...cols(ours[i]!, elx)]); });
      allElx.push(...elx);
    }
    bins.forEach((b, i) => rows.push([`all, ${b.name}`, ...cols(all[i]!, allElx)]));
    const load1 = loadavg();
    process.stdout.write(`\n${table(['whole process, per study', 'spect-perfusion analyze --json: wall s / CPU s', 'peak RSS MiB', 'elastix affine: wall s / CPU s', 'elastix wall / ours wall (median of the pairs)', 'ratio of the median walls', 'ratio of the median CPU'], rows)}` +
      `\nLoad average (1/5/15 min) ${fmtLoad(load0)} at the start, ${fmtLoad(load1)} at the end.${haveElastix ? '' : ' elastix not on the PATH: its columns are empty.'}` +
      ` Exit statuses: ours ${[...new Set(all.flat().map((r) => r.status))].join(',')}, elastix ${[...new Set(allElx.map((r) => r.status))].join(',')}.\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    cleanup();
  }
}

function cols(ours: ChildRun[], elx: ChildRun[]): string[] {
  const w = (xs: ChildRun[]) => xs.length ? `${median(xs.map((x) => x.wallS)).toFixed(2)} (${Math.min(...xs.map((x) => x.wallS)).toFixed(2)}-${Math.max(...xs.map((x) => x.wallS)).toFixed(2)}) / ${median(xs.map((x) => x.cpuS)).toFixed(2)}` : '-';
  const pairs = elx.length === ours.length ? ours.map((o, i) => elx[i]!.wallS / o.wallS) : [];
  return [w(ours), median(ours.map((x) => x.rssMiB)).toFixed(0), w(elx),
    pairs.length ? `${median(pairs).toFixed(1)}x` : '-',
    elx.length ? `${(median(elx.map((x) => x.wallS)) / median(ours.map((x) => x.wallS))).toFixed(1)}x` : '-',
    elx.length ? `${(median(elx.map((x) => x.cpuS)) / median(ours.map((x) => x.cpuS))).toFixed(1)}x` : '-'];
}

async function batch(): Promise<void> {
  const { writeStudies } = await import('./e2e.js');
  if (!hasCommand('/usr/bin/time')) throw new Error('batch section needs /usr/bin/time');
  const count = Number(arg('count') ?? 100);
  const repeat = Number(arg('repeat') ?? 1);
  const tmp = mkdtempSync(join(tmpdir(), 'spect-speed-batch-'));
  const { bins, cleanup } = await clis();
  try {
    const dir = join(tmp, 'studies');
    mkdirSync(dir);
    process.stderr.write(`speed: writing ${count} studies...\n`);
    writeStudies(dir, count);
    for (let r = 0; r < repeat; r++) {
      for (let i = 0; i < bins.length; i++) {
        const b = bins[r % 2 === 0 ? i : bins.length - 1 - i]!;
        const out = join(tmp, 'out');
        rmSync(out, { recursive: true, force: true });
        const load0 = loadavg();
        const res = timed(process.execPath, [b.path, 'batch', dir, '--out', out, '--workers', '2', '--no-progress']);
        const load1 = loadavg();
        process.stdout.write(`batch of ${count} studies, --workers 2, ${b.name}: wall ${res.wallS.toFixed(1)} s, CPU (user+sys) ${res.cpuS.toFixed(1)} s, peak RSS ${res.rssMiB.toFixed(0)} MiB, exit ${res.status}; ` +
          `load average ${fmtLoad(load0)} at the start, ${fmtLoad(load1)} at the end.\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    cleanup();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  if (only.has('inproc')) await inproc();
  if (only.has('cli')) await cli();
  if (only.has('batch')) await batch();
}
