/** The clinical message where a reader sees it: text table, CSV, figure caption and JSON carry the same notes. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import type { NormalDatabase } from '../../src/classify/normals.js';
import { formatSummaryTable, summaryRow } from '../../src/cli/summary.js';
import { loadStudy } from '../../src/node/load.js';
import { CSV_COLUMNS, csvHeader, csvRow } from '../../src/report/csv.js';
import { figureCaption } from '../../src/report/figure.js';
import { REPORT_SCHEMA_VERSION } from '../../src/report/json.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const FIX = resolve(REPO_ROOT, 'fixtures');

/** Parse one RFC 4180 row (quotes, doubled quotes). */
function parseCsvRow(line: string): string[] {
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) { if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch; }
    else if (ch === '"') q = true; else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}

function ecdAdultDb(n: number): NormalDatabase {
  const controls = Array.from({ length: n }, (_, i) => ({ ageYears: 30 + i, cerebellumToCortex: 1.05 + (i % 2 ? 0.05 : -0.05) }));
  return {
    schema: 'spect-perfusion/normals', schemaVersion: 2, n, tracer: 'ECD', ageBand: 'adult', ageRange: [30, 30 + n - 1],
    ratios: { cerebellumToCortex: { mean: 1.05, sd: 0.05 * Math.sqrt(n / (n - 1)), n } }, regions: {}, dims: [1, 1, 1], affine: [], controls,
  };
}

describe('clinical message in text, CSV, figure and JSON', async () => {
  const { volume } = await loadStudy(join(FIX, 'child-severe-hermes/study.dcm'));
  const plain = analyzeStudy(volume).report; // a 2-year-old, HMPAO, severe bilateral
  const withDb = analyzeStudy(volume, { classifier: { normals: ecdAdultDb(20) } }).report;

  it('JSON: schema 2 with ratio, expected ratio, percent loss and the named reference', () => {
    expect(plain.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(REPORT_SCHEMA_VERSION).toBe(2);
    const c = plain.classification;
    expect(c.label).toBe('severe');
    expect(c.severeCerebellarHypoperfusion).toBe(true);
    expect(c.ratio).toBe(plain.ratios.cerebellumToCortex);
    expect(c.expectedRatio).toBeCloseTo(0.86981, 4); // the Barthel childhood plateau at 2 years
    expect(c.percentLoss!).toBeCloseTo(100 * (1 - c.ratio! / c.expectedRatio!), 3);
    expect(c.reference!.kind).toBe('model');
    expect(c.reference!.name).toMatch(/built-in age model \(HMPAO, 2\.0 y, provisional\)/);
    expect(c.notes.join(' ')).toMatch(/neuroblastoma/);
  });

  it('text: the OMS note, the loss and the reference; with a mismatched database its warnings too', () => {
    const text = formatSummaryTable([summaryRow('input-1', plain)]);
    expect(text).toMatch(/loss %/);
    expect(text).toContain(plain.classification.percentLoss!.toFixed(1));
    expect(text).toMatch(/built-in age model/);
    expect(text).toMatch(/consider OMS\/neuroblastoma/);
    expect(text).toMatch(/input-1: Severe bilateral cerebellar hypoperfusion in a child: consider opsoclonus-myoclonus/);
    const t2 = formatSummaryTable([summaryRow('input-1', withDb)]);
    expect(t2).toMatch(/NORMALS_TRACER_MISMATCH/);
    expect(t2).toMatch(/input-1: warning NORMALS_TRACER_MISMATCH: normal database is ECD, the study HMPAO/);
    expect(t2).toMatch(/input-1: warning NORMALS_AGE_MISMATCH: study age 2 y is outside the controls' ages 30-49 y/);
    expect(t2).toMatch(/normal database \(20 ECD controls/);
  });

  it('CSV: expectedRatio, percentLoss, reference and notes columns carry the same message', () => {
    const head = csvHeader().trim().split(',');
    expect(head).toEqual([...CSV_COLUMNS]);
    for (const col of ['expectedRatio', 'percentLoss', 'reference', 'notes']) expect(head).toContain(col);
    const row = parseCsvRow(csvRow('input-1', plain).trimEnd());
    expect(row).toHaveLength(head.length);
    const get = (r: string[], k: string) => r[head.indexOf(k)]!;
    expect(Number(get(row, 'percentLoss'))).toBeCloseTo(plain.classification.percentLoss!, 6);
    expect(Number(get(row, 'expectedRatio'))).toBeCloseTo(plain.classification.expectedRatio!, 6);
    expect(get(row, 'reference')).toMatch(/built-in age model/);
    expect(get(row, 'notes')).toMatch(/neuroblastoma/);
    const r2 = parseCsvRow(csvRow('input-1', withDb).trimEnd());
    expect(get(r2, 'notes')).toMatch(/NORMALS_TRACER_MISMATCH: normal database is ECD/);
    expect(get(r2, 'notes')).toMatch(/NORMALS_AGE_MISMATCH/);
    expect(get(r2, 'issues')).toMatch(/NORMALS_TRACER_MISMATCH/);
  });

  it('figure caption: label with loss, the reference, the OMS line and the mismatch codes', () => {
    const cap = figureCaption(plain);
    expect(cap[0]).toMatch(/LOSS \d+\.\d %/);
    expect(cap[0]).toMatch(/severe$/);
    expect(cap[1]).toMatch(/^REFERENCE: built-in age model/);
    expect(cap).toContain('SEVERE BILATERAL IN A CHILD: CONSIDER OMS, SEARCH FOR NEUROBLASTOMA');
    const cap2 = figureCaption(withDb).join('\n');
    expect(cap2).toMatch(/NORMALS_TRACER_MISMATCH/);
    expect(cap2).toMatch(/NORMALS_AGE_MISMATCH/);
    expect(cap2).toMatch(/REFERENCE: normal database/);
    for (const line of figureCaption(withDb)) expect(line.length).toBeLessThanOrEqual(90);
  });

  it('the report issues include the reference issues; an unmeasurable ratio is null, never NaN', () => {
    expect(withDb.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['NORMALS_TRACER_MISMATCH', 'NORMALS_AGE_MISMATCH']));
    expect(JSON.stringify(withDb)).not.toMatch(/NaN/);
  });
});
