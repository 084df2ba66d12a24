/**
 * spect-perfusion/worker (src/worker): the message protocol in-process
 * (`handleWorkerRequest`) and through a real thread (node:worker_threads +
 * `createAnalysisClient`). The reference is the same study analysed by the
 * public API directly (`readDicom` / `readNifti` + `analyzeStudy` +
 * `reportToJson`): the worker must give the byte-identical report.
 */
import { parentPort, Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStudy, phantomSource, prepareSource, readDicom, readNifti, renderStudy, reportToJson, simulateStudy } from '../../src/index.js';
import { createAnalysisClient, handleWorkerRequest, serveAnalysisWorker, WorkerRequestError, type WorkerLike } from '../../src/worker/index.js';

const sim = simulateStudy(prepareSource(phantomSource()), {
  cerebellarFactor: 0.5, matrix: 64, voxelSizeMm: 4.4, ageYears: 5, sex: 'F', tracer: 'HMPAO',
  pose: { rotationsDeg: [4, -3, 2], translationMm: [3, -5, 2] },
}, 20261202);
const dicom = renderStudy(sim, { format: 'ge' }).files[0]!;
const nifti = renderStudy(sim, { format: 'nifti' }).files[0]!;
const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);

/** node:worker_threads' Worker is an EventEmitter: the client's structural Worker over it. */
function nodeWorker(w: Worker): WorkerLike {
  return {
    postMessage: (m: unknown, t: ArrayBuffer[]) => w.postMessage(m, t),
    addEventListener: ((type: 'message' | 'error', l: (e: { data?: unknown; message?: string }) => void) => {
      if (type === 'message') w.on('message', (data: unknown) => l({ data }));
      else w.on('error', (e: Error) => l({ message: e.message }));
    }) as WorkerLike['addEventListener'],
    terminate: () => w.terminate(),
  };
}

// compile time only (the project's tsconfig has the DOM lib): a browser Worker is a WorkerLike,
// node:worker_threads' parentPort a MessageEndpoint
function endpointTypes(): void {
  createAnalysisClient(new globalThis.Worker('analysis-worker.js', { type: 'module' }));
  if (parentPort) serveAnalysisWorker(parentPort);
}
void endpointTypes;

describe('handleWorkerRequest (in-process)', () => {
  it('analyses a DICOM file: the same report as the public API, the figure as PNG, the figure buffer in the transfer list', async () => {
    const direct = reportToJson(analyzeStudy(await readDicom(dicom.bytes)).report);
    const { reply, transfer } = await handleWorkerRequest({ id: 7, kind: 'analyze', files: [{ name: 'a.dcm', bytes: copy(dicom.bytes) }], figure: true });
    expect(reply.ok).toBe(true);
    if (!reply.ok || reply.kind !== 'analyze' || !('report' in reply)) throw new Error('not an analysis reply');
    expect(reply.id).toBe(7);
    expect(reply.json).toBe(direct);
    expect(reply.report.classification.label).toBe('severe');
    expect([...reply.figure!.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(transfer).toEqual([reply.figure!.buffer]);
  });

  it('tells a NIfTI by its magic and applies the age and tracer options', async () => {
    const direct = reportToJson(analyzeStudy(readNifti(nifti.bytes), { ageYears: 5, tracer: 'HMPAO' }).report);
    const { reply } = await handleWorkerRequest({ id: 1, kind: 'analyze', files: [{ name: 'x.bin', bytes: copy(nifti.bytes) }], options: { ageYears: 5, tracer: 'HMPAO' } });
    expect(reply.ok && 'json' in reply ? reply.json : null).toBe(direct);
    expect(reply.ok && 'figure' in reply ? reply.figure : 'missing').toBeNull();
  });

  it('answers errors as { code, message }: not a study, bad requests, unknown kinds', async () => {
    const cases: Array<[unknown, string]> = [
      [{ id: 2, kind: 'analyze', files: [{ name: 'notes.dcm', bytes: new TextEncoder().encode('not a DICOM file '.repeat(30)) }] }, 'NOT_DICOM'],
      [{ id: 3, kind: 'analyze', files: [] }, 'IO_ERROR'],
      [{ id: 4, kind: 'analyze', files: [{ name: 'a', bytes: 'text' }] }, 'INVALID_PARAMETER'],
      [{ id: 5, kind: 'analyze', files: [{ name: 'a.dcm', bytes: dicom.bytes }], options: { tracer: 'FDG' } }, 'INVALID_PARAMETER'],
      [{ id: 6, kind: 'render' }, 'INVALID_PARAMETER'],
      [{ kind: 'ping' }, 'INVALID_PARAMETER'],
      [null, 'INVALID_PARAMETER'],
    ];
    for (const [request, code] of cases) {
      const { reply } = await handleWorkerRequest(request);
      expect(reply.ok, JSON.stringify(request)?.slice(0, 60)).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.code).toBe(code);
      expect(reply.error.message).toMatch(/\S/);
      expect(reply.id).toBe((request as { id?: number } | null)?.id ?? -1);
    }
  });

  it('serves extension kinds and turns their non-SpectError failures into WORKER_FAILED', async () => {
    const extensions = {
      double: (r: Readonly<Record<string, unknown>>) => ({ value: 2 * (r.x as number) }),
      broken: () => { throw new RangeError('boom'); },
    };
    expect((await handleWorkerRequest({ id: 1, kind: 'double', x: 21 }, { extensions })).reply).toEqual({ id: 1, ok: true, kind: 'double', value: 42 });
    expect((await handleWorkerRequest({ id: 2, kind: 'broken' }, { extensions })).reply).toEqual({ id: 2, ok: false, error: { code: 'WORKER_FAILED', message: 'RangeError: boom' } });
    // inherited names are not kinds
    expect((await handleWorkerRequest({ id: 3, kind: 'toString' }, { extensions })).reply.ok).toBe(false);
  });
});

describe('createAnalysisClient over a node:worker_threads worker', () => {
  let worker: Worker;
  beforeAll(() => {
    worker = new Worker(new URL('./worker-thread.mjs', import.meta.url));
  });
  afterAll(async () => {
    await worker?.terminate();
  });

  it('pings, analyses (files transferred), and rejects with the typed error', async () => {
    const client = createAnalysisClient(nodeWorker(worker));
    expect(await client.ping()).toMatch(/^\d+\.\d+\.\d+/);
    const direct = reportToJson(analyzeStudy(await readDicom(dicom.bytes)).report);
    const bytes = copy(dicom.bytes);
    const [a, b] = await Promise.all([
      client.analyze([{ name: 'a.dcm', bytes }]),
      client.analyze([{ name: 'b.nii', bytes: copy(nifti.bytes) }], { ageYears: 5, tracer: 'HMPAO', figure: true }),
    ]);
    expect(bytes.byteLength).toBe(0); // handed over, not copied
    expect(a.json).toBe(direct);
    expect(a.figure).toBeNull();
    expect(b.report.ratios.cerebellumToCortex).toBe(analyzeStudy(readNifti(nifti.bytes), { ageYears: 5, tracer: 'HMPAO' }).report.ratios.cerebellumToCortex);
    expect(b.figure!.length).toBeGreaterThan(1000);
    const err = await client.analyze([{ name: 'x.dcm', bytes: new Uint8Array(300) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerRequestError);
    expect((err as WorkerRequestError).code).toBe('NOT_DICOM');
    const unknown = await client.request('nothing').catch((e: unknown) => e);
    expect((unknown as WorkerRequestError).code).toBe('INVALID_PARAMETER');
  });
});
