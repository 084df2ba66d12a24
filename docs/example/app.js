// spect-perfusion in a browser: pick a study, get the report. Nothing leaves the
// page: files are read with File.arrayBuffer() and analysed by a worker
// (worker.js + analysis.js) in this tab.
// The library bundle (./lib/index.js) is built by
//   npx tsx test/browser/build-example.ts          (see docs/browser.md)
import * as lib from './lib/index.js';
import { createAnalysisClient } from './lib/worker.js';
import { analyzeFiles, loadStudy, simulateFile } from './analysis.js';

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- the worker

// spect-perfusion/worker's typed client over the page's module worker (worker.js)
const client = createAnalysisClient(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));

// ---------------------------------------------------------------- the page

let figureUrl = null;
let jsonUrl = null;

function fmt(x, digits = 3) {
  return x === null || x === undefined ? '–' : x.toFixed(digits);
}

function show(report, json, figure) {
  const r = report.ratios;
  const c = report.classification;
  $('ratio').textContent = fmt(r.cerebellumToCortex);
  $('label').textContent = c.label + (c.severeCerebellarHypoperfusion ? ' (flag: severe cerebellar hypoperfusion)' : '');
  $('label').className = 'label ' + c.label;
  $('zscore').textContent = fmt(c.zScore, 2);
  $('reference').textContent = c.reference
    ? `${c.reference.tracer}, ${c.reference.ageBand}: ${fmt(c.reference.mean)} ± ${fmt(c.reference.sd)}${c.reference.provisional ? ' (provisional)' : ''}`
    : 'none (age or tracer unknown)';
  $('lr').textContent = `${fmt(r.cerebellumLeftToCortex)} / ${fmt(r.cerebellumRightToCortex)}`;
  $('reasons').replaceChildren(...[...c.reasons, ...c.notes].map((t) => Object.assign(document.createElement('li'), { textContent: t })));
  const issues = report.issues.length > 0 ? report.issues : [{ severity: '', code: 'none', message: 'nothing unusual was met' }];
  $('issues').replaceChildren(...issues.map((i) => Object.assign(document.createElement('li'), { textContent: `${i.severity} ${i.code}: ${i.message}`.trim(), className: i.severity })));
  if (figureUrl) URL.revokeObjectURL(figureUrl);
  if (jsonUrl) URL.revokeObjectURL(jsonUrl);
  figureUrl = URL.createObjectURL(new Blob([figure], { type: 'image/png' }));
  jsonUrl = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
  $('figure').src = figureUrl;
  $('download').href = jsonUrl;
  $('download').download = `${report.study.id}.json`;
  $('json').textContent = json;
  $('result').hidden = false;
}

/** @param {() => Promise<{ files: { name: string, bytes: Uint8Array }[], note: string }>} getFiles */
async function run(getFiles) {
  document.body.dataset.state = 'busy';
  Object.assign(window.spectExample, { lastReport: null, lastJson: null, lastError: null });
  $('error').textContent = '';
  $('result').hidden = true;
  try {
    const { files, note } = await getFiles();
    $('status').textContent = 'registering to the atlas and measuring…';
    const age = $('age').value.trim();
    const tracer = $('tracer').value;
    const options = { ...(age !== '' ? { ageYears: Number(age) } : {}), ...(tracer ? { tracer } : {}) };
    const t0 = performance.now();
    // the files' buffers are handed to the worker (not copied)
    const out = await client.analyze(files, { ...options, figure: true });
    window.spectExample.lastReport = out.report;
    window.spectExample.lastJson = out.json;
    show(out.report, out.json, out.figure);
    $('status').textContent = `done in ${((performance.now() - t0) / 1000).toFixed(1)} s${note}`;
    document.body.dataset.state = 'done';
  } catch (e) {
    const code = e instanceof Error && typeof e.code === 'string' ? e.code : null;
    const message = e instanceof Error ? e.message : String(e);
    window.spectExample.lastError = { code, message };
    const text = code ? `${code}: ${message}` : message;
    $('status').textContent = '';
    $('error').textContent = text;
    document.body.dataset.state = 'error';
  }
}

async function pickedFiles() {
  const picked = [...$('file').files];
  if (picked.length === 0) throw new Error('no file picked');
  $('status').textContent = `reading ${picked.length} file(s)…`;
  const files = await Promise.all(picked.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
  return { files, note: '' };
}

let simUrl = null;
async function simulatedFiles() {
  const cerebellarFactor = Number($('sim-factor').value);
  const ageYears = Number($('sim-age').value);
  const seed = Math.trunc(Number($('sim-seed').value));
  if (!(cerebellarFactor >= 0.3 && cerebellarFactor <= 1.2)) throw new Error('cerebellar factor must be within 0.3..1.2');
  if (!(ageYears >= 0 && ageYears <= 100)) throw new Error('age must be within 0..100 years');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('seed must be a non-negative integer');
  $('status').textContent = 'simulating a study…';
  const { file: f, idealRatio } = await client.request('simulate', { params: { cerebellarFactor, ageYears, seed } });
  if (simUrl) URL.revokeObjectURL(simUrl);
  simUrl = URL.createObjectURL(new Blob([f.bytes], { type: 'application/dicom' }));
  Object.assign($('sim-download'), { href: simUrl, download: f.name, hidden: false });
  return { files: [f], note: `; simulator truth: ideal cerebellum/cortex ratio ${idealRatio.toFixed(3)}` };
}

// the whole library (and the worker's functions, here on the main thread), for
// experiments in the developer console: spectExample.lib.readNifti(...)
window.spectExample = { lib, analyzeFiles, loadStudy, simulateFile, lastReport: null, lastJson: null, lastError: null };
$('file').addEventListener('change', () => void run(pickedFiles));
$('again').addEventListener('click', () => void run(pickedFiles));
$('simulate').addEventListener('click', () => void run(simulatedFiles));
client.ping().then(
  () => { $('status').textContent = 'ready'; document.body.dataset.state = 'ready'; },
  (e) => { $('error').textContent = e.message; document.body.dataset.state = 'error'; },
);
