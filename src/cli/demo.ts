/**
 * `spect-perfusion demo`: analyse the sample studies (made by the project's
 * simulator, with truth files) and print the summary table next to the truth.
 *
 * In a checkout the studies are read from fixtures/. An installed package has
 * no fixtures/ (it is not published): the same studies are then simulated,
 * with the same arguments and seeds as fixtures/make-fixtures.sh, into a
 * temporary folder that is removed afterwards (`--simulate` forces this).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from './exit-codes.js';
import { analyzePath } from './analyze-one.js';
import { formatSummaryTable, summaryRow } from './summary.js';
import { runSimulate } from './simulate.js';
import { parse } from './args.js';
import type { CliIo } from './io.js';

/** Find this project's fixtures/ (index.json beside make-fixtures.sh): from the working directory, else upwards from this module. */
export function findFixtures(): string | null {
  const candidates = [resolve(process.cwd(), 'fixtures')];
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) { candidates.push(join(d, 'fixtures')); d = dirname(d); }
  for (const c of candidates) if (existsSync(join(c, 'make-fixtures.sh')) && existsSync(join(c, 'index.json'))) return c;
  return null;
}

interface FixtureEntry {
  readonly input: string;
  readonly truth: string;
  readonly description: string;
  /** Given for inputs that cannot carry them (NIfTI). */
  readonly ageYears?: number;
  readonly tracer?: 'HMPAO' | 'ECD' | 'IMP';
}

interface DemoStudy extends FixtureEntry {
  /** Folder of the study, relative to the sample folder. */
  readonly dir: string;
  /** `spect-perfusion simulate` arguments (without --out, --force, --fake-identifiers), as in fixtures/make-fixtures.sh. */
  readonly simulate: readonly string[];
}

/** The sample studies: fixtures/index.json's entries with the simulator arguments of fixtures/make-fixtures.sh. */
export const DEMO_STUDIES: readonly DemoStudy[] = [
  { dir: 'adult-normal-ge', input: 'adult-normal-ge/study.dcm', truth: 'adult-normal-ge/truth.json', description: 'adult 45 y, HMPAO, normal, GE style (negative spacing)',
    simulate: ['--seed', '101', '--format', 'ge', '--age', '45', '--sex', 'F', '--tracer', 'hmpao', '--factor', '1.0', '--matrix', '64', '--voxel', '4.2', '--fwhm', '10', '--rot', '8,-6,12', '--shift', '5,-10,8', '--counts', '6000000'] },
  { dir: 'child-normal-siemens', input: 'child-normal-siemens/study.dcm', truth: 'child-normal-siemens/truth.json', description: 'child 6 y, ECD, normal, Siemens style (rescale slope)',
    simulate: ['--seed', '102', '--format', 'siemens', '--age', '6', '--sex', 'M', '--tracer', 'ecd', '--factor', '1.0', '--matrix', '64', '--voxel', '3.9', '--fwhm', '9', '--rot=-5,10,-4', '--shift=-8,6,-5', '--scale', '0.85', '--counts', '4000000'] },
  { dir: 'child-severe-hermes', input: 'child-severe-hermes/study.dcm', truth: 'child-severe-hermes/truth.json', description: 'child 2 y, HMPAO, severe cerebellar loss, Hermes style (RWVM)',
    simulate: ['--seed', '103', '--format', 'hermes', '--age', '2', '--sex', 'F', '--tracer', 'hmpao', '--factor', '0.45', '--matrix', '64', '--voxel', '3.9', '--fwhm', '10', '--rot', '12,4,-9', '--shift', '4,-12,10', '--scale', '0.8', '--counts', '3000000'] },
  { dir: 'child-moderate-series', input: 'child-moderate-series/dicom', truth: 'child-moderate-series/truth.json', description: 'child 9 y, HMPAO, moderate cerebellar loss, single-frame series',
    simulate: ['--seed', '104', '--format', 'series', '--age', '9', '--sex', 'M', '--tracer', 'hmpao', '--factor', '0.66', '--matrix', '64', '--voxel', '4.0', '--fwhm', '11', '--rot=-10,-8,6', '--shift=-6,4,-8', '--scale', '0.9', '--counts', '5000000'] },
  { dir: 'adult-fovcut-nifti', input: 'adult-fovcut-nifti/study.nii', truth: 'adult-fovcut-nifti/truth.json', description: 'adult 60 y, IMP, normal, NIfTI, field of view cuts the cerebellum', ageYears: 60, tracer: 'IMP',
    simulate: ['--seed', '105', '--format', 'nifti', '--age', '60', '--sex', 'M', '--tracer', 'imp', '--factor', '1.0', '--matrix', '64', '--voxel', '4.4', '--fwhm', '12', '--rot', '0,5,0', '--shift', '0,0,-15', '--fov', '140', '--counts', '5000000'] },
  { dir: 'infant-severe-nm-slices', input: 'infant-severe-nm-slices/dicom', truth: 'infant-severe-nm-slices/truth.json', description: 'infant 9 months, HMPAO, severe cerebellar loss, single-frame NM series, Philips style (one slice per file)',
    simulate: ['--seed', '106', '--format', 'nm-series-philips', '--age', '0.75', '--sex', 'F', '--tracer', 'hmpao', '--factor', '0.5', '--matrix', '64', '--voxel', '4.0', '--fwhm', '10', '--rot', '6,-9,5', '--shift=-3,8,6', '--scale', '0.78', '--counts', '2500000'] },
];

