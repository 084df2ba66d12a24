// The analysis of the example page, without any DOM: used by worker.js (and
// importable on the main thread). Files are { name, bytes: Uint8Array }.
// The library bundle (./lib/index.js) is built by
//   npx tsx test/browser/build-example.ts          (see docs/browser.md)
import {
  analyzeStudy, applyAffine, groupDicomFiles, parseInterfileHeader, phantomSource, pickSpectSeries,
  prepareSource, readDicom, readInterfile, readNifti, readSeriesGroup, renderFigure, renderStudy, reportToJson, simulateStudy,
} from './lib/index.js';

const INTERFILE_HEADER = /\.(h33|hv|hdr|h00)$/i;
const NIFTI = /\.nii(\.gz)?$/i;

/** @param {Uint8Array} b */
function looksLikeInterfile(b) {
  return /^\s*!?INTERFILE/i.test(new TextDecoder('latin1').decode(b.subarray(0, 64)));
}

/** @param {Uint8Array} b NIfTI-1/2 magic at byte 344 / 4, or gzip */
function looksLikeNifti(b) {
  const at = (o, s) => b.length >= o + s.length && [...s].every((c, i) => b[o + i] === c.charCodeAt(0));
  return at(344, 'n+1') || at(344, 'ni1') || at(4, 'n+2') || at(4, 'ni2') || (b[0] === 0x1f && b[1] === 0x8b);
}

/**
 * Read the picked files into a Volume: one NIfTI file, an Interfile header with
 * its data file, one DICOM file, or several DICOM files (the reconstructed
 * SPECT series among them is picked).
 * @param {{ name: string, bytes: Uint8Array }[]} files
 */
export async function loadStudy(files) {
  if (files.length === 0) throw new Error('no file picked');
  const header = files.find((f) => INTERFILE_HEADER.test(f.name) || looksLikeInterfile(f.bytes));
  if (header && looksLikeInterfile(header.bytes)) {
    const text = new TextDecoder('latin1').decode(header.bytes);
    const h = parseInterfileHeader(text);
    const dataName = (h.keys['name of data file'] ?? '').replace(/\\/g, '/').split('/').pop() ?? '';
    const data = files.find((f) => f !== header && f.name.toLowerCase() === dataName.toLowerCase())
      ?? (files.length === 2 ? files.find((f) => f !== header) : undefined);
    if (!data) throw new Error(`pick the Interfile data file "${dataName}" together with its header`);
    return readInterfile(text, data.bytes);
  }
  if (files.length === 1) {
    const f = files[0];
    if (NIFTI.test(f.name) || looksLikeNifti(f.bytes)) return readNifti(f.bytes);
    return readDicom(f.bytes);
  }
  const grouped = groupDicomFiles(files);
  return readSeriesGroup(pickSpectSeries(grouped.series));
}

/** The report figure (PNG bytes), centred on the cerebellum as the CLI does. */
export function figureOf(result) {
  const rep = result.report;
  const v = result.volumeRef;
  const cb = new Set(result.atlas.groups.cerebellum ?? []);
  const cx = new Set(result.atlas.groups.cerebralCortex ?? []);
  const [nx, ny, nz] = v.dims;
  const L = result.labelsInSubject;
  let si = 0, sj = 0, sk = 0, n = 0;
  for (let idx = 0; idx < L.length; idx++) {
    if (!cb.has(L[idx])) continue;
    si += idx % nx; sj += Math.floor(idx / nx) % ny; sk += Math.floor(idx / (nx * ny)); n++;
  }
  const aff = new Float64Array(v.affine);
  const c = n > 0 ? applyAffine(aff, si / n, sj / n, sk / n) : applyAffine(aff, (nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2);
  c[2] += 20; // some cerebrum above the cerebellum
  const cls = rep.classification;
  const ratio = rep.ratios.cerebellumToCortex;
  return renderFigure({
    volume: v, labels: L, cerebellumLabels: [...cb], cortexLabels: [...cx], centre: c, ratio,
    reference: cls.reference ? { mean: cls.reference.mean, sd: cls.reference.sd, label: `${cls.reference.tracer} ${cls.reference.ageBand} MEAN +/- 2SD` } : null,
    caption: `${rep.study.id}  CB/CTX ${ratio === null ? '-' : ratio.toFixed(3)}  Z ${cls.zScore === null ? '-' : cls.zScore.toFixed(2)}  ${cls.label}`,
  });
}

/**
 * Whole pipeline on picked files.
 * @param {{ name: string, bytes: Uint8Array }[]} files
 * @param {{ ageYears?: number, tracer?: 'HMPAO' | 'ECD' | 'IMP' }} options
 */
export async function analyzeFiles(files, options = {}) {
  const volume = await loadStudy(files);
  const result = analyzeStudy(volume, options);
  return { report: result.report, json: reportToJson(result.report), figure: figureOf(result) };
}

/** The phantom prepared once per thread (about 1 s). */
let preparedPhantom = null;

/**
 * A simulated study, for trying the page without data: the project's SPECT
 * simulator on its built-in digital phantom (docs/simulator.md), 64^3 at
 * 4.4 mm, Tc-99m HMPAO, written as a GE-style NM multi-frame DICOM file.
 * Deterministic for a given seed (the same bytes as in Node).
 * @param {{ cerebellarFactor: number, ageYears: number, seed: number }} p
 */
export function simulateFile(p) {
  preparedPhantom ??= prepareSource(phantomSource());
  const sim = simulateStudy(preparedPhantom, {
    cerebellarFactor: p.cerebellarFactor, ageYears: p.ageYears, sex: 'F', tracer: 'HMPAO', matrix: 64, voxelSizeMm: 4.4,
  }, p.seed);
  const file = renderStudy(sim, { format: 'ge' }).files[0];
  return { name: `simulated_f${p.cerebellarFactor}_${p.ageYears}y_seed${p.seed}.dcm`, bytes: file.bytes, idealRatio: sim.truth.idealRatio };
}
