/**
 * Validation run for docs/validation.md: realistic simulated cohorts from both
 * simulator sources, analysed end to end, summarised per age group; then the
 * same cohorts with the children's normal ratio 10 % above and below the age
 * model. `npx tsx bench/validate.ts [--n 64] [--write] [--quick] [--no-chang] [--source a|b] [--normal=tissue] [--seed-a N] [--seed-b N] [--b-head=t1]`
 * (--seed-a / --seed-b: cohorts of other seeds than the validation's, e.g. 31 and 32 for a check on new
 * studies; not with --write, whose tables are those of the validation seeds)
 * (--quick skips the +-10 % runs; --no-chang analyses every study as attenuation corrected,
 * the library's Chang step off: the "before" of docs/validation.md; --source runs one source;
 * --normal=tissue sets the normal subject's cerebellar factor to the model's tissue ratio
 * expected(age) / expected(adult), the definition before session 20, instead of calibrating
 * its ideal ratio at the study's blur to the age model; --b-head=t1 attenuates source (b) inside
 * the avg152T1 head of ../shared/data (bench/t1-head.ts) instead of the simulator's head model, a
 * check with a head the library's models were not built from; not with --write).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readNifti, readNiftiLabels } from '../src/nifti/index.js';
import { phantomSource } from '../src/simulate/sources.js';
import type { SimSource } from '../src/simulate/index.js';
import {
  AGE_GROUPS,
  runCohort,
  summariseByGroup,
  type GroupSummary,
  type NormalDefinition,
  type StudyOutcome,
} from '../test/validation/cohort.js';
import { SEEDS } from '../test/validation/seeds.js';
import { t1Head } from './t1-head.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || dflt : dflt);
const n = arg('--n', 64);
const seedA = arg('--seed-a', SEEDS.a),
  seedB = arg('--seed-b', SEEDS.b);
if (args.includes('--write') && (seedA !== SEEDS.a || seedB !== SEEDS.b)) {
  console.error('--write records the validation seeds only: drop --seed-a / --seed-b');
  process.exit(2);
}
if (args.includes('--write') && args.includes('--b-head=t1')) {
  console.error('--write records the simulator head model only: drop --b-head=t1');
  process.exit(2);
}
const noChang = args.includes('--no-chang');
const only = args.includes('--source') ? args[args.indexOf('--source') + 1] : null;
const normalDefinition: NormalDefinition = args.includes('--normal=tissue') ? 'tissue' : 'ratio';
const normalText = normalDefinition === 'tissue' ? ' (normal factor = tissue ratio of the model, pre-session-20 definition)' : '';
const out: string[] = [];
const log = (s: string) => {
  out.push(s);
  console.log(s);
};
const shared = resolve(process.cwd(), '..', 'shared', 'data');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');
const signed = (x: number) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(3) : '-');

function groupTable(rows: StudyOutcome[]): void {
  const s = summariseByGroup(rows);
  log(
    '| age group | studies | severe | sensitivity | normal + unilateral | specificity | unilateral flagged severe | moderate labelled severe | normal labelled moderate/severe | ratio MAE | severe-band bias | largest error |',
  );
  log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const g of [...AGE_GROUPS, 'all'] as const) {
    const x: GroupSummary = s[g];
    log(
      `| ${g} | ${x.n} | ${x.severeN} | ${f3(x.sensitivity)} | ${x.othersN} | ${f3(x.specificity)} | ${x.unilateralFlaggedSevere} | ${x.moderateLabelledSevere} | ${x.normalLabelledModerateOrSevere} | ${f3(x.meanAbsError)} | ${signed(x.severeBias)} | ${f3(x.maxAbsError)} |`,
    );
  }
}

/** The GTM-corrected ratio against the tissue ratio (attenuation-corrected studies), beside the plain ratio against it. */
function pvcLine(rows: StudyOutcome[]): void {
  const ac = rows.filter((r) => r.attenuationCorrected && r.pvcRatio !== null && r.measuredRatio !== null);
  const m = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const sev = ac.filter((r) => r.truthClass === 'severe');
  log(
    `\nPartial-volume-corrected ratio (GTM, 12 mm assumed) against the tissue ratio, ${ac.length} attenuation-corrected studies: ` +
      `MAE ${f3(m(ac.map((r) => Math.abs(r.pvcRatio! - r.tissueRatio))))}, severe bias ${signed(m(sev.map((r) => r.pvcRatio! - r.tissueRatio)))}; ` +
      `plain ratio against the tissue ratio: MAE ${f3(m(ac.map((r) => Math.abs(r.measuredRatio! - r.tissueRatio))))}, severe bias ${signed(m(sev.map((r) => r.measuredRatio! - r.tissueRatio)))}.`,
  );
  const byAc = (x: boolean) => rows.filter((r) => r.attenuationCorrected === x && r.measuredRatio !== null);
  const noAc = rows.filter((r) => !r.attenuationCorrected && r.measuredRatio !== null);
  const chang = noAc.filter((r) => r.attenuationHandled === 'library');
  log(
    `Without attenuation correction: ${noAc.length} studies (${noAc.filter((r) => !r.attenuationStatusKnown).length} of unknown status), ` +
      `${chang.length} Chang-corrected by the library; their ideal ratio uncorrected - corrected: mean ${signed(m(noAc.map((r) => r.idealRatioUncorrected! - r.idealRatio)))}; ` +
      `labels ${noAc.map((r) => `${r.truthClass}->${r.label}`).join(', ')}.`,
  );
  log(
    `Plain ratio against the ideal: MAE ${f3(m(byAc(true).map((r) => Math.abs(r.measuredRatio! - r.idealRatio))))} with attenuation correction (${byAc(true).length} studies), ` +
      `${f3(m(byAc(false).map((r) => Math.abs(r.measuredRatio! - r.idealRatio))))} without (${byAc(false).length}); severe with atrophy: bias ` +
      `${signed(m(rows.filter((r) => r.atrophy > 0).map((r) => r.measuredRatio! - r.idealRatio)))} (${rows.filter((r) => r.atrophy > 0).length} studies).`,
  );
}

