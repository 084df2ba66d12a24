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
    new Pool(jobs, o, onResult, resolveAll, rejectAll).run();
  });
}

/** The state of one `runPool` call: its slots, the next job, the results delivered so far. */
class Pool {
  private next = 0;
  private finished = 0;
  private aborted = false;
  private startFailures = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly slots: Slot[];
  private readonly rssLimit: number;
  /** workers stopped for memory and not yet gone: their memory is still counted */
  private killing = 0;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    private readonly jobs: readonly BatchJob[],
    private readonly o: PoolOptions,
    private readonly onResult: (r: BatchJobResult) => Promise<void>,
    private readonly resolveAll: () => void,
    private readonly rejectAll: (e: unknown) => void,
  ) {
    this.slots = Array.from({ length: Math.min(o.workers, Math.max(1, jobs.length)) }, () => ({ worker: null, ready: false, job: null, started: 0, timer: null, killedFor: null }));
    // resident-memory watchdog: above the bound, the study running longest is stopped
    this.rssLimit = process.memoryUsage.rss() + this.slots.length * o.maxHeapMb * 1024 * 1024;
    this.watchdog = setInterval(() => this.checkMemory(), o.memoryPollMs ?? 200);
    this.watchdog.unref();
  }

  run(): void {
    if (this.jobs.length === 0) { clearInterval(this.watchdog); this.resolveAll(); return; }
    const signal = this.o.signal;
    if (signal) {
      if (signal.aborted) { this.abort(new Interrupted()); return; }
      signal.addEventListener('abort', () => this.abort(new Interrupted()), { once: true });
    }
    for (const s of this.slots) this.start(s);
  }

  private checkMemory(): void {
    if (this.killing > 0 || process.memoryUsage.rss() <= this.rssLimit) return;
    const busy = this.slots.filter((s) => s.job !== null).sort((a, b) => a.started - b.started)[0];
    if (!busy) return;
    busy.killedFor = `the batch went above its memory bound (${this.o.maxHeapMb} MB per worker, --study-memory) while analysing the study`;
    this.fail(busy, ErrorCode.RESOURCE_LIMIT, busy.killedFor);
    this.killing++;
    void busy.worker?.terminate().finally(() => { this.killing--; });
  }

  private abort(e: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    clearInterval(this.watchdog);
    for (const s of this.slots) { if (s.timer) clearTimeout(s.timer); void s.worker?.terminate(); }
    this.rejectAll(e);
  }

  private deliver(r: BatchJobResult): void {
    this.chain = this.chain.then(() => (this.aborted ? undefined : this.onResult(r))).then(() => {
      this.finished++;
      if (this.finished === this.jobs.length && !this.aborted) {
        clearInterval(this.watchdog);
        for (const s of this.slots) void s.worker?.terminate();
        this.resolveAll();
      }
    }, (e: unknown) => this.abort(e));
  }

  private fail(s: Slot, code: string, message: string): void {
    const job = s.job;
    if (!job) return;
    s.job = null;
    if (s.timer) { clearTimeout(s.timer); s.timer = null; }
    this.deliver({ index: job.index, ok: false, code, message });
  }

  private dispatch(s: Slot): void {
    if (this.aborted || !s.worker || !s.ready || s.job) return;
    if (this.next >= this.jobs.length) return;
    const job = this.jobs[this.next++]!;
    s.job = job;
    s.started = performance.now();
    s.timer = setTimeout(() => {
      s.killedFor = `the study took longer than the time limit (${this.o.timeoutMs / 1000} s, --study-timeout)`;
      this.fail(s, ErrorCode.RESOURCE_LIMIT, s.killedFor);
      void s.worker?.terminate();
    }, this.o.timeoutMs);
    s.worker.postMessage(job);
  }

  private start(s: Slot): void {
    if (this.aborted || this.next >= this.jobs.length) return;
    const w = new Worker(this.o.workerUrl, { workerData: this.o.workerData, resourceLimits: { maxOldGenerationSizeMb: this.o.maxHeapMb } });
    s.worker = w; s.ready = false; s.killedFor = null;
    let errored: Error | null = null;
    w.on('message', (m: BatchJobResult | { ready: true }) => this.onMessage(s, m));
    w.on('error', (e: Error & { code?: string }) => {
      errored = e;
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') this.fail(s, ErrorCode.RESOURCE_LIMIT, `the study needed more than the worker's memory limit (${this.o.maxHeapMb} MB of JS heap, --study-memory)`);
      else this.fail(s, ErrorCode.WORKER_FAILED, `the worker analysing the study crashed (${e.code ?? e.name}); a fresh worker took the next study`);
    });
    w.on('exit', (code) => this.onExit(s, w, code, errored));
  }

  private onMessage(s: Slot, m: BatchJobResult | { ready: true }): void {
    if ('ready' in m) { s.ready = true; this.startFailures = 0; this.dispatch(s); return; }
    if (!s.job || s.job.index !== m.index) return;
    s.job = null;
    if (s.timer) { clearTimeout(s.timer); s.timer = null; }
    this.deliver(m);
    this.dispatch(s);
  }

  private onExit(s: Slot, w: Worker, code: number, errored: Error | null): void {
    if (s.worker !== w) return;
    const wasReady = s.ready;
    s.worker = null; s.ready = false;
    if (s.timer) { clearTimeout(s.timer); s.timer = null; }
    if (s.job) this.fail(s, ErrorCode.WORKER_FAILED, `the worker analysing the study exited (code ${code}); a fresh worker took the next study`);
    if (this.aborted) return;
    if (!wasReady && !s.killedFor) {
      // a worker that cannot even start: do not loop forever
      if (++this.startFailures >= 3) { this.abort(errored ?? new Error(`batch worker could not start (exit code ${code})`)); return; }
    }
    this.start(s);
  }
}
