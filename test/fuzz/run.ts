/**
 * Long mutation-fuzz run of the readers and of the whole analysis (not a vitest file). Usage:
 *
 *   npx tsx test/fuzz/run.ts --runs N [--seed S] [--target dicom|nifti|interfile|analysis|all|readers|a,b]
 *     [--analysis-runs M] [--slow-ms MS] [--hang-ms MS] [--progress-s S]
 *
 * Target `analysis` (test/robustness/analysis-target.ts): mutated simulated brain
 * studies and non-brains (sphere, ellipsoid, blob) in DICOM, NIfTI and Interfile,
 * read and, when they read, analysed by `analyzeStudy` (age 30, HMPAO); a report
 * number that is not finite, or a label other than `indeterminate` on a non-brain,
 * is a contract violation. `--analysis-runs` (default: --runs) sets its case count.
 * `--counts dicom=N,nifti=N,...` sets per-target counts. Case times are CPU times
 * of the process (the worker's work; wall time depends on the machine's load);
 * --slow-ms lists cases above it in CPU ms, --hang-ms is the wall-clock watchdog.
 * Failures and slow cases are printed as they happen, and again at the end.
 * Progress (cases done, rate, violations, hangs, RSS now and peak) is printed
 * every --progress-s seconds (default 10); the end prints the process's peak RSS.
 *
 * Case i uses fast-check seed S + i, so any case replays alone with
 * `--seed <S+i> --runs 1 --target <t>`. Prints outcome counts per error code and
 * every contract violation (a non-SpectError exception, a Volume with non-finite
 * data or wrong size, or a hang) with its reproducer; exit code 1 if any, 2 if
 * the runner itself fails. Cases run in a worker thread watched by the main
 * thread: a case still running after --hang-ms (default 30000) is reported as a
 * HANG, the worker is terminated and the run goes on with the next case.
 * Seeds: writer-made files, plus ../shared/data (or $SPECT_SHARED_DATA) when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { ContractViolation, outcomeKey } from '../robustness/check.js';
import { SeedSet, caseArb, describeCase, runCase } from '../robustness/fuzz-core.js';
import { TARGETS, sharedSeeds, writerSeeds, type Seed } from '../robustness/targets.js';
import { analysisSeeds, runAnalysisCase, type AnalysisSeed } from '../robustness/analysis-target.js';

type Target = 'dicom' | 'nifti' | 'interfile' | 'analysis';
const ALL: readonly Target[] = [...TARGETS, 'analysis'];

interface Args { runs: number; analysisRuns: number | null; counts: Map<Target, number>; seed: number; targets: Target[]; slowMs: number; hangMs: number; progressS: number }

/** Work for one worker: cases [from, to) of one target. */
interface Job { target: Target; seed: number; from: number; to: number; slowMs: number }

