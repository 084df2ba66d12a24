/**
 * `batch --html`: the batch report DIR/report.html (src/report/html-batch.ts),
 * one row per input in input order, named by the batch's labels, with each
 * study's thumbnail (DIR/<id>_thumb.png, written by the worker) and a link to
 * DIR/<id>.html. A study analysed by an earlier run without --html has no
 * thumbnail or link (re-run with --redo to make them).
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { renderBatchHtml, type BatchHtmlRow } from '../report/html-batch.js';
import type { AnalysisReport } from '../report/json.js';
import { writeFileAtomic } from '../node/files.js';

export interface BatchHtmlStudy {
  readonly label: string;
  readonly result: { readonly ok: true; readonly report: AnalysisReport } | { readonly ok: false; readonly code: string; readonly message: string } | null;
  /** The id the study's files were written under. */
  readonly outputId: string | null;
}

export async function writeBatchHtml(outDir: string, studies: readonly BatchHtmlStudy[]): Promise<string> {
  const rows: BatchHtmlRow[] = [];
  for (const s of studies) {
    const r = s.result;
    if (!r) { rows.push({ label: s.label, ok: false, code: 'INTERNAL', message: 'the batch has no result for this study' }); continue; }
    if (!r.ok) { rows.push({ label: s.label, ok: false, code: r.code, message: r.message }); continue; }
    const id = s.outputId ?? r.report.study.id;
    const thumb = await readFile(join(outDir, `${id}_thumb.png`)).then((b) => new Uint8Array(b), () => null);
    const hasHtml = await readFile(join(outDir, `${id}.html`)).then(() => true, () => false);
    rows.push({ label: s.label, ok: true, report: r.report, thumbnail: thumb, href: hasHtml ? `${id}.html` : null });
  }
  const path = join(outDir, 'report.html');
  await writeFileAtomic(path, renderBatchHtml(rows), { force: true, role: 'summary' });
  return path;
}
