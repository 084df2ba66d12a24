/**
 * No identifying data in any output: a study full of FAKE identifiers goes
 * through the library and every CLI path; every output (stdout, stderr, JSON,
 * CSV, PNG text chunks, NIfTI header strings and extensions, file names) is
 * scanned for each identifier and its obvious variants.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { main, type CliIo } from '../../src/cli/main.js';
import { figureFor } from '../../src/cli/figure-files.js';
import { readDicom } from '../../src/dicom/index.js';
import { FAKE_IDENTIFIERS } from '../../src/dicom-write/index.js';
import { csvHeader, csvRow } from '../../src/report/csv.js';
import { reportToJson } from '../../src/report/json.js';
import { REPO_ROOT } from '../helpers/shared-data.js';
import { findIdentifiers, findLongIdentifiers, niftiText, pngChunks, pngText } from './scan.js';
import { identifiedStudy } from './study.js';

const root = mkdtempSync(join(tmpdir(), 'privacy-out-'));
const inDir = join(root, 'in');
const studyPath = join(inDir, 'study.dcm');
const brokenPath = join(inDir, 'broken.dcm');
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(() => {
  mkdirSync(inDir, { recursive: true });
  const bytes = identifiedStudy();
  writeFileSync(studyPath, bytes);
  writeFileSync(brokenPath, bytes.subarray(0, Math.floor(bytes.length * 0.6))); // truncated inside Pixel Data
});

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => void out.push(s), stderr: (s) => void err.push(s) };
}

/** Identifier hits in one output file, by type. */
function scanFile(path: string): string[] {
  const bytes = new Uint8Array(readFileSync(path));
  const hits = [...findLongIdentifiers(bytes)];
  if (/\.png$/i.test(path)) {
    hits.push(...findIdentifiers(pngText(bytes)));
  } else if (/\.nii(\.gz)?$/i.test(path)) {
    const t = niftiText(bytes);
    hits.push(...findIdentifiers([t.descrip, t.auxFile, t.intentName, t.header, ...t.extensions].join('\n')));
    if (/\.gz$/i.test(path)) hits.push(...findLongIdentifiers(gunzipSync(bytes)));
  } else {
    hits.push(...findIdentifiers(new TextDecoder().decode(bytes)));
  }
  return hits.map((h) => `${path}: ${h}`);
}

/** Every file below `dir` (including dot folders), names and contents scanned. */
function scanTree(dir: string): { files: string[]; hits: string[] } {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const hits: string[] = [];
  for (const f of files) {
    hits.push(...findIdentifiers(relative(dir, f)).map((h) => `file name ${relative(dir, f)}: ${h}`));
    hits.push(...scanFile(f));
  }
  return { files: files.map((f) => relative(dir, f)), hits };
}

