/**
 * The HTML report of a batch: one self-contained table of every study with
 * its thumbnail (data: URI), label, numbers and a link to the study's own
 * report (a relative file name, the pseudonym). Readable without scripts; an
 * inline script, where scripts are allowed, makes the columns sortable by a
 * click (progressive enhancement). Rows are named by the caller's label
 * (the batch's `study-0001` or manifest id; an input path only with
 * --include-identifiers), never by anything read from the files.
 */
import { clinicalFlags } from '../classify/message.js';
import type { AnalysisReport } from './json.js';
import { escapeHtml, page, pngDataUri } from './html.js';

export type BatchHtmlRow =
  | { readonly label: string; readonly ok: true; readonly report: AnalysisReport; readonly thumbnail: Uint8Array | null; readonly href: string | null }
  | { readonly label: string; readonly ok: false; readonly code: string; readonly message: string };

const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '' : v.toFixed(d));

/** Click a header to sort by that column (numbers numerically, by the cell's data-v). */
export const SORT_SCRIPT = `(function(){var t=document.getElementById('studies');if(!t)return;var hs=t.tHead.rows[0].cells;
for(var c=0;c<hs.length;c++)(function(c){var h=hs[c];h.style.cursor='pointer';h.title='sort';var asc=true;h.addEventListener('click',function(){
var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);rs.sort(function(x,y){var a=x.cells[c].getAttribute('data-v'),d=y.cells[c].getAttribute('data-v');
var na=parseFloat(a),nd=parseFloat(d);var r=(!isNaN(na)&&!isNaN(nd))?na-nd:String(a).localeCompare(String(d));return asc?r:-r;});
asc=!asc;rs.forEach(function(r){b.appendChild(r);});});})(c);})();`;

function cell(text: string, sortValue: string | number, cls = ''): string {
  return `<td${cls ? ` class="${cls}"` : ''} data-v="${escapeHtml(sortValue)}">${text}</td>`;
}

/** The batch report. */
export function renderBatchHtml(rows: readonly BatchHtmlRow[], o: { readonly title?: string } = {}): string {
  const ok = rows.filter((r) => r.ok).length;
  const counts = new Map<string, number>();
  for (const r of rows) { const k = r.ok ? r.report.classification.label : 'error'; counts.set(k, (counts.get(k) ?? 0) + 1); }
  const b: string[] = [];
  b.push(`<h1>${escapeHtml(o.title ?? 'spect-perfusion batch')}</h1>`);
  b.push(`<p>${rows.length} studies, ${ok} analysed, ${rows.length - ok} failed. ${[...counts].map(([k, n]) => `${escapeHtml(k)}: ${n}`).join(', ')}.</p>`);
  b.push('<table id="studies"><thead><tr><th>#</th><th>study</th><th>image (z = -28 mm)</th><th>label</th><th>ratio</th><th>expected</th><th>loss %</th><th>z</th><th>age (y)</th><th>tracer</th><th>notes</th></tr></thead><tbody>');
  rows.forEach((r, i) => {
    const cells: string[] = [cell(String(i + 1), i + 1, 'n')];
    if (!r.ok) {
      cells.push(cell(escapeHtml(r.label), r.label), cell('', ''), cell('<span class="alert">error</span>', 'error'));
      cells.push(`<td colspan="7">${escapeHtml(`${r.code}: ${r.message}`)}</td>`);
      b.push(`<tr>${cells.join('')}</tr>`);
      return;
    }
    const rep = r.report, c = rep.classification;
    const name = r.href ? `<a href="${escapeHtml(r.href)}">${escapeHtml(r.label)}</a>` : escapeHtml(r.label);
    cells.push(cell(`${name}<br><span class="muted">${escapeHtml(rep.study.id)}</span>`, r.label));
    cells.push(cell(r.thumbnail ? `<img src="${pngDataUri(r.thumbnail)}" alt="axial slice of ${escapeHtml(r.label)}" width="109">` : '', ''));
    cells.push(cell(`<span class="${escapeHtml(c.label)}"><b>${escapeHtml(c.severeCerebellarHypoperfusion ? 'severe bilateral' : c.label)}</b></span>`, c.label));
    cells.push(cell(num(rep.ratios.cerebellumToCortex), num(rep.ratios.cerebellumToCortex), 'n'));
    cells.push(cell(num(c.expectedRatio), num(c.expectedRatio), 'n'));
    cells.push(cell(num(c.percentLoss, 1), num(c.percentLoss, 1), 'n'));
    cells.push(cell(num(c.zScore, 2), num(c.zScore, 2), 'n'));
    cells.push(cell(num(rep.metadata.ageYears, 1), num(rep.metadata.ageYears, 2), 'n'));
    cells.push(cell(escapeHtml(rep.metadata.tracer ?? ''), rep.metadata.tracer ?? ''));
    cells.push(cell(escapeHtml(clinicalFlags(rep).join('; ')), ''));
    b.push(`<tr>${cells.join('')}</tr>`);
  });
  b.push('</tbody></table>');
  b.push('<p class="muted">Click a column header to sort (needs scripts; the table reads the same without). Each study links to its own report. Written offline by spect-perfusion; no network request.</p>');
  return page(o.title ?? 'spect-perfusion batch', b.join('\n'), SORT_SCRIPT);
}
