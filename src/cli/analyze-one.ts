/**
 * Analyse one input path and write its outputs: shared by `analyze`, `batch`
 * and `demo`. Output file names are the study pseudonym, never anything taken
 * from inside the file.
 */
import { join } from 'node:path';
import { analyzeStudy, type AnalyzeOptions, type AnalysisResult } from '../analyze.js';
import { writeNifti } from '../nifti/index.js';
import { renderFigure } from '../report/figure.js';
import { reportToJson } from '../report/json.js';
import { applyAffine } from '../volume/affine.js';
import { resampleVolume } from '../volume/resample.js';
import { createVolume } from '../volume/volume.js';
import { loadStudy } from '../node/load.js';
import { writeFileAtomic } from '../node/files.js';

export interface OutputOptions {
  readonly outDir?: string;
  readonly force?: boolean;
  /** Also write the study resampled into MNI space (NIfTI, gzip). */
  readonly writeMni?: boolean;
  readonly figure?: boolean;
}

export interface AnalyzedInput {
  readonly path: string;
  readonly result: AnalysisResult;
  readonly json: string;
  readonly written: readonly string[];
}

export async function analyzePath(path: string, opts: AnalyzeOptions, out: OutputOptions = {}): Promise<AnalyzedInput> {
  const { volume } = await loadStudy(path);
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
    reference: cls.reference ? { mean: cls.reference.mean, sd: cls.reference.sd, label: `${cls.reference.tracer} ${cls.reference.ageBand} MEAN +/- 2SD` } : null,
    caption: `${rep.study.id}  CB/CTX ${ratio === null ? '-' : ratio.toFixed(3)}  Z ${cls.zScore === null ? '-' : cls.zScore.toFixed(2)}  ${cls.label}`,
  });
}