describe('no identifiers in outputs (fake-identified study)', () => {
  it('the input really carries the identifiers (the scanner finds them)', () => {
    const hits = findIdentifiers(new TextDecoder('latin1').decode(readFileSync(studyPath)));
    for (const v of [FAKE_IDENTIFIERS.patientName, FAKE_IDENTIFIERS.patientId, FAKE_IDENTIFIERS.institutionName, FAKE_IDENTIFIERS.studyInstanceUid]) {
      expect(hits).toContain(v);
    }
  });

  it('library: report JSON, CSV row and PNG figure', async () => {
    const v = await readDicom(new Uint8Array(readFileSync(studyPath)));
    const r = analyzeStudy(v);
    expect(r.report.study.identifiersIncluded).toBe(false);
    expect(r.report.metadata.sex).toBe('F');
    expect(r.report.metadata.ageYears).toBeCloseTo(1185 / 365.25, 4);
    expect(r.report.metadata.tracer).toBe('HMPAO');
    expect(findIdentifiers(reportToJson(r.report))).toEqual([]);
    expect(findIdentifiers(csvHeader() + csvRow('input-1', r.report))).toEqual([]);
    const png = figureFor(r);
    expect(pngChunks(png).map((c) => c.type)).toContain('IHDR');
    expect(findIdentifiers(pngText(png))).toEqual([]);
    expect(findLongIdentifiers(png)).toEqual([]);
  }, 120_000);

  it('CLI info (text and --json)', async () => {
    for (const extra of [[], ['--json']]) {
      const io = capture();
      expect(await main(['info', studyPath, ...extra], io)).toBe(0);
      expect(findIdentifiers(io.out.join('') + io.err.join(''))).toEqual([]);
    }
  });

  it('CLI analyze --json and --csv', async () => {
    for (const mode of ['--json', '--csv']) {
      const io = capture();
      expect(await main(['analyze', studyPath, mode], io)).toBe(0);
      const text = io.out.join('') + io.err.join('');
      expect(text.length).toBeGreaterThan(100);
      expect(findIdentifiers(text)).toEqual([]);
    }
  }, 120_000);

  it('CLI analyze --out DIR --mni: JSON, PNG, NIfTI and file names', async () => {
    const out = join(root, 'analyze-out');
    const io = capture();
    expect(await main(['analyze', studyPath, '--out', out, '--mni'], io)).toBe(0);
    const { files, hits } = scanTree(out);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => f.endsWith('.png'))).toBe(true);
    expect(files.some((f) => f.endsWith('_space-MNI152_spect.nii.gz'))).toBe(true);
    // BIDS-derivatives names of the NIfTI and its JSON sidecar (issue 15), still only the pseudonym
    for (const f of files) expect(f).toMatch(/^sp-[0-9a-f]{16}(_space-MNI152_spect\.nii\.gz|_space-MNI152_spect\.json|\.json|\.png)$/);
    const nii = files.find((f) => f.endsWith('.nii.gz'))!;
    const t = niftiText(new Uint8Array(readFileSync(join(out, nii))));
    expect(t.extensions).toEqual([]);
    expect(t.descrip.startsWith('sp-')).toBe(true);
    expect(t.auxFile).toBe('');
    expect(t.intentName).toBe('');
    const png = new Uint8Array(readFileSync(join(out, files.find((f) => f.endsWith('.png'))!)));
    // only image chunks today; any text chunk added later is scanned by scanTree above
    expect(pngChunks(png).filter((c) => /^(tEXt|zTXt|iTXt|eXIf)$/.test(c.type))).toEqual([]);
    expect(hits).toEqual([]);
    expect(findIdentifiers(io.out.join('') + io.err.join(''))).toEqual([]);
  }, 120_000);

  it('CLI analyze of a truncated copy: the error on stderr carries no identifier', async () => {
    const io = capture();
    const code = await main(['analyze', brokenPath, '--json'], io);
    expect(code).not.toBe(0);
    const err = io.err.join('');
    expect(err).toMatch(/^error [A-Z_]+: /);
    expect(findIdentifiers(err + io.out.join(''))).toEqual([]);
    // and with two inputs (per-study error lines and rows)
    for (const mode of [[], ['--json'], ['--csv']]) {
      const io2 = capture();
      expect(await main(['analyze', studyPath, brokenPath, ...mode], io2)).toBe(10);
      expect(findIdentifiers(io2.out.join('') + io2.err.join(''))).toEqual([]);
    }
  }, 180_000);

  /** Checks of a finished batch run (in-process or through the built CLI). */
  function checkBatch(out: string, code: number | null, stdout: string, stderr: string): void {
    const { files, hits } = scanTree(out);
    expect(files).toContain('summary.csv');
    expect(files).toContain('summary.txt');
    expect(code).toBe(10); // the truncated study fails, the other succeeds
    expect(readFileSync(join(out, 'summary.csv'), 'utf8')).toMatch(/study-0001/);
    expect(files.some((f) => /^sp-[0-9a-f]{16}\.json$/.test(f))).toBe(true);
    expect(stderr).toMatch(/\[#+|\[1\/2\] study-0001: /); // progress: a bar on a terminal, a line per study otherwise (issue 15)
    expect(hits).toEqual([]);
    expect(findIdentifiers(stdout + stderr)).toEqual([]);
  }

  it('CLI batch (in process): summary.csv/txt, per-study files, state, progress on stderr', async () => {
    const out = join(root, 'batch-out');
    const io = capture();
    const code = await main(['batch', inDir, '--out', out, '--workers', '1'], io);
    checkBatch(out, code, io.out.join(''), io.err.join(''));
  }, 180_000);

  it('CLI batch (built dist/cli.js, when present): same checks', (ctx) => {
    const cli = join(REPO_ROOT, 'dist', 'cli.js');
    if (!existsSync(cli)) ctx.skip();
    const out = join(root, 'batch-dist-out');
    const r = spawnSync(process.execPath, [cli, 'batch', inDir, '--out', out, '--workers', '1'], { encoding: 'utf8', timeout: 170_000 });
    checkBatch(out, r.status, r.stdout, r.stderr);
  }, 180_000);

  it('an input file named after the patient does not leak into reports, CSV or analysis errors', async () => {
    const named = join(root, 'named');
    mkdirSync(named, { recursive: true });
    const good = join(named, 'DOE_JANE_MRN-4471-9032.dcm');
    const bad = join(named, 'DOE_JANE_20220314_broken.dcm');
    writeFileSync(good, readFileSync(studyPath));
    writeFileSync(bad, readFileSync(brokenPath));
    for (const mode of [['--json'], ['--csv'], []]) {
      const io = capture();
      expect(await main(['analyze', good, bad, ...mode], io)).toBe(10);
      expect(findIdentifiers(io.out.join('') + io.err.join(''))).toEqual([]);
    }
    const single = capture();
    expect(await main(['analyze', bad], single)).not.toBe(0);
    expect(findIdentifiers(single.err.join(''))).toEqual([]);
    const out = join(root, 'named-out');
    expect(await main(['analyze', good, '--out', out], capture())).toBe(0);
    expect(scanTree(out).hits).toEqual([]);
  }, 180_000);

  it('--include-identifiers: the report says so and carries the UIDs', async () => {
    const io = capture();
    expect(await main(['analyze', studyPath, '--json', '--include-identifiers'], io)).toBe(0);
    const rep = JSON.parse(io.out.join('')) as { study: Record<string, unknown> };
    expect(rep.study.identifiersIncluded).toBe(true);
    expect(rep.study.studyInstanceUid).toBe(FAKE_IDENTIFIERS.studyInstanceUid);
    expect(rep.study.seriesInstanceUid).toBe(FAKE_IDENTIFIERS.seriesInstanceUid);
    const info = capture();
    expect(await main(['info', studyPath, '--json', '--include-identifiers'], info)).toBe(0);
    const j = JSON.parse(info.out.join('')) as { metadata: Record<string, unknown> };
    expect(j.metadata.identifiersIncluded).toBe(true);
    expect(j.metadata.studyInstanceUid).toBe(FAKE_IDENTIFIERS.studyInstanceUid);
  }, 120_000);

  it('the pseudonym key changes the study id and the output names', async () => {
    const a = capture();
    const b = capture();
    expect(await main(['analyze', studyPath, '--json'], a)).toBe(0);
    expect(await main(['analyze', studyPath, '--json', '--pseudonym-key', 'project-42'], b)).toBe(0);
    const ida = (JSON.parse(a.out.join('')) as { study: { id: string } }).study.id;
    const idb = (JSON.parse(b.out.join('')) as { study: { id: string } }).study.id;
    expect(ida).toMatch(/^sp-[0-9a-f]{16}$/);
    expect(idb).toMatch(/^sp-[0-9a-f]{16}$/);
    expect(idb).not.toBe(ida);
  }, 120_000);
});
