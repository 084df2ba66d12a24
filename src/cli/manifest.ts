/**
 * The batch manifest (`batch --manifest studies.csv`): one row per study with
 * its path and, optionally, the patient's age, the tracer, the sex, the
 * caller's own study id and whether these values override the study's.
 *
 * CSV as in RFC 4180 (comma separated, `"` quoting with `""` for a quote,
 * quoted fields may hold commas and line breaks, CRLF or LF line ends, an
 * optional UTF-8 byte order mark). The first record is the header. Rows are
 * numbered as a spreadsheet shows them: the header is row 1; blank rows are
 * skipped. Errors name the
 * row and the column, never the value (a manifest may hold anything).
 */
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseTracer, type Tracer } from '../classify/reference-ranges.js';
import { IssueList } from '../issues.js';
import { readBytes } from '../node/files.js';
import { MAX_AGE_YEARS, parseAgeYears } from '../volume/age.js';
import type { Volume, VolumeMetadata } from '../volume/volume.js';
import { usage } from './args.js';

export const MANIFEST_COLUMNS = ['path', 'age', 'tracer', 'sex', 'id', 'override'] as const;
export type ManifestColumn = (typeof MANIFEST_COLUMNS)[number];
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
const MAX_ROWS = 100_000;
const ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/** The values a manifest row gives a study (plain data: sent to batch workers). */
export interface ManifestValues {
  /** Row number in the file (the header is row 1). */
  readonly row: number;
  readonly ageYears: number | null;
  readonly tracer: Tracer | null;
  readonly sex: 'M' | 'F' | 'O' | null;
  /** Use the manifest's values even where the study has its own. */
  readonly override: boolean;
}

export interface ManifestRow extends ManifestValues {
  /** Absolute path of the study (relative paths are relative to the manifest's folder). */
  readonly path: string;
  /** The caller's study id: names the study in the summary. */
  readonly id: string | null;
}

export interface Manifest {
  readonly rows: readonly ManifestRow[];
  /** Columns present in the header. */
  readonly columns: readonly ManifestColumn[];
}

/** RFC 4180 records. @throws SpectError USAGE naming the row of a quoting error */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let rec: string[] = [];
  let field = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let quoted = false, afterQuote = false, fieldStarted = false;
  const row = () => records.length + 1;
  const endField = () => { rec.push(field); field = ''; quoted = false; afterQuote = false; fieldStarted = false; };
  const endRecord = () => {
    endField();
    if (!(rec.length === 1 && rec[0] === '')) records.push(rec); // skip empty lines
    rec = [];
    if (records.length > MAX_ROWS + 1) throw usage(`the manifest has more than ${MAX_ROWS} rows`);
  };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; afterQuote = true; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === ',') { endField(); fieldStarted = true; i++; continue; }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (afterQuote) throw usage(`manifest row ${row()}, field ${rec.length + 1}: text after a closing quote`);
    if (c === '"') {
      if (field !== '') throw usage(`manifest row ${row()}, field ${rec.length + 1}: a quote inside an unquoted field`);
      quoted = true; i++; continue;
    }
    field += c; i++;
  }
  if (quoted) throw usage(`manifest row ${row()}, field ${rec.length + 1}: a quoted field is not closed`);
  if (field !== '' || rec.length > 0 || afterQuote || fieldStarted) endRecord();
  return records;
}

/**
 * Parse a manifest. Paths are resolved against `baseDir`; `overrideAll` is the default
 * of the `override` column (`--manifest-override`).
 * @throws SpectError USAGE naming row and column
 */
