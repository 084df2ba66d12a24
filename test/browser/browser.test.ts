/**
 * The library in a browser (issue 5): the built ESM entry, bundled for the
 * browser (bundle.ts), loaded by the example page (docs/example) in headless
 * Chromium (Debian chromium driven by playwright-core). Each sample study of
 * fixtures/ (or, without them, a study simulated here) is picked through the
 * page's file input; the report the page's worker computes must be
 * byte-identical to the same analysis in Node (the report is deterministic).
 * The page must request nothing but the local server.
 *
 * Skips when /usr/bin/chromium (or SPECT_CHROMIUM) is absent, unless
 * REQUIRE_BROWSER=1, which makes that a failure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStudy, phantomSource, prepareSource, readDicom, renderStudy, reportToJson, simulateStudy } from '../../src/index.js';
import type { AnalysisReport } from '../../src/index.js';
import { loadStudy } from '../../src/node/index.js';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';
import { REPO_ROOT, builtPackage, bundleForBrowser, type BuiltPackage } from './bundle.js';
import { serveStatic, type StaticServer } from './server.js';
import { RATIO_SANITY, fixtureCases, readAll, simulatedCases, type Case } from './cases.js';
import { STRICT_HTML, STRICT_JS, analyseInPage } from './page.js';

const CHROMIUM = process.env.SPECT_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === '1';
const EXAMPLE = join(REPO_ROOT, 'docs', 'example');
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The lazily loaded codec chunks of the bundle (dist/codecs/*.js and the lossless JPEG decoder). */
const CODEC_CHUNK = /\/chunks\/(charls|openjpeg|libjpeg-turbo-8bit|lossless)-[A-Z0-9]+\.js$/;

const fromFixtures = fixtureCases();
const CASES: Case[] = fromFixtures ?? [
  { name: 'simulated GE NM multi-frame', description: 'child 4 y, HMPAO, cerebellum 0.55', files: [], path: '', idealRatio: null },
  { name: 'simulated NIfTI', description: 'the same study as NIfTI-1 float32', ageYears: 4, tracer: 'HMPAO', files: [], path: '', idealRatio: null },
];

