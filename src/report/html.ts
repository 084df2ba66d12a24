/**
 * The HTML report of one study: one self-contained file (figures as data:
 * URIs, inline CSS, no script, a Content-Security-Policy that forbids any
 * network request) that opens offline in any browser. Every text value is
 * escaped (`escapeHtml`), numbers carry their units and the reference its
 * sources. Identifiers (UIDs, date) appear only when the report was built with
 * `includeIdentifiers` and the caller asks for them again.
 */
import { expectedRatio } from '../classify/age-model.js';
import { clinicalNotes } from '../classify/message.js';
import { parseTracer } from '../classify/reference-ranges.js';
import type { AnalysisReport } from './json.js';

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(s: unknown): string {
  return String(s).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** RFC 4648 base64 of bytes (written into a byte buffer, decoded once: no string building per character). */
export function base64(b: Uint8Array): string {
  const out = new Uint8Array(4 * Math.ceil(b.length / 3));
  const A = B64_CODES;
  let i = 0, o = 0;
  for (; i + 2 < b.length; i += 3, o += 4) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    out[o] = A[n >> 18]!; out[o + 1] = A[(n >> 12) & 63]!; out[o + 2] = A[(n >> 6) & 63]!; out[o + 3] = A[n & 63]!;
  }
  if (i < b.length) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8);
    out[o] = A[n >> 18]!; out[o + 1] = A[(n >> 12) & 63]!;
    out[o + 2] = i + 1 < b.length ? A[(n >> 6) & 63]! : 61; out[o + 3] = 61; // '='
  }
  return new TextDecoder('latin1').decode(out);
}
const B64_CODES = Uint8Array.from(B64, (c) => c.charCodeAt(0));