type Msg =
  | { type: 'begin'; i: number; what: string }
  | { type: 'result'; i: number; key: string; image?: string; ms: number; cpuMs: number; failure?: string; slow?: string }
  | { type: 'done' };

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { runs: 1000, analysisRuns: null, counts: new Map(), seed: 42, targets: [...ALL], slowMs: 2000, hangMs: 30_000, progressS: 10 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    const int = (): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${k} needs a non-negative integer, got ${v}`);
      i++;
      return n;
    };
    if (k === '--runs') a.runs = int();
    else if (k === '--seed') a.seed = int();
    else if (k === '--slow-ms') a.slowMs = int();
    else if (k === '--hang-ms') a.hangMs = int();
    else if (k === '--analysis-runs') a.analysisRuns = int();
    else if (k === '--progress-s') a.progressS = int();
    else if (k === '--counts') {
      // per-target case counts, e.g. dicom=40000,nifti=30000 (overrides --runs / --analysis-runs)
      for (const part of (v ?? '').split(',')) {
        const [t, n] = part.split('=');
        if (!(ALL as readonly string[]).includes(t ?? '') || !Number.isInteger(Number(n)) || Number(n) < 0) throw new Error(`--counts needs target=N pairs, got ${part}`);
        a.counts.set(t as Target, Number(n));
      }
      i++;
    }
    else if (k === '--target') {
      const list = (v ?? '').split(',').flatMap((t) => (t === 'all' ? [...ALL] : t === 'readers' ? [...TARGETS] : [t]));
      const bad = list.find((t) => !(ALL as readonly string[]).includes(t));
      if (list.length === 0 || bad !== undefined) throw new Error(`--target must be dicom, nifti, interfile, analysis, readers, all or a comma list, got ${v}`);
      a.targets = list as Target[];
      i++;
    } else if (k === '--help' || k === '-h') {
      console.log('npx tsx test/fuzz/run.ts --runs N [--seed S] [--target dicom|nifti|interfile|analysis|readers|all|a,b] [--analysis-runs M] [--slow-ms MS] [--hang-ms MS] [--progress-s S]');
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  return a;
}

function sharedRoot(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = process.env.SPECT_SHARED_DATA ?? resolve(here, '..', '..', '..', 'shared', 'data');
  return existsSync(join(root, 'README.md')) ? root : null;
}

function loadSeeds(root: string | null): Seed[] {
  const load = (rel: string): Uint8Array | null => {
    if (!root || !existsSync(join(root, rel))) return null;
    const b = readFileSync(join(root, rel));
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  };
  return [...writerSeeds(), ...sharedSeeds(load)];
}

/**
 * Worker bootstrap: Node 20 does not hand tsx's module hooks to worker threads,
 * so the worker registers tsx itself, then imports this file (which runs `work`).
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })
  .catch((e) => { console.error(e); process.exit(2); });`;

const reproducer = (target: Target, seed: number): string => `npx tsx test/fuzz/run.ts --target ${target} --seed ${seed} --runs 1`;

/** Worker side: run the cases of a job, reporting each one before and after. */
async function work(job: Job): Promise<void> {
  const port = parentPort!;
  const aSeeds: AnalysisSeed[] | null = job.target === 'analysis' ? analysisSeeds() : null;
  const set = new SeedSet(aSeeds ?? loadSeeds(sharedRoot()).filter((s) => s.target === job.target));
  const arb = caseArb(set.seeds.length);
  for (let i = job.from; i < job.to; i++) {
    const seed = job.seed + i;
    const [c] = fc.sample(arb, { seed, numRuns: 1 });
    if (!c) continue;
    const what = describeCase(set, c).slice(0, 300);
    port.postMessage({ type: 'begin', i, what } satisfies Msg);
    const t0 = Date.now();
    // CPU time of the process during the case: the main thread only waits, so this is the worker's
    // work, independent of how loaded the machine is (wall time is not, on a shared machine)
    const c0 = process.cpuUsage();
    let msg: Extract<Msg, { type: 'result' }>;
    try {
      if (aSeeds) {
        const seed = aSeeds[c.seed % aSeeds.length]!;
        const input = set.input(c);
        msg = { type: 'result', i, key: await runAnalysisCase({ ...input, format: seed.format }, seed.nonBrain), ms: 0, cpuMs: 0 };
      } else {
        const r = await runCase(set, c);
        msg = { type: 'result', i, key: outcomeKey(r.outcome), ms: 0, cpuMs: 0, ...(r.image ? { image: r.image } : {}) };
      }
    } catch (e) {
      const text = e instanceof ContractViolation ? e.message : `runner error: ${String(e)}`;
      const cause = e instanceof Error && e.cause instanceof Error ? `\n    ${(e.cause.stack ?? '').split('\n').slice(0, 6).join('\n    ')}` : '';
      msg = { type: 'result', i, key: 'CONTRACT_VIOLATION', ms: 0, cpuMs: 0, failure: `[${job.target}] ${text}\n  reproduce: ${reproducer(job.target, seed)}\n  case: ${what}${cause}` };
    }
    const ms = Date.now() - t0;
    const cu = process.cpuUsage(c0);
    const cpuMs = Math.round((cu.user + cu.system) / 1000);
    const slow = cpuMs > job.slowMs ? `[${job.target}] ${cpuMs} ms CPU (${ms} ms wall): ${reproducer(job.target, seed)} (${what.slice(0, 200)})` : undefined;
    port.postMessage({ ...msg, ms, cpuMs, ...(slow ? { slow } : {}) } satisfies Msg);
  }
  port.postMessage({ type: 'done' } satisfies Msg);
}

interface Tally { counts: Map<string, number>; image: Map<string, number>; failures: string[]; slow: string[]; done: number; maxMs: number; maxCpuMs: number; hangs: number }

/** Main side: run cases [from, runs) of a target in workers, restarting after a hang. */
function runTarget(args: Args, target: Target, tally: Tally): Promise<void> {
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const runs = runsOf(args, target);
  return new Promise((resolveAll, reject) => {
    const start = (from: number): void => {
      if (from >= runs) { resolveAll(); return; }
      const job: Job = { target, seed: args.seed, from, to: runs, slowMs: args.slowMs };
      const w = new Worker(WORKER_BOOT, { eval: true, workerData: job });
      let current: { i: number; what: string } | null = null;
      let timer: NodeJS.Timeout | undefined;
      let timerFired = false;
      // Between cases (worker start-up loads the seeds) the guard is at least 2 minutes.
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const c = current;
          timerFired = true;
          void w.terminate();
          if (!c) { reject(new Error('worker hung outside a case')); return; }
          bump(tally.counts, 'HANG');
          tally.hangs++;
          tally.done++;
          console.log(`HANG [${target}] case ${c.i}: ${reproducer(target, args.seed + c.i)}`);
          tally.failures.push(`[${target}] HANG: no result after ${args.hangMs} ms\n  reproduce: ${reproducer(target, args.seed + c.i)}\n  case: ${c.what}`);
          start(c.i + 1);
        }, current ? args.hangMs : Math.max(args.hangMs, 120_000));
      };
      arm();
      w.on('message', (m: Msg) => {
        if (m.type === 'begin') { current = { i: m.i, what: m.what }; arm(); return; }
        if (m.type === 'result') {
          current = null;
          tally.done++;
          if (m.ms > tally.maxMs) tally.maxMs = m.ms;
          if (m.cpuMs > tally.maxCpuMs) tally.maxCpuMs = m.cpuMs;
          bump(tally.counts, m.key);
          if (m.failure) console.log(`\nFAIL ${m.failure}`);
          if (m.slow) console.log(`slow ${m.slow}`);
          if (m.image) bump(tally.image, m.image);
          if (m.failure) tally.failures.push(m.failure);
          if (m.slow) tally.slow.push(m.slow);
          arm();
          return;
        }
        clearTimeout(timer);
        finished = true;
        void w.terminate().then(() => resolveAll());
      });
      let finished = false;
      w.on('error', (e) => { clearTimeout(timer); finished = true; reject(e); });
      w.on('exit', (code) => {
        if (finished || timerFired) return;
        clearTimeout(timer);
        finished = true;
        reject(new Error(`fuzz worker exited with code ${code} before finishing`));
      });
    };
    start(0);
  });
}

