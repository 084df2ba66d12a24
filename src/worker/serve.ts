/**
 * The worker side of `spect-perfusion/worker`: answer protocol requests
 * (protocol.ts). `handleWorkerRequest` is the pure function; `serveAnalysisWorker`
 * wires it to a worker's `self` (browsers) or `parentPort` (node:worker_threads).
 */
import { analyzeStudy } from '../pipeline/analyze.js';
import { ErrorCode, SpectError } from '../errors.js';
import { figureSourceOf } from '../report/figure/source.js';
import { renderStudyFigure } from '../report/figure/study.js';
import { reportToJson } from '../report/json.js';
import { VERSION } from '../version.js';
import { errorInfo, loadStudyFiles } from './load-files.js';
import type { MessageEndpoint, StudyFile, WorkerAnalyzeOptions, WorkerReply } from './protocol.js';

/** An answer and the buffers to hand over with it (not copied). */
export interface ReplyWithTransfer {
  readonly reply: WorkerReply;
  readonly transfer: ArrayBuffer[];
}

/** Extra request kinds a worker may answer (e.g. the example page's simulator): the request in, a value (and its transfer list) out. */
export type WorkerExtension = (request: Readonly<Record<string, unknown>>) =>
  | { readonly value: unknown; readonly transfer?: ArrayBuffer[] }
  | Promise<{ readonly value: unknown; readonly transfer?: ArrayBuffer[] }>;

export interface ServeOptions {
  readonly extensions?: Readonly<Record<string, WorkerExtension>>;
}

const invalid = (what: string): SpectError => new SpectError(ErrorCode.INVALID_PARAMETER, `worker request: ${what}`);

function checkFiles(files: unknown): StudyFile[] {
  if (!Array.isArray(files)) throw invalid('files must be an array of { name, bytes }');
  return files.map((f: unknown, i) => {
    const o = f as { name?: unknown; bytes?: unknown } | null;
    if (o === null || typeof o !== 'object' || typeof o.name !== 'string' || !(o.bytes instanceof Uint8Array)) {
      throw invalid(`file ${String(i + 1)} is not { name: string, bytes: Uint8Array }`);
    }
    return { name: o.name, bytes: o.bytes };
  });
}

function checkOptions(o: unknown): WorkerAnalyzeOptions {
  if (o === undefined) return {};
  if (o === null || typeof o !== 'object') throw invalid('options must be an object');
  const { ageYears, tracer, attenuationCorrected } = o as Record<string, unknown>;
  if (ageYears !== undefined && (typeof ageYears !== 'number' || !Number.isFinite(ageYears))) throw invalid('options.ageYears must be a finite number');
  if (tracer !== undefined && tracer !== 'HMPAO' && tracer !== 'ECD' && tracer !== 'IMP') throw invalid('options.tracer must be HMPAO, ECD or IMP');
  if (attenuationCorrected !== undefined && typeof attenuationCorrected !== 'boolean') throw invalid('options.attenuationCorrected must be a boolean');
  return {
    ...(ageYears !== undefined ? { ageYears } : {}),
    ...(tracer !== undefined ? { tracer } : {}),
    ...(attenuationCorrected !== undefined ? { attenuationCorrected } : {}),
  };
}

/** An analyze request: every field of the untyped message is checked before use (AnalyzeRequest's shape). */
async function analyze(id: number, req: Readonly<Record<string, unknown>>): Promise<ReplyWithTransfer> {
  const volume = await loadStudyFiles(checkFiles(req.files));
  const result = analyzeStudy(volume, checkOptions(req.options));
  const figure = req.figure === true ? renderStudyFigure(figureSourceOf(result)) : null;
  return {
    reply: { id, ok: true, kind: 'analyze', report: result.report, json: reportToJson(result.report), figure },
    transfer: figure ? [figure.buffer as ArrayBuffer] : [],
  };
}

/** Answer one request; never throws (failures become `{ ok: false, error: { code, message } }`). */
export async function handleWorkerRequest(message: unknown, options: ServeOptions = {}): Promise<ReplyWithTransfer> {
  const m = (message !== null && typeof message === 'object' ? message : {}) as Record<string, unknown>;
  const id = typeof m.id === 'number' ? m.id : -1;
  try {
    if (id < 0) throw invalid('a numeric id is required');
    if (m.kind === 'ping') return { reply: { id, ok: true, kind: 'ping', version: VERSION }, transfer: [] };
    if (m.kind === 'analyze') return await analyze(id, m);
    const ext = typeof m.kind === 'string' && Object.hasOwn(options.extensions ?? {}, m.kind) ? options.extensions![m.kind] : undefined;
    if (!ext) throw invalid('unknown kind (expected analyze or ping)');
    const out = await ext(m);
    return { reply: { id, ok: true, kind: m.kind as string, value: out.value }, transfer: out.transfer ?? [] };
  } catch (e) {
    return { reply: { id, ok: false, error: errorInfo(e) }, transfer: [] };
  }
}

/**
 * Serve the protocol on a worker's endpoint: `serveAnalysisWorker(self)` in a
 * module worker, `serveAnalysisWorker(parentPort)` under node:worker_threads.
 * Requests are answered in the order they finish (each carries its id).
 */
export function serveAnalysisWorker(endpoint: MessageEndpoint, options: ServeOptions = {}): void {
  endpoint.addEventListener('message', (event) => {
    void handleWorkerRequest(event.data, options).then(({ reply, transfer }) => endpoint.postMessage(reply, transfer));
  });
}
