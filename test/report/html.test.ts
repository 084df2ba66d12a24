/** HTML reports: self-contained (no external reference of any kind), every text escaped, identifiers only on request, a batch of 3. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult } from '../../src/pipeline/analyze.js';
import { renderStudyOutputs } from '../../src/report/figure/outputs.js';
import { renderBatchHtml } from '../../src/report/html-batch.js';
import { base64, escapeHtml, renderStudyHtml } from '../../src/report/html.js';
import type { AnalysisReport } from '../../src/report/json.js';
import type { IssueCode } from '../../src/issues.js';
import type { Tracer } from '../../src/vocabulary/tracer.js';
import { analyzed } from './fixtures.js';

const HOSTILE = `"><script>alert(1)</script><img src="http://evil.example/x.png" onerror=alert(2)><a href='https://evil.example'>x</a>`;

/** Every URL-bearing attribute or CSS reference, which must all be data: URIs or relative links to study reports. */
function references(html: string): string[] {
  const out: string[] = [];
  // attributes inside tags (text cannot open a tag: every '<' of a value is escaped)
  const tags = (html.match(/<[^>]*>/g) ?? []).join('\n');
  // every attribute in turn (a quoted value is consumed whole), then those that can fetch
  for (const m of tags.matchAll(/([a-zA-Z-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/g)) {
    if (/^(src|href|action|srcset|poster|data|formaction|background)$/i.test(m[1]!)) out.push(m[3] ?? m[4] ?? m[5] ?? '');
  }
  for (const m of html.matchAll(/url\(\s*([^)]*)\)/gi)) out.push(m[1]!);
  for (const m of html.matchAll(/@import\s+([^;]+)/gi)) out.push(m[1]!);
  return out;
}

function expectSelfContained(html: string, links: RegExp | null): void {
  for (const r of references(html)) {
    if (r.startsWith('data:image/png;base64,')) continue;
    expect(links && links.test(r), `reference ${r.slice(0, 60)}`).toBe(true);
  }
  expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:;/);
  expect(html).not.toMatch(/<(link|iframe|object|embed|base|form|meta http-equiv="refresh")/i);
}

function hostile(r: AnalysisReport): AnalysisReport {
  return {
    ...r,
    metadata: { ...r.metadata, manufacturer: HOSTILE, manufacturerModel: HOSTILE, tracer: HOSTILE as Tracer }, // a tampered report read back from a file
    issues: [...r.issues, { code: 'TEST_HOSTILE' as IssueCode, severity: 'warning', message: HOSTILE }], // TEST_HOSTILE: a code no reader emits
  };
}

describe('HTML reports', () => {
  let child: AnalysisResult, adult: AnalysisResult, cut: AnalysisResult;
  beforeAll(async () => {
    [child, adult, cut] = await Promise.all([analyzed('severeChild'), analyzed('normalAdult'), analyzed('truncated')]);
  }, 90_000);

  it('escapeHtml and base64 against their definitions', () => {
    expect(escapeHtml(`<a href="x">&'\``)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#96;');
    expect(base64(new TextEncoder().encode('Man'))).toBe('TWFu');
    expect(base64(new TextEncoder().encode('Ma'))).toBe('TWE=');
    expect(base64(new TextEncoder().encode('M'))).toBe('TQ==');
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    expect(base64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('a study report: figures embedded, numbers with units and sources, no script, no external reference', () => {
    const o = renderStudyOutputs(child, { html: true });
    const html = o.html!;
    expectSelfContained(html, null);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<img src="data:image\/png;base64,/g)!.length).toBe(2); // study figure and age chart (no database)
    expect(html).toContain(`<td class="n">${child.report.ratios.cerebellumToCortex!.toFixed(3)}</td><td>ratio of mean counts</td>`);
    expect(html).toContain('<td>%</td>');
    expect(html).toMatch(/Barthel/);
    expect(html).toMatch(/neuroblastoma/);
    expect(html).toContain('SEVERE BILATERAL CEREBELLAR HYPOPERFUSION');
    expect(renderStudyOutputs(child, { html: true }).html).toBe(html); // deterministic
  });

  it('with a z-map figure the report embeds three images', () => {
    const o = renderStudyOutputs(child, { extras: true });
    const html = renderStudyHtml({ report: child.report, figure: o.figure, zMapFigure: o.figure, ageChart: o.ageChart });
    expect(html.match(/<img src="data:image\/png;base64,/g)!.length).toBe(3);
    expect(html).toContain('alt="z-map against the normal database"');
  });

  it('a hostile value from file metadata is shown as text, never as markup', () => {
    const html = renderStudyHtml({ report: hostile(child.report), figure: null });
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src="http/i);
    expect(html).not.toMatch(/<a href='https/i);
    expect(html).not.toMatch(/<[^>]*\sonerror=/i);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expectSelfContained(html, null);
  });

  it('identifiers appear only when the report carries them and they are asked for', () => {
    const withIds = { ...child.report, study: { ...child.report.study, identifiersIncluded: true, studyInstanceUid: '1.2.826.0.1.999.42' } } as AnalysisReport;
    expect(renderStudyHtml({ report: withIds, figure: null })).not.toContain('1.2.826.0.1.999.42');
    expect(renderStudyHtml({ report: withIds, figure: null, includeIdentifiers: true })).toContain('1.2.826.0.1.999.42');
    expect(renderStudyHtml({ report: child.report, figure: null, includeIdentifiers: true })).not.toMatch(/<h2>Identifiers/);
  });

  it('a batch of 3 studies: one row each with thumbnail, label and link; sortable script only as enhancement', () => {
    const rows = [adult, child, cut].map((r, i) => ({
      label: i === 1 ? '<b>study-0002</b>' : `study-000${i + 1}`, ok: true as const, report: i === 2 ? hostile(r.report) : r.report,
      thumbnail: renderStudyOutputs(r, { extras: true }).thumbnail, href: `${r.report.study.id}.html`,
    }));
    const html = renderBatchHtml([...rows, { label: 'study-0004', ok: false, code: 'INVALID_DICOM', message: HOSTILE }]);
    expectSelfContained(html, /^sp-[0-9a-f]{16}\.html$/);
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect(body.match(/<tr>/g)!.length).toBe(4);
    expect(body.match(/<img src="data:image\/png;base64,/g)!.length).toBe(3);
    for (const r of [adult, child, cut]) expect(body).toContain(`<a href="${r.report.study.id}.html">`);
    expect(body).toContain('&#60;b&#62;study-0002&#60;/b&#62;');
    expect(body).toMatch(/severe bilateral/);
    expect(body).toMatch(/indeterminate/);
    expect(body).toContain('INVALID_DICOM');
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<script>/g)!.length).toBe(1); // the sorting script, nothing else
    expect(html).toContain("script-src &#39;unsafe-inline&#39;");
  });
});
