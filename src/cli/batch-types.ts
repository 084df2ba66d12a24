/** Messages between `batch` and its workers. */
import type { AnalyzeOptions } from '../pipeline/analyze.js';
import type { AnalysisReport } from '../report/json.js';
import type { MetadataSource } from '../volume/volume.js';
import type { ManifestValues } from './manifest.js';
import type { FigureOptions } from '../report/figure.js';
import type { OutputFile } from './output-names.js';
import type { ResourceArgs } from './analyze-options.js';

/** Where the study's age, sex and tracer came from (null: unknown or not from the study). */
export interface StudySources {
  readonly age: MetadataSource | null;
  readonly sex: MetadataSource | null;
  readonly tracer: MetadataSource | null;
}

/** What every worker loads once (the files of --atlas, --template, --normals). */
export type BatchWorkerData = ResourceArgs;

export interface BatchJob {
  readonly index: number;
  readonly path: string;
  readonly options: AnalyzeOptions;
  readonly writeMni: boolean;
  /** The figures' options and --html (src/cli/batch-html.ts). */
  readonly html?: boolean;
  readonly figure?: FigureOptions;
  /** The study's manifest row, when the batch has a manifest. */
  readonly manifest?: ManifestValues;
}

/** A study's result. The worker sends the files to write (`files`); the batch writes them and keeps `written` (names). */
export type BatchJobResult =
  | {
    readonly index: number; readonly ok: true; readonly report: AnalysisReport; readonly sources?: StudySources;
    readonly files?: readonly OutputFile[]; readonly written?: readonly string[];
  }
  | { readonly index: number; readonly ok: false; readonly code: string; readonly message: string };

/** The first message of a worker: it has loaded and takes jobs. */
export interface WorkerReady {
  readonly ready: true;
}