function studyTable(rows: StudyOutcome[]): void {
  log(
    '\n| # | group | class | ratio loss (target / realised) | tissue loss | normal factor (used / tissue definition) | normal ratio (model / ideal) | atrophy | AC | FWHM | age | tracer | format | ideal | measured | error | PVC | tissue | label | severe flag | NCC |',
  );
  log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const e = r.measuredRatio === null ? NaN : r.measuredRatio - r.idealRatio;
    log(
      `| ${r.index} | ${r.group} | ${r.truthClass} | ${(100 * r.loss).toFixed(0)} / ${(100 * r.idealLoss).toFixed(0)} % | ${(100 * r.tissueLoss).toFixed(0)} % | ${f3(r.normalFactor)} / ${f3(r.tissueNormalFactor)} | ${f3(r.targetNormalRatio)} / ${f3(r.idealNormalRatio)} | ${r.atrophy.toFixed(2)} | ${r.attenuationCorrected ? 'yes' : `no (${r.attenuationStatusKnown ? 'file' : 'unknown'}; ${r.attenuationHandled === 'library' ? 'Chang' : 'as is'})`} | ${r.fwhmMm.toFixed(1)} | ${r.ageYears} | ${r.tracer} | ${r.format} | ${f3(r.idealRatio)} | ${r.measuredRatio === null ? '-' : f3(r.measuredRatio)} | ${signed(e)} | ${r.pvcRatio === null ? '-' : f3(r.pvcRatio)} | ${f3(r.tissueRatio)} | ${r.label} | ${r.severe} | ${r.similarity.toFixed(3)} |`,
    );
  }
}