const SILENT: CliIo = { stdout: () => undefined, stderr: () => undefined };

/** Simulate the sample studies into `dir` (laid out as fixtures/: a series' slices go into dicom/). */
export async function simulateDemoStudies(dir: string): Promise<void> {
  for (const s of DEMO_STUDIES) {
    const out = join(dir, s.dir);
    await runSimulate([...s.simulate, '--out', out, '--force', '--fake-identifiers'], SILENT);
    if (s.input.endsWith('/dicom')) {
      const slices = join(out, 'dicom');
      mkdirSync(slices, { recursive: true });
      for (const f of readdirSync(out)) if (/^study_\d+\.dcm$/u.test(f)) renameSync(join(out, f), join(slices, f));
    }
  }
}

export async function runDemo(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, { simulate: { type: 'boolean' } });
  const fixtures = values.simulate === true ? null : findFixtures();
  let dir: string;
  let studies: readonly FixtureEntry[];
  let scratch: string | null = null;
  if (fixtures !== null) {
    dir = fixtures;
    studies = (JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { studies: FixtureEntry[] }).studies;
  } else {
    scratch = mkdtempSync(join(tmpdir(), 'spect-perfusion-demo-'));
    dir = scratch;
    studies = DEMO_STUDIES;
    io.stderr(`simulating the ${DEMO_STUDIES.length} sample studies into ${scratch} (removed afterwards)\n`);
  }
  try {
    if (scratch !== null) await simulateDemoStudies(scratch);
    const rows = [];
    const truths: string[] = [];
    for (const f of studies) {
      const t0 = performance.now();
      const r = await analyzePath(join(dir, f.input), { ...(f.ageYears !== undefined ? { ageYears: f.ageYears } : {}), ...(f.tracer ? { tracer: f.tracer } : {}) });
      const ms = performance.now() - t0;
      rows.push(summaryRow(f.input, r.result.report));
      const truth = JSON.parse(readFileSync(join(dir, f.truth), 'utf8')) as { idealRatio?: number };
      truths.push(`${f.input.padEnd(31)} ${f.description.padEnd(58)} ideal ratio ${truth.idealRatio?.toFixed(3) ?? '-'}  measured ${r.result.report.ratios.cerebellumToCortex?.toFixed(3) ?? '-'}  (${ms.toFixed(0)} ms)`);
    }
    const from = scratch !== null ? 'simulated for this run' : `from ${dir}`;
    io.stdout(`spect-perfusion demo: ${studies.length} simulated studies ${from}\n\n`);
    io.stdout(formatSummaryTable(rows));
    io.stdout('\nTruth (from the simulator) vs measurement:\n' + truths.join('\n') + '\n');
    return ExitCode.OK;
  } finally {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  }
}
