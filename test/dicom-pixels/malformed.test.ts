/**
 * Malformed shared files and real codestreams cut short: always a typed error
 * (never a crash, a hang or a silently partial image).
 */
import type { DataSet } from 'dicom-parser';
import { expect, it } from 'vitest';
import { decodePixelData } from '../../src/dicom-pixels/index.js';
import { frameSplitter } from '../../src/dicom-pixels/fragments.js';
import { IssueList } from '../../src/issues.js';
import { describeShared, golden } from '../helpers/shared-data.js';
import { encapsulatedDataSet } from './build.js';
import { load } from './load.js';

const M = 'dicom/transfer-syntax/malformed/';

async function errorOf(p: Promise<unknown>): Promise<{ name: string; code: string; message: string }> {
  try {
    await p;
    return { name: 'none', code: 'no error', message: '' };
  } catch (e) {
    const x = e as { name?: string; code?: string; message?: string };
    return { name: x.name ?? '', code: x.code ?? String(e), message: x.message ?? '' };
  }
}

describeShared('malformed shared files give typed errors', () => {
  it.each([
    // PixelData declares 8192 bytes, the file holds 8130 (pydicom: "8130 bytes ... expected 8192")
    ['truncated_pixeldata_MR_truncated.dcm', 'PIXEL_DATA_SIZE', /truncated/u],
    // encapsulated data cut before the sequence delimiter
    ['truncated_j2k_emri_small_jpeg_2k_lossless_too_short.dcm', 'PIXEL_DATA_SIZE', /sequence delimiter/u],
    // J2K fragment whose SIZ is garbage (GDCM: "Invalid number of tiles")
    ['JPEG2000_embedded_sequence_delimiter.dcm', 'DECODE_FAILED', /SIZ/u],
  ])('%s -> %s', async (file, code, msg) => {
    const g = golden<{ malformed: boolean; header: { transfer_syntax_uid: string } }>(M + file);
    expect(g.malformed).toBe(true);
    // dicom-parser's exception carries the dataset without the meta group: take the UID from the golden header
    const { ds, pm } = load(M + file);
    const ts = g.header.transfer_syntax_uid;
    const e = await errorOf(decodePixelData(ds, ts, pm));
    expect(e.name).toBe('PixelDataError');
    expect(e.code).toBe(code);
    expect(e.message).toMatch(msg);
  });

  it('bad_sequence.dcm (sequence stored as UN) still decodes', async () => {
    const { ds, ts, pm } = load(`${M}bad_sequence.dcm`);
    const d = await decodePixelData(ds, ts, pm);
    expect(d.values.length).toBe(512 * 512);
  });
});

/** First frame of a shared file, cut to `fraction` of its length, as a one-fragment dataset. */
function cutFrame(rel: string, fraction: number): { ds: DataSet; ts: string; pm: ReturnType<typeof load>['pm'] } {
  const { ds, ts, pm } = load(rel);
  const el = ds.elements['x7fe00010'];
  if (el === undefined) throw new Error('no pixel data');
  const frame = frameSplitter(ds, el, pm.numberOfFrames, new IssueList())(0);
  const cut = frame.slice(0, Math.floor(frame.length * fraction));
  return { ds: encapsulatedDataSet([cut]), ts, pm: { ...pm, numberOfFrames: 1 } };
}

describeShared('real codestreams cut short -> DECODE_FAILED', () => {
  const files = [
    'dicom/nm/NM1_RLE.dcm',
    'dicom/nm/NM1_JPLL.dcm',
    'dicom/nm/NM1_JLSL.dcm',
    'dicom/nm/NM1_JLSN.dcm',
    'dicom/nm/NM1_J2KR.dcm',
    'dicom/nm/NM1_J2KI.dcm',
    'dicom/nm/NM1_JPLY.dcm',
    'dicom/transfer-syntax/pydicom/SC_rgb_jpeg_dcmtk.dcm',
  ];
  const cases = files.flatMap((f) => [0.3, 0.9, 0.995].map((x) => [f, x] as const));
  it.each(cases)('%s cut to %d', async (rel, fraction) => {
    const { ds, ts, pm } = cutFrame(rel, fraction);
    const e = await errorOf(decodePixelData(ds, ts, pm));
    expect(e.code).toBe('DECODE_FAILED');
  });
  it('a codestream whose size disagrees with Rows/Columns -> DECODE_FAILED before decoding', async () => {
    const { ds, ts, pm } = load('dicom/nm/NM1_JLSL.dcm');
    const e = await errorOf(decodePixelData(ds, ts, { ...pm, rows: 512 }));
    expect(e.code).toBe('DECODE_FAILED');
    expect(e.message).toMatch(/frame header/u);
  });
});

describeShared('decoded metadata', () => {
  it('J2K_pixelrep_mismatch: unsigned 13-bit codestream, Pixel Representation 1 -> sign-extended at Bits Stored', async () => {
    const rel = 'dicom/transfer-syntax/pydicom/J2K_pixelrep_mismatch.dcm';
    const g = golden<{ pixels: { min: number; decoder_raw_output: { min: number; max: number } } }>(rel);
    const { ds, ts, pm } = load(rel);
    const d = await decodePixelData(ds, ts, pm);
    let min = Infinity;
    for (const v of d.values) min = Math.min(min, v);
    expect(min).toBe(g.pixels.min);
    expect(min).toBe(-2000);
    expect(d.issues?.map((i) => i.code)).toContain('CODESTREAM_SIGNEDNESS_MISMATCH');
  });
  it('JPEG baseline YBR_FULL decodes to RGB; lossy flags follow the transfer syntax', async () => {
    const a = load('dicom/transfer-syntax/pydicom/SC_rgb_jpeg_dcmtk.dcm');
    const d = await decodePixelData(a.ds, a.ts, a.pm);
    expect(a.pm.photometricInterpretation).toBe('YBR_FULL');
    expect(d.photometricInterpretation).toBe('RGB');
    expect(d.lossy).toBe(true);
    const b = load('dicom/nm/NM1_JLSL.dcm');
    expect((await decodePixelData(b.ds, b.ts, b.pm)).lossy).toBe(false);
  });
});