const sources: [string, () => SimSource, number][] = [['Source (a): built-in phantom', () => phantomSource(), seedA]];
try {
  const activity = readNifti(new Uint8Array(readFileSync(resolve(shared, 'nifti/templates/spm12_OldNorm_SPECT.nii'))));
  const lab = readNiftiLabels(new Uint8Array(readFileSync(resolve(shared, 'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'))));
  const b: SimSource = {
    activity,
    labels: { data: lab.labels, dims: lab.volume.dims, affine: lab.volume.affine, cerebellum: [2], cortex: [3, 4, 5, 6, 8] },
  };
  // --b-head=t1: source (b) attenuated inside the avg152T1 head (bench/t1-head.ts) instead of the simulator's model
  if (args.includes('--b-head=t1')) {
    const head = t1Head(shared);
    if (!head) {
      console.error('--b-head=t1: avg152T1 not found in ../shared/data');
      process.exit(2);
    }
    Object.assign(b, { head });
  }
  sources.push(['Source (b): SPM12 HMPAO template + FSL MNI atlas', () => b, seedB]);
} catch {
  console.error('../shared/data not found: source (b) skipped');
}

if (only === 'a') sources.splice(1);
if (only === 'b') sources.splice(0, 1);
const t0 = performance.now();
const all: Record<string, StudyOutcome[]> = {};
for (const [name, make, seed] of sources) {
  const rows = await runCohort(make(), { n, seed, normalDefinition, ...(noChang ? { attenuationCorrected: true } : {}) });
  all[name] = rows;
  log(`\n### ${name}: ${n} studies, children's normal ratio = age model${noChang ? ' (library Chang step OFF)' : ''}${normalText}\n`);
  groupTable(rows);
  pvcLine(rows);
}
if (!args.includes('--quick')) {
  const scaled: Record<string, Record<string, StudyOutcome[]>> = {};
  for (const scale of [1.1, 0.9]) {
    for (const [name, make, seed] of sources) {
      const rows = await runCohort(make(), {
        n,
        seed,
        childScale: scale,
        normalDefinition,
        ...(noChang ? { attenuationCorrected: true } : {}),
      });
      (scaled[name] ??= {})[String(scale)] = rows;
      log(`\n### ${name}: children's (< 16 y) normal ratio ${scale > 1 ? '10 % above' : '10 % below'} the age model${normalText}\n`);
      groupTable(rows);
    }
  }
  log("\n### How sensitivity and specificity move with the children's normal ratio (model x 0.9, 1, 1.1)\n");
  log(
    "| source | children's normal | sensitivity <1 / 1-3 / 4-15 / adult / all | specificity <1 / 1-3 / 4-15 / adult / all | moderate labelled severe | normal labelled moderate/severe | unilateral flagged severe |",
  );
  log('|---|---|---|---|---|---|---|');
  for (const [name] of sources) {
    const runs: [string, StudyOutcome[] | undefined][] = [
      ['model x 0.9', scaled[name]?.['0.9']],
      ['model', all[name]],
      ['model x 1.1', scaled[name]?.['1.1']],
    ];
    for (const [label, rows] of runs) {
      if (!rows) continue;
      const s = summariseByGroup(rows);
      const keys = [...AGE_GROUPS, 'all'] as const;
      log(
        `| ${name.slice(0, 10)} | ${label} | ${keys.map((g) => f3(s[g].sensitivity)).join(' / ')} | ${keys.map((g) => f3(s[g].specificity)).join(' / ')} | ` +
          `${s.all.moderateLabelledSevere} | ${s.all.normalLabelledModerateOrSevere} | ${s.all.unilateralFlaggedSevere} |`,
      );
    }
  }
}
log('\n### Per-study tables (age model)\n');
for (const [name, rows] of Object.entries(all)) {
  log(`\n#### ${name}`);
  studyTable(rows);
}
log(`\n(${((performance.now() - t0) / 1000).toFixed(0)} s)`);
if (args.includes('--write')) {
  const doc = readFileSync(new URL('../docs/validation.md', import.meta.url), 'utf8');
  const marker = '<!-- generated by bench/validate.ts -->';
  const head = doc.includes(marker) ? doc.slice(0, doc.indexOf(marker)) : doc + '\n';
  writeFileSync(new URL('../docs/validation.md', import.meta.url), `${head}${marker}\n${out.join('\n')}\n`);
}
