/**
 * Validation run for docs/validation.md: simulated cohorts from both simulator
 * sources, analysed end to end. `npx tsx bench/validate.ts [--n 40] [--seed 11]`
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNifti, readNiftiLabels } from '../src/nifti/index.js';
import { phantomSource } from '../src/simulate/sources.js';
import { runCohort, summarise, type StudyOutcome } from '../test/validation/cohort.js';

const args = process.argv.slice(2);
const n = Number(args[args.indexOf('--n') + 1] ?? 40) || 40;
const seed = Number(args[args.indexOf('--seed') + 1] ?? 11) || 11;
const shared = resolve(process.cwd(), '..', 'shared', 'data');

function show(name: string, rows: StudyOutcome[]) {
  const s = summarise(rows);
  console.log(`\n### ${name}: ${s.n} studies\n`);
  console.log(`sensitivity ${s.sensitivity.toFixed(3)} (${s.severeN} severe), specificity ${s.specificity.toFixed(3)} (${s.normalN} normal), ` +
    `r(measured, ideal) ${s.correlation.toFixed(4)}, MAE ${s.meanAbsError.toFixed(4)}, max error ${s.maxAbsError.toFixed(4)}, ` +
    `cerebellum partly outside FOV: ${s.cutStudies} studies, ${s.cutFlagged} flagged`);
  console.log('\n| # | class | rel. factor | age | tracer | format | ideal | measured | label | severe flag | CB coverage | NCC |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.index} | ${r.truthClass} | ${r.relativeFactor.toFixed(2)} | ${r.ageYears} | ${r.tracer} | ${r.format} | ${r.idealRatio.toFixed(3)} | ${r.measuredRatio?.toFixed(3) ?? '-'} | ${r.label} | ${r.severe} | ${r.cerebellumCoverage.toFixed(3)} | ${r.similarity.toFixed(3)} |`);
  }
}

const t0 = performance.now();
show('Source (a): built-in phantom', await runCohort(phantomSource(), n, seed));
const activity = readNifti(new Uint8Array(readFileSync(resolve(shared, 'nifti/templates/spm12_OldNorm_SPECT.nii'))));
const lab = readNiftiLabels(new Uint8Array(readFileSync(resolve(shared, 'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'))));
show('Source (b): SPM12 HMPAO template + FSL MNI atlas', await runCohort({
  activity, labels: { data: lab.labels, dims: lab.volume.dims, affine: lab.volume.affine, cerebellum: [2], cortex: [3, 4, 5, 6, 8] },
}, n, seed + 1));
console.log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
