/**
 * Issue 14, "Identifiers and control characters in messages": a study written
 * with the project's writer whose Series Description is "DOE^JANE MRN-4471-9032"
 * (also as the patient name and ID), with CR, LF and ESC in Manufacturer, goes
 * through every CLI command and failure path (info text/JSON, analyze text/JSON/
 * CSV/--out, batch with its summary files, NO_VOLUME_FOUND, an unrecognised Image
 * Type, a directory and a file that are not volumes). No identifier and no
 * control character may appear in stdout, stderr, JSON or any file written.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { readDicom } from '../../src/dicom/index.js';
import { describeSopClass, safeImageType } from '../../src/dicom/safe-text.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { SpectError, ErrorCode } from '../../src/errors.js';
import { csvRow } from '../../src/report/csv.js';
import { phantomSource, prepareSource, simulateStudy } from '../../src/simulate/index.js';
import { cleanLine, cleanText, csvText } from '../../src/text/sanitize.js';
import { analyzeStudy } from '../../src/pipeline/analyze.js';

const NAME = 'DOE^JANE MRN-4471-9032';
const FORBIDDEN = ['DOE', 'JANE', '4471', '9032'];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const EVIL_MANUFACTURER = 'ACME\r\u001b[31mRED\u001b]0;title\u0007\nFAKE LINE';

const tmp = mkdtempSync(join(tmpdir(), 'spect-ident-'));
afterAll(() => { if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true }); });

const sim = simulateStudy(prepareSource(phantomSource({ voxelSize: 4 })), {
  cerebellarFactor: 1, matrix: 64, voxelSizeMm: 4.4, fwhmMm: 12, totalCounts: 3e6, noise: false, ageYears: 40,
}, 3);
const opts = {
  patient: { name: NAME, id: 'MRN-4471-9032' }, seriesDescription: NAME, manufacturer: EVIL_MANUFACTURER,
  manufacturerModel: 'M\u001b[2J', radiopharmaceutical: { code: 'HMPAO' as const },
};
const study = writeNmMultiframe(sim.volume, { style: 'ge', ...opts });

/** Replace `from` by `to` (same length) everywhere in the bytes. */
function patch(bytes: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const out = bytes.slice();
  const f = Buffer.from(from, 'latin1');
  let hits = 0;
  for (let i = Buffer.from(out.buffer).indexOf(f); i >= 0; i = Buffer.from(out.buffer).indexOf(f, i + 1)) {
    out.set(Buffer.from(to, 'latin1'), i);
    hits++;
  }
  expect(hits).toBeGreaterThan(0);
  return out;
}

// Image Type value 3 RECON TOMO -> TOMO (projections, so a folder has no volume), or free text
const projections = patch(study, 'RECON TOMO', 'TOMO      ');
const unknownType = patch(study, 'RECON TOMO', 'DOE^JANE M');

function write(rel: string, bytes: Uint8Array): string {
  const p = join(tmp, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, bytes);
  return p;
}
const studyFile = write('in/study.dcm', study);
const projFile = write('proj/tomo.dcm', projections);
const unknownFile = write('unknown/img.dcm', unknownType);
const batchIn = join(tmp, 'batch-in');
write('batch-in/a/study.dcm', study);
write('batch-in/b/tomo.dcm', projections);
write('batch-in/c/img.dcm', unknownType);
write('batch-in/d/garbage.dcm', new TextEncoder().encode(`${NAME}\r\u001b[31m not dicom`));


