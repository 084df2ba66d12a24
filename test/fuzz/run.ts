/**
 * Long mutation-fuzz run of the readers (not a vitest file). Usage:
 *
 *   npx tsx test/fuzz/run.ts --runs N [--seed S] [--target dicom|nifti|interfile|all] [--slow-ms MS] [--hang-ms MS]
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
import { TARGETS, sharedSeeds, writerSeeds, type Seed, type Target } from '../robustness/targets.js';

interface Args { runs: number; seed: number; targets: Target[]; slowMs: number; hangMs: number }

/** Work for one worker: cases [from, to) of one target. */
interface Job { target: Target; seed: number; from: number; to: number; slowMs: number }

type Msg =
  | { type: 'begin'; i: number; what: string }
  | { type: 'result'; i: number; key: string; image?: string; ms: number; failure?: string; slow?: string }
  | { type: 'done' };

function parseArgs(argv: readonly string[]): Args {
  const a: Args = { runs: 1000, seed: 42, targets: [...TARGETS], slowMs: 2000, hangMs: 30_000 };
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
    else if (k === '--target') {
      if (v === 'all') a.targets = [...TARGETS];
      else if (v === 'dicom' || v === 'nifti' || v === 'interfile') a.targets = [v];
      else throw new Error(`--target must be dicom, nifti, interfile or all, got ${v}`);
      i++;
    } else if (k === '--help' || k === '-h') {
      console.log('npx tsx test/fuzz/run.ts --runs N [--seed S] [--target dicom|nifti|interfile|all] [--slow-ms MS] [--hang-ms MS]');
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
  const set = new SeedSet(loadSeeds(sharedRoot()).filter((s) => s.target === job.target));
  const arb = caseArb(set.seeds.length);
  for (let i = job.from; i < job.to; i++) {
    const seed = job.seed + i;
    const [c] = fc.sample(arb, { seed, numRuns: 1 });
    if (!c) continue;
    const what = describeCase(set, c).slice(0, 300);
    port.postMessage({ type: 'begin', i, what } satisfies Msg);
    const t0 = Date.now();
    let msg: Msg;
    try {
      const r = await runCase(set, c);
      msg = { type: 'result', i, key: outcomeKey(r.outcome), ms: 0, ...(r.image ? { image: r.image } : {}) };
    } catch (e) {
      const text = e instanceof ContractViolation ? e.message : `runner error: ${String(e)}`;
      const cause = e instanceof Error && e.cause instanceof Error ? `\n    ${(e.cause.stack ?? '').split('\n').slice(0, 6).join('\n    ')}` : '';
      msg = { type: 'result', i, key: 'CONTRACT_VIOLATION', ms: 0, failure: `[${job.target}] ${text}\n  reproduce: ${reproducer(job.target, seed)}\n  case: ${what}${cause}` };
    }
    const ms = Date.now() - t0;
    const slow = ms > job.slowMs ? `[${job.target}] ${ms} ms: ${reproducer(job.target, seed)} (${what.slice(0, 200)})` : undefined;
    port.postMessage({ ...msg, ms, ...(slow ? { slow } : {}) } satisfies Msg);
  }
  port.postMessage({ type: 'done' } satisfies Msg);
}

interface Tally { counts: Map<string, number>; image: Map<string, number>; failures: string[]; slow: string[] }

/** Main side: run cases [from, runs) of a target in workers, restarting after a hang. */
function runTarget(args: Args, target: Target, tally: Tally): Promise<void> {
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  return new Promise((resolveAll, reject) => {
    const start = (from: number): void => {
      if (from >= args.runs) { resolveAll(); return; }
      const job: Job = { target, seed: args.seed, from, to: args.runs, slowMs: args.slowMs };
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
          tally.failures.push(`[${target}] HANG: no result after ${args.hangMs} ms\n  reproduce: ${reproducer(target, args.seed + c.i)}\n  case: ${c.what}`);
          start(c.i + 1);
        }, current ? args.hangMs : Math.max(args.hangMs, 120_000));
      };
      arm();
      w.on('message', (m: Msg) => {
        if (m.type === 'begin') { current = { i: m.i, what: m.what }; arm(); return; }
        if (m.type === 'result') {
          current = null;
          bump(tally.counts, m.key);
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

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const root = sharedRoot();
  const all = loadSeeds(root);
  console.log(`shared data: ${root ?? 'absent (writer-made seeds only)'}`);
  const failures: string[] = [];
  const slow: string[] = [];
  const started = Date.now();
  for (const target of args.targets) {
    const tally: Tally = { counts: new Map(), image: new Map(), failures, slow };
    const t0 = Date.now();
    await runTarget(args, target, tally);
    const n = all.filter((s) => s.target === target).length;
    console.log(`\n== ${target}: ${args.runs} inputs from ${n} seeds in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const [k, c] of [...tally.counts].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(28)} ${c}`);
    if (tally.image.size > 0) {
      console.log('  readDicomImage on the same inputs:');
      for (const [k, c] of [...tally.image].sort((a, b) => b[1] - a[1])) console.log(`    ${k.padEnd(26)} ${c}`);
    }
  }
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s; contract violations: ${failures.length}; slow cases (> ${args.slowMs} ms): ${slow.length}`);
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
