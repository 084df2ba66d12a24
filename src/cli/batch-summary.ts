/**
 * The summary files of a batch (DIR/summary.csv, DIR/summary.txt,
 * DIR/summary.jsonl and, with --html, DIR/report.html), one row per input in
 * input order. summary.jsonl holds one JSON object a line:
 * `{"study": label, "id": output id, "report": the study's report}` or
 * `{"study": label, "error": {"code", "message"}}`. `batch` and
 * `merge` both write them here, so a merged folder's are the single-machine ones.
 */
import { join } from 'node:path';
import { csvErrorRow, csvHeader, csvRow } from '../report/csv.js';
import { writeFileAtomic } from '../node/files.js';
import { writeBatchHtml } from './batch-html.js';
import { formatSummaryTable, summaryRow, type SummaryRow } from './summary.js';
import type { BatchJobResult } from './batch-types.js';

export interface SummaryStudy {
  readonly label: string;
  readonly result: BatchJobResult;
  readonly outputId: string | null;
  /** Notes added to the table's flags ('' when none). */
  readonly note: string;
}

/** Writes the summary files; returns the text table and the HTML report's path (when `html`). */
export async function writeBatchSummaries(outDir: string, studies: readonly SummaryStudy[], html: boolean): Promise<{ table: string; htmlPath: string | null }> {
  let csv = csvHeader();
  let jsonl = '';
  const rows: SummaryRow[] = [];
  for (const s of studies) {
    const r = s.result;
    if (r.ok) {
      csv += csvRow(s.label, r.report);
      jsonl += JSON.stringify({ study: s.label, id: s.outputId, report: r.report }) + '\n';
      const row = summaryRow(s.label, r.report);
      rows.push(s.note ? { ...row, flags: row.flags ? `${row.flags}; ${s.note}` : s.note } : row);
    } else {
      csv += csvErrorRow(s.label, r.code, r.message);
      jsonl += JSON.stringify({ study: s.label, error: { code: r.code, message: r.message } }) + '\n';
      rows.push({ study: s.label, age: '-', tracer: '-', ratio: '-', reference: '-', z: '-', label: 'error', flags: `${r.code}: ${r.message}` });
    }
  }
  const table = formatSummaryTable(rows);
  await writeFileAtomic(join(outDir, 'summary.csv'), csv, { force: true, role: 'summary' });
  await writeFileAtomic(join(outDir, 'summary.txt'), table, { force: true, role: 'summary' });
  await writeFileAtomic(join(outDir, 'summary.jsonl'), jsonl, { force: true, role: 'summary' });
  const htmlPath = html ? await writeBatchHtml(outDir, studies.map((s) => ({ label: s.label, result: s.result, outputId: s.outputId }))) : null;
  return { table, htmlPath };
}
