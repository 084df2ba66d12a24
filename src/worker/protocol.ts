/**
 * The message protocol of `spect-perfusion/worker` (docs/browser.md): the page
 * posts requests, the worker answers each with the same `id`. Everything in it
 * is structured-clone data; file bytes travel in the transfer list.
 */
import type { AnalysisReport } from '../report/json.js';
import type { Tracer } from '../classify/reference-ranges.js';

/** One picked file: its name (used only to tell NIfTI and Interfile headers apart) and its bytes. */
export interface StudyFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** The analysis options that can cross a thread boundary (the others hold atlases or databases). */
export interface WorkerAnalyzeOptions {
  /** Age in years (overrides the file's). */
  readonly ageYears?: number;
  /** Tracer (overrides the file's). */
  readonly tracer?: Tracer;
  /** Whether attenuation correction was applied (overrides the file's). */
  readonly attenuationCorrected?: boolean;
}

/** Analyse a study: one DICOM file, the files of a DICOM series, a NIfTI file, or an Interfile header with its data file. */
export interface AnalyzeRequest {
  readonly id: number;
  readonly kind: 'analyze';
  readonly files: readonly StudyFile[];
  readonly options?: WorkerAnalyzeOptions;
  /** Also render the report figure (PNG bytes, the CLI's study figure). Default false. */
  readonly figure?: boolean;
}

/** Ask the worker whether it is loaded; it answers with the library version. */
export interface PingRequest {
  readonly id: number;
  readonly kind: 'ping';
}

export type WorkerRequest = AnalyzeRequest | PingRequest;

/** A failure, as `SpectError` gives it: a stable code (docs/errors.md) and a message without file contents. */
export interface WorkerErrorInfo {
  readonly code: string;
  readonly message: string;
}

export interface AnalyzeReply {
  readonly id: number;
  readonly ok: true;
  readonly kind: 'analyze';
  readonly report: AnalysisReport;
  /** `reportToJson(report)`: the canonical JSON text (byte-identical to the CLI's `--json`). */
  readonly json: string;
  /** PNG bytes when the request asked for the figure, else null. */
  readonly figure: Uint8Array | null;
}

export interface PingReply {
  readonly id: number;
  readonly ok: true;
  readonly kind: 'ping';
  readonly version: string;
}

/** An answer to a request of an extension kind (`serveAnalysisWorker`'s `extensions`). */
export interface ExtensionReply {
  readonly id: number;
  readonly ok: true;
  readonly kind: string;
  readonly value: unknown;
}

export interface ErrorReply {
  readonly id: number;
  readonly ok: false;
  readonly error: WorkerErrorInfo;
}

export type WorkerReply = AnalyzeReply | PingReply | ExtensionReply | ErrorReply;

/** The two ends, structurally: a module Worker / `self` of a worker in browsers, a `Worker` / `parentPort` of node:worker_threads. */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { readonly type?: string; readonly data?: unknown }) => void): void;
}
