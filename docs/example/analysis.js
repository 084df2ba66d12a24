// The analysis of the example page, without any DOM: used by worker.js (and
// importable on the main thread). Files are { name, bytes: Uint8Array }.
// The library bundle (./lib/index.js) is built by
//   npx tsx test/browser/build-example.ts          (see docs/browser.md)
import {
  analyzeStudy, figureSourceOf, phantomSource, prepareSource, renderStudy, renderStudyFigure, reportToJson, simulateStudy,
} from './lib/index.js';
import { loadStudyFiles } from './lib/worker.js';

/**
 * Read the picked files into a Volume (spect-perfusion/worker's `loadStudyFiles`):
 * one NIfTI file, an Interfile header with its data file, one DICOM file, or
 * several DICOM files (the reconstructed SPECT series among them is picked).
 * @param {{ name: string, bytes: Uint8Array }[]} files
 */
export const loadStudy = loadStudyFiles;

/**
 * Whole pipeline on picked files, on the calling thread (the page itself asks
 * its worker instead): the report, its JSON and the CLI's study figure.
 * @param {{ name: string, bytes: Uint8Array }[]} files
 * @param {{ ageYears?: number, tracer?: 'HMPAO' | 'ECD' | 'IMP' }} options
 */
export async function analyzeFiles(files, options = {}) {
  const result = analyzeStudy(await loadStudyFiles(files), options);
  return { report: result.report, json: reportToJson(result.report), figure: renderStudyFigure(figureSourceOf(result)) };
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
