/**
 * Analyse one input path and write its outputs: shared by `analyze`, `batch`
 * and `demo`. Output file names are the study pseudonym, never anything taken
 * from inside the file.
 */
import { resolve, join } from 'node:path';
import { analyzeStudy, type AnalyzeOptions, type AnalysisResult } from '../pipeline/analyze.js';
import { writeNifti } from '../nifti/index.js';
import type { FigureOptions } from '../report/figure/source.js';
import { reportToJson } from '../report/json.js';
import { studyInMni, zMapVolume } from '../pipeline/outputs.js';
import type { Volume } from '../volume/volume.js';
import { isNiftiPath, loadStudy, sidecarPathFor } from '../node/load.js';
import { writeFileAtomic } from '../node/files.js';
import { applyManifestValues, type ManifestValues } from './manifest.js';
import { usage } from './args.js';
import { MNI_NIFTI_SUFFIX, ZMAP_NIFTI_SUFFIX, withSidecars, type OutputFile } from './output-names.js';

export type { OutputFile } from './output-names.js';

export interface OutputOptions {
  readonly outDir?: string;
  readonly force?: boolean;
  /** Also write the study resampled into MNI space (NIfTI, gzip). */
  readonly writeMni?: boolean;
  readonly figure?: boolean;
  /** Also write the HTML report `<id>.html` and its thumbnail `<id>_thumb.png` (for the batch report). */
  readonly html?: boolean;
  readonly figureOptions?: FigureOptions;
}

/** Where the study's own metadata come from, beyond its file. */
export interface InputOptions {
  /** A JSON sidecar for a NIfTI input instead of `<stem>.json` (false: none). */
  readonly sidecar?: string | false;
  /** Values of the study's batch manifest row. */
  readonly manifest?: ManifestValues;
}

export interface AnalyzedInput {
  readonly path: string;
  readonly result: AnalysisResult;
  readonly json: string;
  readonly written: readonly string[];
}

export async function analyzePath(path: string, opts: AnalyzeOptions, out: OutputOptions = {}, input: InputOptions = {}): Promise<AnalyzedInput> {
  const { result, volume } = await analyzeInput(path, opts, input);
  const json = reportToJson(result.report);
  const written: string[] = [];
  if (out.outDir) {
    const id = result.report.study.id;
    const source = { input: path, includeIdentifiers: result.report.study.identifiersIncluded };
    for (const f of [{ suffix: '.json', data: json }, ...withSidecars(id, await outputFiles(result, volume, out), source)]) {
      const p = join(out.outDir, id + f.suffix);
      await writeFileAtomic(p, f.data, { force: out.force === true });
      written.push(p);
    }
  }
  return { path, result, json, written };
}

/** Load and analyse one input (no output written). */
export async function analyzeInput(path: string, opts: AnalyzeOptions, input: InputOptions = {}): Promise<{ result: AnalysisResult; volume: Volume }> {
  const loaded = await loadStudy(path, input.sidecar !== undefined ? { sidecar: input.sidecar } : {});
  const volume = input.manifest ? applyManifestValues(loaded.volume, input.manifest) : loaded.volume;
  return { result: analyzeStudy(volume, opts), volume };
}

/**
 * The figure, z-map and (writeMni) MNI-space files of an analysis, in the order they are written.
 * The figure code (figure-files.ts) is imported here, on first use: `analyze --json` never loads it.
 */
export async function outputFiles(result: AnalysisResult, volume: Volume, out: Pick<OutputOptions, 'figure' | 'writeMni' | 'html' | 'figureOptions'>): Promise<OutputFile[]> {
  const files: OutputFile[] = [];
  const id = result.report.study.id;
  if (out.figure !== false || out.html) files.push(...(await import('./figure-files.js')).figureFiles(result, out));
  const zMap = zMapVolume(result);
  if (zMap) {
    files.push({
      suffix: ZMAP_NIFTI_SUFFIX,
      data: writeNifti(zMap, { gzip: true, xformCode: 4, description: id + ' z-map' }),
      sidecar: { Description: 'voxel-wise z-map of the study against the normal database (each voxel of the study in MNI space over its whole-brain mean, minus the controls\' mean, over their SD; 0 where their SD is 0), on the atlas grid' },
    });
  }
  if (out.writeMni) {
    files.push({
      suffix: MNI_NIFTI_SUFFIX,
      data: writeNifti(studyInMni(volume, result), { gzip: true, xformCode: 4, description: id }),
      sidecar: { Description: 'the study resampled into MNI space (trilinear) on the atlas grid by its registration, values as in the study' },
    });
  }
  return files;
}

/**
 * The study inputs among command-line arguments: a `.json` argument that is the
 * sidecar (`<stem>.json`) of a NIfTI argument is not an input of its own (the
 * NIfTI finds it); any other `.json` argument is a usage error.
 */
export function studyInputs(args: readonly string[]): string[] {
  const sidecars = new Set(args.filter(isNiftiPath).map((p) => resolve(sidecarPathFor(p))));
  const out: string[] = [];
  for (const [k, a] of args.entries()) {
    if (!/\.json$/i.test(a)) { out.push(a); continue; }
    if (sidecars.has(resolve(a))) continue;
    throw usage(`argument ${k + 1} is a JSON file but not the sidecar of a NIfTI argument (same name, .json instead of .nii/.nii.gz); give another sidecar with --sidecar FILE`);
  }
  return out;
}