export function parseManifest(text: string, baseDir: string, overrideAll = false): Manifest {
  const records = parseCsv(text);
  if (records.length === 0) throw usage('the manifest is empty (it needs a header row with a path column)');
  const header = records[0]!.map((h) => h.trim().toLowerCase());
  const col = new Map<ManifestColumn, number>();
  header.forEach((h, k) => {
    if (!(MANIFEST_COLUMNS as readonly string[]).includes(h)) {
      throw usage(`manifest row 1, column ${k + 1}: not one of the known columns (${MANIFEST_COLUMNS.join(', ')})`);
    }
    if (col.has(h as ManifestColumn)) throw usage(`manifest row 1, column ${k + 1}: column ${h} appears twice`);
    col.set(h as ManifestColumn, k);
  });
  if (!col.has('path')) throw usage('manifest row 1: no path column');
  const rows: ManifestRow[] = [];
  const seenPath = new Map<string, number>(), seenId = new Map<string, number>();
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    const rowNo = r + 1;
    if (rec.every((f) => f.trim() === '')) continue; // a blank row, as spreadsheets write them
    if (rec.length !== header.length) throw usage(`manifest row ${rowNo} has ${rec.length} fields, the header has ${header.length}`);
    const cell = (c: ManifestColumn) => (col.has(c) ? rec[col.get(c)!]!.trim() : '');
    const bad = (c: ManifestColumn, why: string) => usage(`manifest row ${rowNo}, column ${c}: ${why}`);
    const p = cell('path');
    if (p === '') throw bad('path', 'empty');
    if (/\.json$/i.test(p)) throw bad('path', 'a JSON sidecar is not a study (list its NIfTI: the sidecar is read with it)');
    const path = isAbsolute(p) ? resolve(p) : resolve(baseDir, p);
    const prev = seenPath.get(path);
    if (prev !== undefined) throw bad('path', `the same study as row ${prev}`);
    seenPath.set(path, rowNo);
    const ageText = cell('age');
    const ageYears = ageText === '' ? null : parseAgeYears(ageText);
    if (ageText !== '' && ageYears === null) {
      throw bad('age', `not an age (years such as 2 or 0.75, or a DICOM Age String such as 006M or 045Y, at most ${MAX_AGE_YEARS} years)`);
    }
    const tracerText = cell('tracer');
    const tracer = tracerText === '' ? null : parseTracer(tracerText);
    if (tracerText !== '' && tracer === null) throw bad('tracer', 'not hmpao, ecd or imp');
    const sexText = cell('sex').toUpperCase();
    if (sexText !== '' && sexText !== 'M' && sexText !== 'F' && sexText !== 'O') throw bad('sex', 'not M, F or O');
    const idText = cell('id');
    if (idText !== '' && !ID_RE.test(idText)) throw bad('id', "not 1 to 64 letters, digits, '.', '_' or '-'");
    if (idText !== '') {
      const prevId = seenId.get(idText);
      if (prevId !== undefined) throw bad('id', `the same id as row ${prevId}`);
      seenId.set(idText, rowNo);
    }
    const ov = cell('override').toLowerCase();
    let override = overrideAll;
    if (['yes', 'y', 'true', '1'].includes(ov)) override = true;
    else if (['no', 'n', 'false', '0'].includes(ov)) override = false;
    else if (ov !== '') throw bad('override', 'not yes or no');
    rows.push({
      row: rowNo, path, ageYears, tracer, sex: sexText === '' ? null : (sexText as 'M' | 'F' | 'O'),
      id: idText === '' ? null : idText, override,
    });
  }
  if (rows.length === 0) throw usage('the manifest lists no study');
  return { rows, columns: [...col.keys()] };
}

/** Read and parse a manifest file; every listed path must exist. @throws SpectError USAGE, IO_ERROR */
export async function readManifest(path: string, overrideAll = false): Promise<Manifest> {
  const bytes = await readBytes(path, MAX_MANIFEST_BYTES);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw usage('the manifest is not UTF-8 text');
  }
  const m = parseManifest(text, dirname(resolve(path)), overrideAll);
  for (const r of m.rows) {
    const ok = await stat(r.path).then(() => true, () => false);
    if (!ok) throw usage(`manifest row ${r.row}, column path: no such file or folder`);
  }
  return m;
}

/**
 * The study with the manifest's values: a value fills what the study lacks (an age,
 * a tracer that `parseTracer` knows, a sex); where the study has its own, the
 * study's wins unless `override`. The source becomes 'manifest' where the
 * manifest's value was used. Issues: MANIFEST_VALUE_USED (info),
 * MANIFEST_OVERRIDES_STUDY (info), MANIFEST_VALUE_IGNORED (warning).
 */
export function applyManifestValues(volume: Volume, v: ManifestValues): Volume {
  const m = volume.metadata;
  const issues = new IssueList();
  issues.push(...volume.issues);
  const used: string[] = [], overridden: string[] = [], ignored: string[] = [];
  const decide = <T>(name: string, own: T | null, given: T | null, same: (a: T, b: T) => boolean): boolean => {
    if (given === null) return false;
    if (own === null) { used.push(name); return true; }
    if (same(own, given)) return false;
    if (v.override) { used.push(name); overridden.push(name); return true; }
    ignored.push(name);
    return false;
  };
  let md: VolumeMetadata = m;
  if (decide('age', m.patientAgeYears, v.ageYears, (a, b) => Math.abs(a - b) < 1e-9)) {
    md = { ...md, patientAgeYears: v.ageYears, ageSource: 'manifest' };
  }
  const ownTracer = parseTracer(m.radiopharmaceutical?.code ?? m.radiopharmaceutical?.name ?? null);
  if (decide('tracer', ownTracer, v.tracer, (a, b) => a === b)) {
    md = { ...md, radiopharmaceutical: { code: v.tracer!, name: null, nuclide: m.radiopharmaceutical?.nuclide ?? null }, tracerSource: 'manifest' };
  }
  if (decide('sex', m.patientSex, v.sex, (a, b) => a === b)) md = { ...md, patientSex: v.sex, sexSource: 'manifest' };
  if (used.length) issues.add('MANIFEST_VALUE_USED', 'info', `${used.join(', ')} from the manifest (row ${v.row})`);
  if (overridden.length) issues.add('MANIFEST_OVERRIDES_STUDY', 'info', `the manifest (row ${v.row}) overrides the study's own ${overridden.join(', ')}`);
  if (ignored.length) {
    issues.add('MANIFEST_VALUE_IGNORED', 'warning',
      `the manifest (row ${v.row}) gives another ${ignored.join(', ')} than the study; the study's own was used (override column or --manifest-override to use the manifest's)`);
  }
  return { ...volume, metadata: md, issues: issues.toArray() };
}
