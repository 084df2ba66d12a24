/**
 * Analyse one input path and write its outputs: shared by `analyze`, `batch`
 * and `demo`. Output file names are the study pseudonym, never anything taken
 * from inside the file.
 */
import { resolve, join } from 'node:path';
import { analyzeStudy, type AnalyzeOptions, type AnalysisResult } from '../analyze.js';
import { writeNifti } from '../nifti/index.js';
import { figureCaption, renderFigure } from '../report/figure.js';
import { reportToJson } from '../report/json.js';
import { applyAffine } from '../volume/affine.js';
import { resampleVolume } from '../volume/resample.js';
import { createVolume } from '../volume/volume.js';
import { isNiftiPath, loadStudy, sidecarPathFor } from '../node/load.js';
import { writeFileAtomic } from '../node/files.js';
import { applyManifestValues, type ManifestValues } from './manifest.js';
import { usage } from './args.js';

export interface OutputOptions {
  readonly outDir?: string;
  readonly force?: boolean;
  /** Also write the study resampled into MNI space (NIfTI, gzip). */
  readonly writeMni?: boolean;
  readonly figure?: boolean;
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
  const loaded = await loadStudy(path, input.sidecar !== undefined ? { sidecar: input.sidecar } : {});
  const volume = input.manifest ? applyManifestValues(loaded.volume, input.manifest) : loaded.volume;
  const result = analyzeStudy(volume, opts);
  const json = reportToJson(result.report);
  const written: string[] = [];
  if (out.outDir) {
    const id = result.report.study.id;
    const w = async (name: string, data: Uint8Array | string) => {
      const p = join(out.outDir!, name);
      await writeFileAtomic(p, data, { force: out.force === true });
      written.push(p);
    };
    await w(`${id}.json`, json);
    if (out.figure !== false) await w(`${id}.png`, figureFor(result));
    if (result.zMap) {
      const a = result.atlas;
      await w(`${id}_zmap.nii.gz`, writeNifti(createVolume({ data: result.zMap, dims: a.dims, affine: a.affine }), { gzip: true, xformCode: 4, description: id + ' z-map' }));
    }
    if (out.writeMni) {
      const a = result.atlas;
      const mni = resampleVolume(volume, a.dims, a.affine, { worldTransform: result.registration.mniToSubject });
      await w(`${id}_mni.nii.gz`, writeNifti(mni, { gzip: true, xformCode: 4, description: id }));
    }
  }
  return { path, result, json, written };
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

/** The PNG figure of an analysis. */
export function figureFor(r: AnalysisResult): Uint8Array {
  const rep = r.report;
  // centre: the cerebellum's centroid in the study (mean of its voxel positions)
  const v = rep.volume;
  const cb = new Set(r.atlas.groups.cerebellum ?? []);
  const cx = new Set(r.atlas.groups.cerebralCortex ?? []);
  const [nx, ny] = v.dims;
  let si = 0, sj = 0, sk = 0, n = 0;
  const L = r.labelsInSubject;
  for (let idx = 0; idx < L.length; idx++) {
    if (!cb.has(L[idx]!)) continue;
    const i = idx % nx, j = Math.floor(idx / nx) % ny, k = Math.floor(idx / (nx * ny));
    si += i; sj += j; sk += k; n++;
  }
  const aff = new Float64Array(v.affine);
  const c = n > 0 ? applyAffine(aff, si / n, sj / n, sk / n) : applyAffine(aff, (v.dims[0] - 1) / 2, (v.dims[1] - 1) / 2, (v.dims[2] - 1) / 2);
  c[2] += 20; // show some cerebrum above the cerebellum
  const cls = rep.classification;
  const ratio = rep.ratios.cerebellumToCortex;
  return renderFigure({
    volume: r.volumeRef,
    labels: L,
    cerebellumLabels: [...cb],
    cortexLabels: [...cx],
    centre: c,
    ratio,
    reference: cls.reference ? { mean: cls.reference.mean, sd: cls.reference.sd, label: `${cls.reference.tracer} ${cls.reference.kind === 'normals' ? 'DATABASE' : 'AGE MODEL'} MEAN +/- 2SD` } : null,
    caption: figureCaption(rep),
  });
}
