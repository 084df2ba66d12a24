/**
 * The HTML reports in headless Chromium (Debian chromium driven by
 * playwright-core): the study report opens from a file with scripts off and
 * makes no request besides its own file (every other request is refused and
 * recorded), its figures decode, and a screenshot is saved (to docs/figures/
 * with UPDATE_DOC_FIGURES=1). The batch report sorts by a click on a header.
 * Skips when /usr/bin/chromium (or SPECT_CHROMIUM) is absent, unless REQUIRE_BROWSER=1.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderStudyOutputs } from '../../src/report/figure/outputs.js';
import { renderBatchHtml } from '../../src/report/html-batch.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { analyzed } from './fixtures.js';

const CHROMIUM = process.env.SPECT_CHROMIUM ?? '/usr/bin/chromium';
const required = process.env.REQUIRE_BROWSER === '1';
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const have = existsSync(CHROMIUM);
const suite = have ? describe : required ? describe : describe.skip;

suite(`HTML reports in Chromium${have ? '' : ` [skipped: ${CHROMIUM} not found; REQUIRE_BROWSER=1 makes this a failure]`}`, () => {
  let browser: Browser;
  let dir: string;
  const external: string[] = [];
  const watch = async (p: Page) => {
    await p.route('**/*', (route) => {
      const u = route.request().url();
      if (u.startsWith('file://') && u.startsWith(pathToFileURL(dir).href)) return route.continue();
      external.push(u);
      return route.abort();
    });
  };

  beforeAll(async () => {
    if (!have) throw new Error(`${CHROMIUM} not found; install Debian chromium or set SPECT_CHROMIUM`);
    dir = mkdtempSync(join(tmpdir(), 'spect-html-'));
    const results = await Promise.all([analyzed('normalAdult'), analyzed('severeChild'), analyzed('truncated')]);
    const rows = results.map((r, i) => {
      const o = renderStudyOutputs(r, { html: true });
      writeFileSync(join(dir, `${r.report.study.id}.html`), o.html!);
      return { label: `study-000${i + 1}`, ok: true as const, report: r.report, thumbnail: o.thumbnail, href: `${r.report.study.id}.html` };
    });
    writeFileSync(join(dir, 'report.html'), renderBatchHtml(rows));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the study report of a severe child, scripts off: readable, figures decoded, no request outside its file', async () => {
    const child = await analyzed('severeChild');
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, offline: true });
    const page = await ctx.newPage();
    await watch(page);
    await page.goto(pathToFileURL(join(dir, `${child.report.study.id}.html`)).href, { waitUntil: 'load' });
    const text = await page.textContent('body');
    expect(text).toContain('SEVERE BILATERAL CEREBELLAR HYPOPERFUSION');
    expect(text).toMatch(/neuroblastoma/);
    const widths = await page.$$eval('img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(widths).toEqual([1600, 1000]);
    const shot = await page.screenshot({ fullPage: false });
    expect(shot.length).toBeGreaterThan(10_000);
    if (process.env.UPDATE_DOC_FIGURES === '1') writeFileSync(resolve(REPO_ROOT, 'docs/figures/report-screenshot.png'), shot);
    expect(external).toEqual([]);
    await ctx.close();
  }, 60_000);

  it('the batch report: 3 rows with decoded thumbnails; a click on "ratio" sorts them', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    const page = await ctx.newPage();
    await watch(page);
    await page.goto(pathToFileURL(join(dir, 'report.html')).href, { waitUntil: 'load' });
    expect(await page.$$eval('#studies tbody tr', (r) => r.length)).toBe(3);
    expect(await page.$$eval('#studies tbody img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([109, 109, 109]);
    const ratios = async () => page.$$eval('#studies tbody tr', (rs) => rs.map((r) => Number((r as HTMLTableRowElement).cells[4]!.textContent)));
    const before = await ratios();
    await page.click('#studies thead th:nth-child(5)');
    const after = await ratios();
    expect(after).toEqual([...before].sort((a, b) => a - b));
    await page.click('#studies thead th:nth-child(5)');
    expect(await ratios()).toEqual([...before].sort((a, b) => b - a));
    expect(external).toEqual([]);
    await ctx.close();
  }, 60_000);
});
