/**
 * Driving the example page in the browser test.
 */
import type { Page } from 'playwright-core';
import type { Tracer } from '../../src/index.js';

export interface PageOutcome {
  readonly state: string;
  readonly json: string | null;
  readonly error: { code: string | null; message: string } | null;
  readonly ratioText: string;
  readonly labelText: string;
  readonly figureLoaded: boolean;
}

/** Pick files through the page's <input type=file> and wait for the outcome. */
export async function analyseInPage(page: Page, origin: string, files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, opts: { ageYears?: number; tracer?: Tracer } = {}): Promise<PageOutcome> {
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 20_000 });
  if (opts.ageYears !== undefined) await page.fill('#age', String(opts.ageYears));
  if (opts.tracer !== undefined) await page.selectOption('#tracer', opts.tracer);
  await page.setInputFiles('#file', files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', null, { timeout: 50_000 });
  return page.evaluate(async () => {
    const w = window as unknown as { spectExample: { lastJson: string | null; lastError: { code: string | null; message: string } | null } };
    const img = document.getElementById('figure') as HTMLImageElement;
    if (document.body.dataset.state === 'done') await img.decode().catch(() => undefined);
    return {
      state: document.body.dataset.state ?? '',
      json: w.spectExample.lastJson,
      error: w.spectExample.lastError,
      ratioText: document.getElementById('ratio')?.textContent ?? '',
      labelText: document.getElementById('label')?.textContent ?? '',
      figureLoaded: img.complete && img.naturalWidth > 0,
    };
  });
}

/** A page with a strict CSP that only imports the library. */
export const STRICT_HTML = `<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'self'">
<title>strict CSP</title><body><script type="module" src="/strict/strict.js"></script></body>`;
export const STRICT_JS = `import('/lib/index.js').then((L) => { const sim = L.simulateStudy(L.prepareSource(L.phantomSource()), { cerebellarFactor: 0.45, matrix: 64, voxelSizeMm: 4, fwhmMm: 10, totalCounts: 3e6, ageYears: 3, tracer: 'HMPAO' }, 3); const r = L.analyzeStudy(sim.volume).report; document.body.dataset.state = 'ready ' + r.classification.label; }).catch((e) => { document.body.dataset.state = 'error: ' + e.message; });`;