const runsOf = (args: Args, t: Target): number => args.counts.get(t) ?? (t === 'analysis' ? (args.analysisRuns ?? args.runs) : args.runs);
const mb = (bytes: number): string => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
/** Peak RSS of the whole process (main thread and workers), bytes. */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const root = sharedRoot();
  const all = loadSeeds(root);
  const total = args.targets.reduce((n, t) => n + runsOf(args, t), 0);
  console.log(`shared data: ${root ?? 'absent (writer-made seeds only)'}`);
  console.log(`targets ${args.targets.join(', ')}: ${total} inputs, seed ${args.seed}, hang after ${args.hangMs} ms`);
  const failures: string[] = [];
  const slow: string[] = [];
  const started = Date.now();
  let doneBefore = 0;
  let maxMsAll = 0, maxCpuAll = 0, hangsAll = 0;
  const summary: string[] = [];
  for (const target of args.targets) {
    const tally: Tally = { counts: new Map(), image: new Map(), failures, slow, done: 0, maxMs: 0, maxCpuMs: 0, hangs: 0 };
    const t0 = Date.now();
    const progress = setInterval(() => {
      const done = doneBefore + tally.done;
      const rate = done / ((Date.now() - started) / 1000);
      console.log(`[progress] ${target} ${tally.done}/${runsOf(args, target)}; all ${done}/${total} (${rate.toFixed(1)}/s, ~${rate > 0 ? ((total - done) / rate / 60).toFixed(0) : '?'} min left); violations ${failures.length}; watchdog hangs ${hangsAll + tally.hangs}; slowest ${Math.max(maxCpuAll, tally.maxCpuMs)} ms CPU, ${Math.max(maxMsAll, tally.maxMs)} ms wall; RSS ${mb(process.memoryUsage().rss)}, peak ${mb(peakRss())}`);
    }, args.progressS * 1000);
    try {
      await runTarget(args, target, tally);
    } finally {
      clearInterval(progress);
    }
    doneBefore += tally.done;
    maxMsAll = Math.max(maxMsAll, tally.maxMs);
    maxCpuAll = Math.max(maxCpuAll, tally.maxCpuMs);
    hangsAll += tally.hangs;
    const n = target === 'analysis' ? 15 : all.filter((s) => s.target === target).length;
    summary.push(`${target} ${tally.done}`);
    console.log(`\n== ${target}: ${tally.done} inputs from ${n} seeds in ${((Date.now() - t0) / 1000).toFixed(1)} s; slowest case ${tally.maxCpuMs} ms CPU, ${tally.maxMs} ms wall`);
    for (const [k, c] of [...tally.counts].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(28)} ${c}`);
    if (tally.image.size > 0) {
      console.log('  readDicomImage on the same inputs:');
      for (const [k, c] of [...tally.image].sort((a, b) => b[1] - a[1])) console.log(`    ${k.padEnd(26)} ${c}`);
    }
  }
  console.log(`\ntotal ${doneBefore} inputs (${summary.join(', ')}) in ${((Date.now() - started) / 1000).toFixed(1)} s; contract violations: ${failures.length} (watchdog hangs: ${hangsAll}); slowest case ${maxCpuAll} ms CPU, ${maxMsAll} ms wall; slow cases (> ${args.slowMs} ms CPU): ${slow.length}; peak RSS ${mb(peakRss())}`);
  for (const s of slow) console.log(`  slow ${s}`);
  for (const f of failures) console.log(`\nFAIL ${f}`);
  return failures.length > 0 ? 1 : 0;
}

if (isMainThread) {
  main().then((code) => process.exit(code), (e: unknown) => {
    console.error(e);
    process.exit(2);
  });
} else {
  work(workerData as Job).catch((e: unknown) => {
    console.error(e);
    process.exit(2);
  });
}