export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${base64(png)}`;
}

/** No request of any kind; inline styles; inline scripts only when `script` (the batch table's sorting). */
export function csp(script: boolean): string {
  return `default-src 'none'; img-src data:; style-src 'unsafe-inline'${script ? "; script-src 'unsafe-inline'" : ''}; base-uri 'none'; form-action 'none'`;
}

export const CSS = `body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em auto;max-width:1640px;padding:0 1em;color:#141414;background:#fff}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.2em;margin:1.4em 0 .4em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%;height:auto;display:block}
.verdict{font-size:1.5em;font-weight:700;padding:.4em .7em;border-left:.5em solid;margin:.6em 0}
.severe{border-color:#b90000;color:#b90000}.moderate{border-color:#c85000;color:#c85000}.mild{border-color:#966900;color:#966900}
.normal{border-color:#007300;color:#007300}.indeterminate{border-color:#5a5a5a;color:#5a5a5a}
.alert{color:#a00000;font-weight:600}.muted{color:#5a5a5a;font-size:.9em}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}img{break-inside:avoid}}`;

export function page(title: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp(script !== ''))}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
${script ? `<script>${script}</script>\n` : ''}</body>
</html>
`;
}

const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(d));

export interface StudyHtmlInput {
  readonly report: AnalysisReport;
  /** PNG bytes of the study figure, the z-map figure and the age chart (null: left out). */
  readonly figure: Uint8Array | null;
  readonly zMapFigure?: Uint8Array | null;
  readonly ageChart?: Uint8Array | null;
  /** Show the identifiers the report carries (only when it was built with includeIdentifiers). */
  readonly includeIdentifiers?: boolean;
}

function row(name: string, value: string, unit: string, source: string): string {
  return `<tr><th scope="row">${escapeHtml(name)}</th><td class="n">${escapeHtml(value)}</td><td>${escapeHtml(unit)}</td><td>${escapeHtml(source)}</td></tr>`;
}

/** The sources the reference cites: the built-in model's citations, or the database / custom range named. */
export function referenceSources(r: AnalysisReport): string[] {
  const ref = r.classification.reference;
  if (!ref) return [];
  const tracer = parseTracer(ref.tracer);
  if (ref.kind === 'model' && tracer && ref.ageYears !== null) return expectedRatio(ref.ageYears, tracer).sources.map((c) => `${c.short}: ${c.reference}`);
  return [ref.kind === 'normals' ? `normal database of ${ref.n ?? '?'} controls (given by the user)` : 'reference range given by the user'];
}

/** The HTML report of one study. */
export function renderStudyHtml(x: StudyHtmlInput): string {
  const r = x.report, c = r.classification, ra = r.ratios, m = r.metadata;
  const ref = c.reference;
  const img = (png: Uint8Array | null | undefined, alt: string) => (png ? `<figure><img src="${pngDataUri(png)}" alt="${escapeHtml(alt)}"></figure>` : '');
  const b: string[] = [];
  b.push(`<h1>Perfusion SPECT: cerebellum and cerebral cortex</h1>`);
  b.push(`<p>Study <b>${escapeHtml(r.study.id)}</b> (pseudonym). spect-perfusion ${escapeHtml(r.software.version)}, report schema ${escapeHtml(r.schemaVersion)}.</p>`);
  const verdict = c.severeCerebellarHypoperfusion ? 'severe bilateral cerebellar hypoperfusion' : c.label;
  b.push(`<p class="verdict ${escapeHtml(c.label)}">${escapeHtml(verdict.toUpperCase())}</p>`);
  const notes = clinicalNotes(r);
  if (c.label === 'indeterminate' || notes.length) {
    b.push('<ul>');
    if (c.label === 'indeterminate') for (const why of c.reasons) b.push(`<li class="alert">Indeterminate: ${escapeHtml(why)}</li>`);
    for (const n of notes) b.push(`<li${/neuroblastoma|^(error|warning) /.test(n) ? ' class="alert"' : ''}>${escapeHtml(n)}</li>`);
    b.push('</ul>');
  }
  b.push('<h2>Numbers</h2><table><thead><tr><th>quantity</th><th>value</th><th>unit</th><th>source</th></tr></thead><tbody>');
  b.push(row('cerebellum / cerebral cortex', num(ra.cerebellumToCortex), 'ratio of mean counts', 'atlas regions in the study, registration to MNI'));
  b.push(row('expected ratio', num(c.expectedRatio), 'ratio', ref ? ref.name : 'no reference'));
  b.push(row('loss against the expected', num(c.percentLoss, 1), '%', '100 x (1 - ratio / expected)'));
  b.push(row('z-score', num(c.zScore, 2), 'SD of the reference', ref ? `reference SD ${num(ref.sd)}` : '-'));
  b.push(row('right cerebellum / cortex', num(ra.cerebellumRightToCortex), 'ratio', `loss ${num(c.hemispherePercentLoss.right, 1)} %`));
  b.push(row('left cerebellum / cortex', num(ra.cerebellumLeftToCortex), 'ratio', `loss ${num(c.hemispherePercentLoss.left, 1)} %`));
  b.push(row('cerebellar asymmetry index', num(ra.cerebellarAsymmetryIndex, 1), '%', '|L - R| / mean(L, R) x 100'));
  b.push(row('cerebellum / cortex, partial-volume corrected', num(ra.cerebellumToCortexPvc), 'ratio', `GTM, system FWHM ${num(ra.pvcFwhmMm, 0)} mm (a separate figure; the label uses the plain ratio)`));
  b.push(row('cerebellum / whole brain', num(ra.cerebellumToWholeBrain), 'ratio', 'atlas regions'));
  b.push(row('age', num(m.ageYears, 2), 'years', `from: ${m.ageSource}`));
  b.push(row('tracer', m.tracer ?? '-', '', `from: ${m.tracerSource}`));
  b.push('</tbody></table>');
  if (ref) {
    b.push(`<h2>Reference</h2><p>${escapeHtml(ref.name)}${ref.provisional && !/provisional/i.test(ref.name) ? ' <span class="alert">(provisional)</span>' : ''}: mean ${escapeHtml(num(ref.mean))}, SD ${escapeHtml(num(ref.sd))}${ref.meanBand ? `, expected ratio uncertain within ${escapeHtml(num(ref.meanBand[0]))}-${escapeHtml(num(ref.meanBand[1]))}` : ''}.</p>`);
    b.push(`<p class="muted">${escapeHtml(ref.derivation)}</p><ul>${referenceSources(r).map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`);
  }
  b.push('<h2>Figures</h2>');
  b.push(img(x.figure, `Study figure: MNI slices, ${c.label}, ratio ${num(ra.cerebellumToCortex)}`));
  b.push(img(x.zMapFigure, 'z-map against the normal database'));
  b.push(img(x.ageChart, 'Age chart: expected ratio and normal range against age, with this study'));
  b.push('<h2>Issues</h2>');
  if (r.issues.length) {
    b.push('<table><thead><tr><th>severity</th><th>code</th><th>message</th></tr></thead><tbody>');
    for (const i of r.issues) b.push(`<tr><td>${escapeHtml(i.severity)}</td><td><code>${escapeHtml(i.code)}</code></td><td>${escapeHtml(i.message)}</td></tr>`);
    b.push('</tbody></table>');
  } else b.push('<p>None.</p>');
  b.push('<h2>Acquisition and registration</h2><table><tbody>');
  b.push(row('format / modality', `${m.format} / ${m.modality ?? '-'}`, '', 'file'));
  b.push(row('manufacturer / model', `${m.manufacturer ?? '-'} / ${m.manufacturerModel ?? '-'}`, '', 'file'));
  b.push(row('voxels', r.volume.dims.join(' x '), 'voxels', 'file'));
  b.push(row('voxel size', r.volume.spacing.map((v) => num(v, 2)).join(' x '), 'mm', 'file'));
  b.push(row('registration similarity', num(r.registration.similarity), 'correlation', r.registration.atlas));
  b.push(row('registration scale', r.registration.scale.factors.map((v) => num(v, 3)).join(' x '), 'subject / MNI', 'affine registration'));
  b.push(row('cerebellum inside the field of view', num(r.registration.cerebellumCoverage === null ? null : 100 * r.registration.cerebellumCoverage, 1), '%', 'atlas cerebellum carried into the study'));
  b.push('</tbody></table>');
  if (x.includeIdentifiers && r.study.identifiersIncluded) {
    b.push('<h2>Identifiers</h2><table><tbody>');
    for (const k of ['studyInstanceUid', 'seriesInstanceUid', 'acquisitionDate'] as const) b.push(row(k, String(r.study[k] ?? '-'), '', 'file'));
    b.push('</tbody></table>');
  }
  b.push('<p class="muted">Written offline by spect-perfusion; this file makes no network request and needs no script. Research software, not a medical device.</p>');
  return page(`spect-perfusion ${r.study.id}`, b.join('\n'));
}
