/**
 * spect-perfusion/worker: the analysis off the main thread (docs/browser.md).
 *
 * In the worker (a module Worker, or node:worker_threads):
 *   import { serveAnalysisWorker } from 'spect-perfusion/worker';
 *   serveAnalysisWorker(self);                 // or serveAnalysisWorker(parentPort)
 * On the page:
 *   const client = createAnalysisClient(new Worker(new URL('./my-worker.js', import.meta.url), { type: 'module' }));
 *   const { report } = await client.analyze([{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }], { ageYears: 4 });
 * Errors reject with `WorkerRequestError` (`code` as in docs/errors.md, `message`).
 */
export { serveAnalysisWorker, handleWorkerRequest } from './serve.js';
export type { ReplyWithTransfer, ServeOptions, WorkerExtension } from './serve.js';
export { createAnalysisClient, WorkerRequestError } from './client.js';
export type { AnalysisClient, AnalyzeOutcome, WorkerLike } from './client.js';
export { loadStudyFiles } from './load-files.js';
export type {
  StudyFile, WorkerAnalyzeOptions, AnalyzeRequest, PingRequest, WorkerRequest, WorkerErrorInfo,
  AnalyzeReply, PingReply, ExtensionReply, ErrorReply, WorkerReply, MessageEndpoint,
} from './protocol.js';
