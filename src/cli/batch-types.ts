/** Messages between `batch` and its workers. */
import type { AnalyzeOptions } from '../analyze.js';
import type { AnalysisReport } from '../report/json.js';

export interface BatchJob {
  readonly index: number;
  readonly path: string;
  readonly options: AnalyzeOptions;
  readonly outDir: string;
  readonly writeMni: boolean;
}

export type BatchJobResult =
  | { readonly index: number; readonly ok: true; readonly report: AnalysisReport; readonly written: string[] }
  | { readonly index: number; readonly ok: false; readonly code: string; readonly message: string };
