/**
 * Issue 15: the text table and the CSV show what the JSON says: every note
 * (asymmetry, provisional reference, database mismatch), every reason, the
 * age band of the reference and the assumptions; a failed study's CSV row
 * has its error message, not only the code.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { CSV_COLUMNS, csvErrorRow, csvHeader, csvRow } from '../../src/report/csv.js';
import type { AnalysisReport } from '../../src/report/json.js';
import { formatSummaryTable, summaryRow } from '../../src/cli/summary.js';
import { FIX, GE, HERMES, run, tempDir } from './batch-helpers.js';

const t = tempDir('spect-table-csv-');
afterAll(t.cleanup);
const FOVCUT = join(FIX, 'adult-fovcut-nifti/study.nii');

/** Rows of a CSV text as objects (RFC 4180 quoting). */
function parseCsv(text: string): Record<string, string>[] {
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

let reports: AnalysisReport[] = [];

beforeAll(async () => {
  // a provisional child reference, an adult one, and an indeterminate study with three reasons and an assumption
  const r = await run('analyze', HERMES, GE, FOVCUT, '--assume-age', '50', '--json');
  reports = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as AnalysisReport);
  // one with an asymmetry note and a database mismatch, as the classifier writes them
  const h = reports[0]!;
  reports.push({
    ...h,
    classification: { ...h.classification, notes: [...h.classification.notes, 'cerebellar asymmetry index 14.2 % (left lower): more than the 10 % of a unilateral process'] },
    issues: [...h.issues, { code: 'NORMALS_TRACER_MISMATCH', severity: 'warning', message: 'normal database is ECD, the study HMPAO' }],
  });
}, 120_000);

/** The texts of a report the table and the CSV must both show. */
function mustShow(r: AnalysisReport): string[] {
  const c = r.classification;
  return [
    ...c.reasons, ...c.assumptions,
    ...c.notes.filter((n) => !n.includes('is provisional')), // the provisional note is said as "the reference is provisional..."
    ...(c.reference?.provisional ? ['the reference is provisional'] : []),
    ...r.issues.filter((i) => /^(NORMALS|REFERENCE)_/.test(i.code)).map((i) => `${i.code}: ${i.message}`),
  ];
}

describe('text table and CSV carry what the JSON says', () => {
  it('the fixtures give what the test needs: reasons, an assumption, a provisional child reference', () => {
    expect(reports[2]!.classification.reasons.length).toBeGreaterThanOrEqual(2);
    expect(reports[2]!.classification.assumptions.length).toBe(1);
    expect(reports[0]!.classification.reference!.provisional).toBe(true);
    expect(reports[0]!.classification.reference!.ageBand).toBe('child');
  });

  it('table: every note, reason and assumption under the table, and the age band column', () => {
    for (const [i, r] of reports.entries()) {
      const table = formatSummaryTable([summaryRow(`input-${i + 1}`, r)]);
      for (const s of mustShow(r)) expect(table, s).toContain(s);
      const [head, , row] = table.split('\n');
      const col = head!.indexOf('age band');
      expect(col).toBeGreaterThan(0);
      expect(row!.slice(col).split(/\s{2,}/)[0]).toBe(r.classification.reference?.ageBand ?? '-');
    }
  });

  it('CSV: every note, reason and assumption in its columns, and the age band', () => {
    for (const r of reports) {
      const [row] = parseCsv(csvHeader() + csvRow('x', r));
      const all = Object.values(row!).join('\n');
      for (const s of mustShow(r)) expect(all, s).toContain(s);
      expect(row!.reasons).toBe(r.classification.reasons.join(' | '));
      expect(row!.assumptions).toBe(r.classification.assumptions.join(' | '));
      expect(row!.referenceAgeBand).toBe(r.classification.reference?.ageBand ?? '');
      expect(Object.keys(row!)).toEqual([...CSV_COLUMNS]);
    }
  });

  it('a failed study: the CSV row has the code and the message the JSON has; the table has it too', async () => {
    const bad = join(t.dir, 'bad.dcm');
    writeFileSync(bad, 'not a dicom file');
    const j = await run('analyze', GE, bad, '--json');
    const err = JSON.parse(j.out.trimEnd().split('\n')[1]!) as { input: string; error: { code: string; message: string } };
    const c = await run('analyze', GE, bad, '--csv');
    expect(c.code).toBe(10);
    const row = parseCsv(c.out)[1]!;
    expect(row.source).toBe(err.input);
    expect(row.error).toBe(err.error.code);
    expect(row.errorMessage).toBe(err.error.message);
    expect(err.error.message.length).toBeGreaterThan(10);
    expect(parseCsv(csvHeader() + csvErrorRow('s', 'NOT_DICOM', 'm'))[0]).toMatchObject({ source: 's', error: 'NOT_DICOM', errorMessage: 'm' });
    const text = await run('analyze', GE, bad);
    expect(text.out).toMatch(new RegExp(`input-2 .* error .*${err.error.code}: ${err.error.message.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  }, 120_000);
});
