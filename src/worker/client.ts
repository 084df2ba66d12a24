/**
 * The page side of `spect-perfusion/worker`: a typed client over a Worker that
 * runs `serveAnalysisWorker` (protocol.ts). Replies are matched by id; a failed
 * request rejects with a `WorkerRequestError` carrying the worker's
 * `{ code, message }`.
 */
import { ErrorCode } from '../errors.js';
import type { AnalysisReport } from '../report/json.js';
import type { MessageEndpoint, StudyFile, WorkerAnalyzeOptions, WorkerErrorInfo, WorkerReply } from './protocol.js';

/** A request the worker answered with `{ ok: false, error }`, or a worker that failed (code WORKER_FAILED). */
export class WorkerRequestError extends Error {
  readonly code: string;
  constructor(info: WorkerErrorInfo) {
    super(info.message);
    this.name = 'WorkerRequestError';
    this.code = info.code;
  }
}

/** A Worker as the client needs it (browser `Worker`, node:worker_threads `Worker`). */
export interface WorkerLike extends MessageEndpoint {
  addEventListener(type: 'message', listener: (event: { readonly type?: string; readonly data?: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { readonly message?: string; preventDefault?(): void }) => void): void;
  terminate(): unknown;
}

export interface AnalyzeOutcome {
  readonly report: AnalysisReport;
  readonly json: string;
  readonly figure: Uint8Array | null;
}

export interface AnalysisClient {
  /** The worker's library version (also a readiness check). */
  ping(): Promise<string>;
  /**
   * Analyse a study's files. With `transfer: true` (default) the files' buffers
   * are handed to the worker (no copy; they become unusable here).
   */
  analyze(files: readonly StudyFile[], options?: WorkerAnalyzeOptions & { readonly figure?: boolean; readonly transfer?: boolean }): Promise<AnalyzeOutcome>;
  /** A request of an extension kind (`serveAnalysisWorker`'s `extensions`); resolves with its value. */
  request(kind: string, payload?: Readonly<Record<string, unknown>>, transfer?: ArrayBuffer[]): Promise<unknown>;
  /** Reject what is pending and stop the worker. */
  terminate(): void;
}

type Pending = { resolve: (r: WorkerReply & { ok: true }) => void; reject: (e: WorkerRequestError) => void };

/** A client for a worker that serves the analysis protocol. */
export function createAnalysisClient(worker: WorkerLike): AnalysisClient {
  const pending = new Map<number, Pending>();
  let nextId = 1;
  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new WorkerRequestError({ code: ErrorCode.WORKER_FAILED, message }));
    pending.clear();
  };
  worker.addEventListener('message', (event) => {
    const r = event.data as WorkerReply;
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    if (r.ok) p.resolve(r);
    else p.reject(new WorkerRequestError(r.error));
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault?.();
    failAll(`the analysis worker failed${event.message ? `: ${event.message}` : ''}`);
  });
  const call = (message: Readonly<Record<string, unknown>>, transfer: ArrayBuffer[]): Promise<WorkerReply & { ok: true }> => {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id }, transfer);
    });
  };
  return {
    ping: async () => {
      const r = await call({ kind: 'ping' }, []);
      return r.kind === 'ping' && 'version' in r ? r.version : '';
    },
    analyze: async (files, options = {}) => {
      const { figure, transfer, ...analysis } = options;
      const buffers = transfer === false ? [] : [...new Set(files.map((f) => f.bytes.buffer as ArrayBuffer))];
      const r = await call({ kind: 'analyze', files: files.map((f) => ({ name: f.name, bytes: f.bytes })), options: analysis, figure: figure === true }, buffers);
      if (!('report' in r)) throw new WorkerRequestError({ code: ErrorCode.WORKER_FAILED, message: 'the worker answered an analysis with no report' });
      return { report: r.report, json: r.json, figure: r.figure };
    },
    request: async (kind, payload = {}, transfer = []) => {
      const r = await call({ ...payload, kind }, transfer);
      return 'value' in r ? r.value : undefined;
    },
    terminate: () => {
      failAll('the analysis worker was terminated');
      void worker.terminate();
    },
  };
}
