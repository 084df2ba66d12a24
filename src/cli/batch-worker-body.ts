/**
 * Worker thread of `spect-perfusion batch` (loaded by batch-worker.ts after the compile
 * cache): analyses the studies it is sent, one at a time, and posts back the report and
 * the bytes of its figure and maps (never the volume); the batch writes them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalyzeOptions } from '../pipeline/analyze.js';
import { analyzeInput, outputFiles } from './analyze-one.js';
import { loadResources } from './analyze-options.js';
import type { BatchJob, BatchJobResult, BatchWorkerData, WorkerReady } from './batch-types.js';
import { testFault } from './batch-test-faults.js';
import { failureOf } from './exit-codes.js';
import { setHmacSha256 } from '../hash/sha256.js';
import { nodeHmacSha256 } from '../node/hmac.js';

setHmacSha256(nodeHmacSha256); // as the command line (main.ts)

const shared = (workerData ?? {}) as BatchWorkerData;
let resources: Promise<Partial<AnalyzeOptions>> | null = null;

/** The --atlas, --template and --normals of the batch, loaded once per worker (as `analyze` loads them). */
function sharedResources(): Promise<Partial<AnalyzeOptions>> {
  resources ??= loadResources(shared);
  return resources;
}

/** Analyse one job and post its result (never rejects: every failure is a failed study). */
async function handle(job: BatchJob): Promise<void> {
  let result: BatchJobResult;
  let transfer: ArrayBuffer[] = [];
  try {
    testFault(job.path);
    const opts = { ...job.options, ...(await sharedResources()) };
    const { result: r, volume } = await analyzeInput(job.path, opts, job.manifest ? { manifest: job.manifest } : {});
    const m = r.volumeRef.metadata;
    const sources = { age: m.ageSource ?? null, sex: m.sexSource ?? null, tracer: m.tracerSource ?? null };
    const files = await outputFiles(r, volume, { writeMni: job.writeMni, html: job.html === true, figureOptions: job.figure ?? {} });
    transfer = files.map((f) => f.data.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    result = { index: job.index, ok: true, report: r.report, files, sources };
  } catch (e) {
    // a raw file-system error's message holds the path: only its code is kept
    result = { index: job.index, ok: false, ...failureOf(e) };
  }
  try {
    parentPort!.postMessage(result, [...new Set(transfer)]);
  } catch {
    // a buffer that cannot be transferred (e.g. from Node's shared Buffer pool) is copied instead
    parentPort!.postMessage(result);
  }
}

parentPort?.on('message', (job: BatchJob) => {
  void handle(job);
});

const ready: WorkerReady = { ready: true };
parentPort?.postMessage(ready);