function describeBrowser(name: string, fn: () => void): void {
  if (hasChromium) describe(name, fn);
  else if (required) {
    describe(name, () => {
      it('needs Chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(`${CHROMIUM} not found; install Debian chromium or set SPECT_CHROMIUM`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${CHROMIUM} not found; REQUIRE_BROWSER=1 makes this a failure]`, fn);
  }
}

describeBrowser('the library in headless Chromium (example page)', () => {
  let entry: BuiltPackage;
  let workDir = '';
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];
  const workers: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'spect-browser-'));
    entry = await builtPackage({ privateDir: join(workDir, 'pkg') });
    console.info(`browser test: bundling ${entry.source === 'dist' ? 'dist/' : 'a private build of src/ (dist/ missing or stale)'} with no externals; ${fromFixtures ? 'fixtures/index.json' : 'simulated'} studies`);
    await bundleForBrowser(entry, join(workDir, 'lib'));
    if (fromFixtures) for (const c of CASES) c.files = readAll(c.path);
    else simulatedCases(workDir, CASES);
    server = await serveStatic({
      mounts: { '/': EXAMPLE, '/lib/': join(workDir, 'lib') },
      memory: new Map([
        ['/strict/index.html', new TextEncoder().encode(STRICT_HTML)],
        ['/strict/strict.js', new TextEncoder().encode(STRICT_JS)],
      ]),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    const context = await browser.newContext();
    context.on('request', (r) => requests.push(r.url())); // the page's and its worker's requests
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('worker', (w) => workers.push(w.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(`${c.name} (${c.description}): the page's report equals Node's, byte for byte`, async () => {
      // Node: the CLI's loader on the same file(s), then the same analysis
      const { volume } = await loadStudy(c.path);
      const nodeReport = analyzeStudy(volume, { ...(c.ageYears !== undefined ? { ageYears: c.ageYears } : {}), ...(c.tracer ? { tracer: c.tracer } : {}) }).report;
      const nodeJson = reportToJson(nodeReport);

      const out = await analyseInPage(page, server.origin, c.files, c);
      expect(out.error).toBeNull();
      expect(out.state).toBe('done');
      const report = JSON.parse(out.json!) as AnalysisReport;
      expect(report.ratios.cerebellumToCortex).toBe(nodeReport.ratios.cerebellumToCortex);
      expect(report.classification.label).toBe(nodeReport.classification.label);
      expect(out.json).toBe(nodeJson); // the whole deterministic report
      // independent reference: the simulator's ideal (noise-free, truth labels) ratio; a sanity
      // bound only (the page must measure the study, not just agree with Node): accuracy is
      // validated in test/validation
      expect(report.ratios.cerebellumToCortex).not.toBeNull();
      console.info(`${c.name}: page = node: ratio ${String(report.ratios.cerebellumToCortex)} (ideal ${c.idealRatio!.toFixed(4)}), ${report.classification.label}`);
      expect(Math.abs(report.ratios.cerebellumToCortex! - c.idealRatio!)).toBeLessThan(RATIO_SANITY);
      // what the page shows
      expect(out.ratioText).toBe(report.ratios.cerebellumToCortex!.toFixed(3));
      expect(out.labelText.startsWith(report.classification.label)).toBe(true);
      expect(out.figureLoaded).toBe(true);
    });
  }

  it('simulates a study in the page: same DICOM bytes and same report as the simulator in Node', async () => {
    const p = { cerebellarFactor: 0.5, ageYears: 3, seed: 11 };
    // Node: the parameters app.js documents for simulateFile
    const sim = simulateStudy(prepareSource(phantomSource()), {
      cerebellarFactor: p.cerebellarFactor, ageYears: p.ageYears, sex: 'F', tracer: 'HMPAO', matrix: 64, voxelSizeMm: 4.4,
    }, p.seed);
    const bytes = renderStudy(sim, { format: 'ge' }).files[0]!.bytes;
    const nodeJson = reportToJson(analyzeStudy(await readDicom(bytes)).report);

    await page.goto(`${server.origin}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
    await page.fill('#sim-factor', String(p.cerebellarFactor));
    await page.fill('#sim-age', String(p.ageYears));
    await page.fill('#sim-seed', String(p.seed));
    await page.click('#simulate');
    await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', null, { timeout: 50_000 });
    const out = await page.evaluate(async (q) => {
      type Ex = { lastJson: string | null; lastError: unknown; simulateFile: (x: typeof q) => { bytes: Uint8Array<ArrayBuffer> } };
      const ex = (window as unknown as { spectExample: Ex }).spectExample;
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', ex.simulateFile(q).bytes));
      return { json: ex.lastJson, error: ex.lastError, sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''), status: document.getElementById('status')?.textContent ?? '' };
    }, p);
    expect(out.error).toBeNull();
    expect(out.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(out.json).toBe(nodeJson);
    expect(out.status).toContain(`ideal cerebellum/cortex ratio ${sim.truth.idealRatio.toFixed(3)}`);
    const report = JSON.parse(out.json!) as AnalysisReport;
    expect(Math.abs(report.ratios.cerebellumToCortex! - sim.truth.idealRatio)).toBeLessThan(RATIO_SANITY);
    expect(report.classification.label).toBe('severe');
  });

  it('reports a typed error for a file that is not a study', async () => {
    const bytes = new TextEncoder().encode('this is not a DICOM file; '.repeat(20));
    const out = await analyseInPage(page, server.origin, [{ name: 'notes.dcm', bytes }]);
    expect(out.state).toBe('error');
    expect(out.error?.code).toBe('NOT_DICOM');
  });

  it('requested nothing but the local server, loaded no codec chunk for native data, threw nothing', () => {
    const remote = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'));
    expect(remote).toEqual([]);
    expect(requests.some((u) => u.endsWith('/lib/index.js'))).toBe(true);
    expect(requests.some((u) => u.endsWith('/analysis.js'))).toBe(true);
    // the page's worker serves the protocol of spect-perfusion/worker (the bundle's worker entry)
    expect(requests.some((u) => u.endsWith('/lib/worker.js'))).toBe(true);
    // the analysis ran in the page's module worker
    expect(workers.length).toBeGreaterThan(0);
    expect(workers.every((u) => u === `${server.origin}/worker.js`)).toBe(true);
    expect(requests.filter((u) => CODEC_CHUNK.test(u))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  // ndarray-ops compiles its operators with new Function() when loaded: the core
  // loads it lazily (only regionStatsNdarray needs it), so the whole analysis runs
  // under a strict Content Security Policy without 'unsafe-eval'.
  it("under a CSP without 'unsafe-eval' the core loads, simulates and analyses a study", async () => {
    const strict = await browser.newPage();
    try {
      await strict.goto(`${server.origin}/strict/index.html`);
      await strict.waitForFunction(() => (document.body.dataset.state ?? '') !== '', null, { timeout: 20_000 });
      const state = await strict.evaluate(() => document.body.dataset.state ?? '');
      expect(state).toBe('ready severe');
    } finally {
      await strict.close();
    }
  });

  // Compressed pixel data: the codec chunks are fetched on demand and decode as in Node (golden sums by pydicom/DCMTK/GDCM).
  describeShared('codec chunks in the browser (shared data)', () => {
    const files = ['NM1_J2KR', 'NM1_JLSL', 'NM1_JPLL', 'NM1_RLE'];

    it('decodes NEMA NM1 in 4 transfer syntaxes to the golden pixel sum', async () => {
      await page.goto(`${server.origin}/`);
      await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
      for (const f of files) {
        const rel = `dicom/nm/${f}.dcm`;
        const want = golden<{ pixels: { sum: number } }>(rel).pixels.sum;
        const b64 = Buffer.from(sharedBytes(rel)).toString('base64');
        const got = await page.evaluate(async (data) => {
          type Lib = { readDicomImage: (b: Uint8Array) => Promise<{ stored: ArrayLike<number>; lossy: boolean }> };
          const lib = (window as unknown as { spectExample: { lib: Lib } }).spectExample.lib;
          const bin = atob(data);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
          const img = await lib.readDicomImage(bytes);
          let sum = 0;
          for (let i = 0; i < img.stored.length; i++) sum += img.stored[i]!;
          return { sum, lossy: img.lossy };
        }, b64);
        expect(got.sum, f).toBe(want);
        expect(got.lossy, f).toBe(false);
      }
      expect(requests.some((u) => /\/chunks\/openjpeg-[A-Z0-9]+\.js$/.test(u))).toBe(true);
      expect(requests.some((u) => /\/chunks\/charls-[A-Z0-9]+\.js$/.test(u))).toBe(true);
      expect(requests.some((u) => /\/chunks\/lossless-[A-Z0-9]+\.js$/.test(u))).toBe(true);
      expect(requests.some((u) => u.endsWith('.wasm'))).toBe(false);
      expect(requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
      expect(pageErrors).toEqual([]);
    });
  });
});