function expectClean(where: string, text: string): void {
  for (const f of FORBIDDEN) expect(text.includes(f), `${where} contains "${f}": ${text.slice(Math.max(0, text.indexOf(f) - 80), text.indexOf(f) + 40)}`).toBe(false);
  const m = CONTROL.exec(text);
  expect(m, `${where} contains control character U+${m?.[0].charCodeAt(0).toString(16)} near ${JSON.stringify(text.slice(Math.max(0, (m?.index ?? 0) - 40), (m?.index ?? 0) + 20))}`).toBeNull();
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('no identifier and no control character in any output', () => {
  it('the test file really carries them (control)', async () => {
    const text = Buffer.from(study).toString('latin1');
    expect(text).toContain(NAME);
    expect(text).toContain('\u001b[31m');
    const v = await readDicom(study);
    expect(v.metadata.manufacturer).toContain('\r'); // the reader keeps the value; outputs escape it
  });

  const cases: [string, string[]][] = [
    ['info (text)', ['info', studyFile]],
    ['info --json', ['info', studyFile, '--json']],
    ['info on projections (header facts, then the error)', ['info', projFile]],
    ['info --json on projections', ['info', projFile, '--json']],
    ['info on an unrecognised Image Type', ['info', unknownFile]],
    ['info on a folder without a volume (NO_VOLUME_FOUND)', ['info', join(tmp, 'proj')]],
    ['info --json on a folder without a volume', ['info', join(tmp, 'proj'), '--json']],
    ['analyze (summary table)', ['analyze', studyFile, '--age', '40']],
    ['analyze --json', ['analyze', studyFile, '--json']],
    ['analyze --csv', ['analyze', studyFile, '--csv']],
    ['analyze on a folder without a volume (NO_VOLUME_FOUND)', ['analyze', join(tmp, 'proj')]],
    ['analyze --json on a folder without a volume', ['analyze', join(tmp, 'proj'), '--json']],
    ['analyze on projections (NOT_RECONSTRUCTED_VOLUME)', ['analyze', projFile]],
    ['analyze on an unrecognised Image Type', ['analyze', unknownFile, '--json']],
    ['analyze --csv on a file that is not DICOM', ['analyze', join(batchIn, 'd', 'garbage.dcm'), '--csv']],
  ];
  it.each(cases)('%s', async (_name, argv) => {
    const r = await run(...argv);
    expectClean(`${argv.join(' ')}: stdout`, r.out);
    expectClean(`${argv.join(' ')}: stderr`, r.err);
  }, 60_000);

  it('analyze --out: every file written', async () => {
    const out = join(tmp, 'analyze-out');
    const r = await run('analyze', studyFile, '--out', out, '--json');
    expect(r.code).toBe(0);
    expectClean('analyze --out stdout', r.out);
    expectClean('analyze --out stderr', r.err);
    for (const f of filesUnder(out)) if (/\.(json|txt|csv|html)$/.test(f)) expectClean(f, readFileSync(f, 'utf8'));
  }, 120_000);

  it('batch: stdout, stderr, summary, CSV, JSON and error files', async () => {
    const out = join(tmp, 'batch-out');
    const r = await run('batch', batchIn, '--out', out, '--workers', '1', '--no-progress');
    expectClean('batch stdout', r.out);
    expectClean('batch stderr', r.err);
    const files = filesUnder(out).filter((f) => /\.(json|txt|csv|html|jsonl)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expectClean(f, readFileSync(f, 'utf8'));
  }, 240_000);
});

describe('messages name attributes, never values', () => {
  it('NOT_RECONSTRUCTED_VOLUME on an unrecognised Image Type names the attribute, not the value', async () => {
    const e = await readDicom(unknownType).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(SpectError);
    expect((e as SpectError).code).toBe('NOT_RECONSTRUCTED_VOLUME');
    expect((e as SpectError).message).toMatch(/Image Type \(0008,0008\) value 3 is \(unrecognised value\)/);
    expect(JSON.stringify((e as SpectError).details)).not.toContain('DOE');
  });
  it('SOP classes: standard names from the fixed table, else "an unrecognised SOP Class"', () => {
    expect(describeSopClass('1.2.840.10008.5.1.4.1.1.481.3')).toBe('the RT Structure Set SOP Class');
    expect(describeSopClass('1.2.840.10008.5.1.4.1.1.20')).toBe('the NM Image SOP Class');
    expect(describeSopClass('1.2.3.DOE')).toBe('an unrecognised SOP Class');
    expect(safeImageType(['ORIGINAL', 'PRIMARY', 'DOE^JANE', ''])).toBe('ORIGINAL\\PRIMARY\\(unrecognised value)\\(empty)');
  });
  it('SpectError messages and details, and issue messages, have control characters escaped', () => {
    const e = new SpectError(ErrorCode.MALFORMED, 'a\r\u001b[2Jb\nc', { details: { k: 'x\u0007', n: [1, 'y\u009b'] } });
    expect(e.message).toBe('a\\r\\x1b[2Jb\\nc');
    expect(e.details).toEqual({ k: 'x\\x07', n: [1, 'y\\x9b'] });
  });
  it('cleanLine / cleanText / csvText', () => {
    expect(cleanLine('a\tb\u202ec')).toBe('a\\tb\\u202ec');
    expect(cleanText('a\tb\nc\rd')).toBe('a\tb\nc\\rd');
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', 'ok', ''].map(csvText)).toEqual(["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\\tx", "'\\rx", 'ok', '']);
  });
  it('CSV: a source (the opt-in path column) beginning with = is escaped; numbers are not', () => {
    const r = analyzeStudy(sim.volume, { ageYears: 40, tracer: 'HMPAO' }).report;
    const row = csvRow('=HYPERLINK("http://x")', r);
    expect(row.startsWith(`${r.study.id},"'=HYPERLINK(""http://x"")"`)).toBe(true);
    expect(csvRow('-1', r)).toContain(",'-1,");
  }, 60_000);
});
