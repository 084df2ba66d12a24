/** Shared helpers of the batch tests: run the CLI in-process, temporary folders, fixture copies. */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
export { runCli as run } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

export const FIX = resolve(REPO_ROOT, 'fixtures');
export const GE = join(FIX, 'adult-normal-ge/study.dcm');
export const SIEMENS = join(FIX, 'child-normal-siemens/study.dcm');
export const HERMES = join(FIX, 'child-severe-hermes/study.dcm');
export const SERIES = join(FIX, 'child-moderate-series/dicom');


export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A folder `dir/name` holding copies of `files` as the given names. */
export function studyFolder(dir: string, name: string, files: Record<string, string>): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const [to, from] of Object.entries(files)) copyFileSync(from, join(d, to));
  return d;
}

type Report = { study: { id: string }; metadata: { ageYears: number | null }; ratios: { cerebellumToCortex: number }; issues: { code: string }[] };

/** The report JSON files of an output folder, by name. */
export function reports(dir: string): Record<string, Report> {
  const out: Record<string, Report> = {};
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) out[f] = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  return out;
}

/** Rows of summary.csv as objects (RFC 4180 quoting). */
export function summaryCsv(dir: string): Record<string, string>[] {
  const text = readFileSync(join(dir, 'summary.csv'), 'utf8');
  const rows: string[][] = [];
  let row: string[] = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') q = false; else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(r.map((v, i) => [head![i]!, v])));
}
