/**
 * The worker pool of `batch`. Each study runs on a worker thread with a time
 * limit and a JS-heap limit. A worker that crashes, exits, runs out of heap
 * or overruns the time limit turns into one failed study (WORKER_FAILED or
 * RESOURCE_LIMIT) and is replaced by a fresh worker; the batch goes on.
 * Results are handed to `onResult` one at a time; if it fails (e.g. the
 * output folder became unwritable) the pool stops and rejects with its error.
 */
import { Worker } from 'node:worker_threads';
import { ErrorCode } from '../errors.js';
import { Interrupted } from './io.js';
import type { BatchJob, BatchJobResult, BatchWorkerData } from './batch-types.js';

export interface PoolOptions {
  readonly workers: number;
  /** Most time one study may take, in ms. */
  readonly timeoutMs: number;
  /**
   * Memory bound of each study, in MB: the V8 old-generation heap limit of its
   * worker, and the resident memory the process may gain per worker (typed
   * arrays live outside the V8 heap, so the heap limit alone does not bound them).
   */
  readonly maxHeapMb: number;
  /** How often the resident memory is sampled, in ms (default 200). */
  readonly memoryPollMs?: number;
  readonly workerData: BatchWorkerData;
  readonly workerUrl: URL;
  /** Aborting it (Ctrl-C) stops the workers; the pool rejects with `Interrupted`. */
  readonly signal?: AbortSignal;
}

interface Slot {
  worker: Worker | null;
  ready: boolean;
  job: BatchJob | null;
  started: number;
  timer: NodeJS.Timeout | null;
  /** Why the worker was terminated by the pool (time limit), recorded before its exit. */
  killedFor: string | null;
}

/** Run `jobs`; `onResult` gets every job's result exactly once (in completion order). */
export function runPool(jobs: readonly BatchJob[], o: PoolOptions, onResult: (r: BatchJobResult) => Promise<void>): Promise<void> {
  return new Promise<void>((resolveAll, rejectAll) => {
    let next = 0, finished = 0, aborted = false, startFailures = 0;
    let chain: Promise<void> = Promise.resolve();
    const slots: Slot[] = Array.from({ length: Math.min(o.workers, Math.max(1, jobs.length)) }, () => ({ worker: null, ready: false, job: null, started: 0, timer: null, killedFor: null }));

    // resident-memory watchdog: above the bound, the study running longest is stopped
    const rssLimit = process.memoryUsage.rss() + slots.length * o.maxHeapMb * 1024 * 1024;
    let killing = 0; // workers stopped for memory and not yet gone: their memory is still counted
    const watchdog = setInterval(() => {
      if (killing > 0 || process.memoryUsage.rss() <= rssLimit) return;
      const busy = slots.filter((s) => s.job !== null).sort((a, b) => a.started - b.started)[0];
      if (!busy) return;
      busy.killedFor = `the batch went above its memory bound (${o.maxHeapMb} MB per worker, --study-memory) while analysing the study`;
      fail(busy, ErrorCode.RESOURCE_LIMIT, busy.killedFor);
      killing++;
      void busy.worker?.terminate().finally(() => { killing--; });
    }, o.memoryPollMs ?? 200);
    watchdog.unref();
    const abort = (e: unknown) => {
      if (aborted) return;
      aborted = true;
      clearInterval(watchdog);
      for (const s of slots) { if (s.timer) clearTimeout(s.timer); void s.worker?.terminate(); }
      rejectAll(e);
    };
    const deliver = (r: BatchJobResult) => {
      chain = chain.then(() => (aborted ? undefined : onResult(r))).then(() => {
        finished++;
        if (finished === jobs.length && !aborted) {
          clearInterval(watchdog);
          for (const s of slots) void s.worker?.terminate();
          resolveAll();
        }
      }, abort);
    };
    const fail = (s: Slot, code: string, message: string) => {
      const job = s.job;
      if (!job) return;
      s.job = null;
      if (s.timer) { clearTimeout(s.timer); s.timer = null; }
      deliver({ index: job.index, ok: false, code, message });
    };
    const dispatch = (s: Slot) => {
      if (aborted || !s.worker || !s.ready || s.job) return;
      if (next >= jobs.length) return;
      const job = jobs[next++]!;
      s.job = job;
      s.started = performance.now();
      s.timer = setTimeout(() => {
        s.killedFor = `the study took longer than the time limit (${o.timeoutMs / 1000} s, --study-timeout)`;
        fail(s, ErrorCode.RESOURCE_LIMIT, s.killedFor);
        void s.worker?.terminate();
      }, o.timeoutMs);
      s.worker.postMessage(job);
    };
    const start = (s: Slot) => {
      if (aborted || next >= jobs.length) return;
      const w = new Worker(o.workerUrl, { workerData: o.workerData, resourceLimits: { maxOldGenerationSizeMb: o.maxHeapMb } });
      s.worker = w; s.ready = false; s.killedFor = null;
      let errored: Error | null = null;
      w.on('message', (m: BatchJobResult | { ready: true }) => {
        if ('ready' in m) { s.ready = true; startFailures = 0; dispatch(s); return; }
        if (!s.job || s.job.index !== m.index) return;
        s.job = null;
        if (s.timer) { clearTimeout(s.timer); s.timer = null; }
        deliver(m);
        dispatch(s);
      });
      w.on('error', (e: Error & { code?: string }) => {
        errored = e;
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') fail(s, ErrorCode.RESOURCE_LIMIT, `the study needed more than the worker's memory limit (${o.maxHeapMb} MB of JS heap, --study-memory)`);
        else fail(s, ErrorCode.WORKER_FAILED, `the worker analysing the study crashed (${e.code ?? e.name}); a fresh worker took the next study`);
      });
      w.on('exit', (code) => {
        if (s.worker !== w) return;
        const wasReady = s.ready;
        s.worker = null; s.ready = false;
        if (s.timer) { clearTimeout(s.timer); s.timer = null; }
        if (s.job) fail(s, ErrorCode.WORKER_FAILED, `the worker analysing the study exited (code ${code}); a fresh worker took the next study`);
        if (aborted) return;
        if (!wasReady && !s.killedFor) {
          // a worker that cannot even start: do not loop forever
          if (++startFailures >= 3) { abort(errored ?? new Error(`batch worker could not start (exit code ${code})`)); return; }
        }
        start(s);
      });
    };
    if (jobs.length === 0) { clearInterval(watchdog); resolveAll(); return; }
    if (o.signal) {
      if (o.signal.aborted) { abort(new Interrupted()); return; }
      o.signal.addEventListener('abort', () => abort(new Interrupted()), { once: true });
    }
    for (const s of slots) start(s);
  });
}
