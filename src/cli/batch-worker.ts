/**
 * Worker thread of `spect-perfusion batch`: analyses the studies it is sent,
 * one at a time, and posts back a small result (never the volume).
 */
import { parentPort } from 'node:worker_threads';
import { SpectError } from '../errors.js';
import { analyzePath } from './analyze-one.js';
import type { BatchJob, BatchJobResult } from './batch-types.js';

parentPort?.on('message', async (job: BatchJob) => {
  let result: BatchJobResult;
  try {
    const r = await analyzePath(job.path, job.options, { outDir: job.outDir, force: true, writeMni: job.writeMni }, job.manifest ? { manifest: job.manifest } : {});
    const m = r.result.volumeRef.metadata;
    const sources = { age: m.ageSource ?? null, sex: m.sexSource ?? null, tracer: m.tracerSource ?? null };
    result = { index: job.index, ok: true, report: r.result.report, written: [...r.written], sources };
  } catch (e) {
    const code = e instanceof SpectError ? e.code : 'INTERNAL';
    const message = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    result = { index: job.index, ok: false, code, message };
  }
  parentPort!.postMessage(result);
});
