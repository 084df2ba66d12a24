/**
 * `spect-perfusion demo`: analyse the bundled sample studies (fixtures/, made
 * by the project's simulator, with truth files) and print the summary table
 * next to the truth.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode, IoError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import { analyzePath } from './analyze-one.js';
import { formatSummaryTable, summaryRow } from './summary.js';
import type { CliIo } from './commands.js';

/** Find fixtures/: from the working directory, else upwards from this module. */
export function findFixtures(): string {
  const candidates = [resolve(process.cwd(), 'fixtures')];
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) { candidates.push(join(d, 'fixtures')); d = dirname(d); }
  for (const c of candidates) if (existsSync(join(c, 'README.md'))) return c;
  throw new IoError(ErrorCode.IO_ERROR, 'fixtures/ not found (run the demo from the repository root)');
}

interface FixtureEntry {
  readonly input: string;
  readonly truth: string;
  readonly description: string;
  /** Given for inputs that cannot carry them (NIfTI). */
  readonly ageYears?: number;
  readonly tracer?: 'HMPAO' | 'ECD' | 'IMP';
}

export async function runDemo(_args: readonly string[], io: CliIo): Promise<number> {
  const dir = findFixtures();
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { studies: FixtureEntry[] };
  const rows = [];
  const truths: string[] = [];
  for (const f of index.studies) {
    const t0 = performance.now();
    const r = await analyzePath(join(dir, f.input), { ...(f.ageYears !== undefined ? { ageYears: f.ageYears } : {}), ...(f.tracer ? { tracer: f.tracer } : {}) });
    const ms = performance.now() - t0;
    rows.push(summaryRow(f.input, r.result.report));
    const truth = JSON.parse(readFileSync(join(dir, f.truth), 'utf8')) as { idealRatio?: number; params?: { cerebellarFactor?: number } };
    truths.push(`${f.input.padEnd(31)} ${f.description.padEnd(58)} ideal ratio ${truth.idealRatio?.toFixed(3) ?? '-'}  measured ${r.result.report.ratios.cerebellumToCortex?.toFixed(3) ?? '-'}  (${ms.toFixed(0)} ms)`);
  }
  io.stdout(`spect-perfusion demo: ${index.studies.length} simulated studies from ${dir}\n\n`);
  io.stdout(formatSummaryTable(rows));
  io.stdout('\nTruth (from the simulator) vs measurement:\n' + truths.join('\n') + '\n');
  return ExitCode.OK;
}
