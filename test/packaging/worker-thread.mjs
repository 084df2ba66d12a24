// A node:worker_threads worker serving the spect-perfusion/worker protocol from
// the TypeScript sources (tsx's loader registered in this thread), for
// test/packaging/worker.test.ts.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveAnalysisWorker } = await import('../../src/worker/index.ts');
serveAnalysisWorker(parentPort);
