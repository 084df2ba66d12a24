/** Messages between `batch` and its workers. */
import type { AnalyzeOptions } from '../analyze.js';
import type { AnalysisReport } from '../report/json.js';
import type { MetadataSource } from '../volume/volume.js';
import type { ManifestValues } from './manifest.js';

/** Where the study's age, sex and tracer came from (null: unknown or not from the study). */
export interface StudySources {
  readonly age: MetadataSource | null;
  readonly sex: MetadataSource | null;
  readonly tracer: MetadataSource | null;
}

export interface BatchJob {
  readonly index: number;
  readonly path: string;
  readonly options: AnalyzeOptions;
  readonly outDir: string;
  readonly writeMni: boolean;
  /** The study's manifest row, when the batch has a manifest. */
  readonly manifest?: ManifestValues;
}

export type BatchJobResult =
  | { readonly index: number; readonly ok: true; readonly report: AnalysisReport; readonly written: string[]; readonly sources?: StudySources }
  | { readonly index: number; readonly ok: false; readonly code: string; readonly message: string };
