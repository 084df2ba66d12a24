/**
 * The project's own JPEG DCT decoder (baseline/extended sequential Huffman,
 * ITU T.81) against independent decoders:
 *  - libjpeg-turbo (cornerstone build) on images it encodes in-process;
 *  - DCMTK dcmdjpeg on the shared 12-bit files (skipped without dcmdjpeg);
 *  - djpeg on cjpeg output with restart markers and chroma subsampling
 *    (skipped without libjpeg-turbo-progs).
 * Expected: equal within 1 (different IDCT rounding), except where libjpeg
 * upsamples chroma with its smoothing filter.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePixelData } from '../../src/dicom-pixels/index.js';
import { decodeJpegDct } from '../../src/dicom-pixels/jpeg/decode.js';
import { describeShared, sharedPath } from '../helpers/shared-data.js';
import { load, parse, pixelModuleOf } from './load.js';

interface Encoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean }): Uint8Array;
  setQuality(quality: number, progressive: boolean): void;
  setProgressive(on: boolean): void;
  setSubSampling(on: boolean): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
  delete(): void;
}
interface Decoder {
  getEncodedBuffer(n: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
  delete(): void;
}

/** Deterministic test image: smooth ramps plus a sharp pattern (so AC coefficients are used). */
function image(w: number, h: number, c: number): Uint8Array {
  const out = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) {
        const v = 128 + 90 * Math.sin((x + 3 * k) / 5) * Math.cos(y / 7) + ((x ^ y) & 8 ? 20 : -20);
        out[(y * w + x) * c + k] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return out;
}

function diff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  expect(a.length).toBe(b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

describe('own DCT decoder vs libjpeg-turbo (in-process encode/decode)', () => {
  it.each([
    ['grey 8-bit 37x29', 1, false, 1, 0.05],
    ['colour 4:4:4 64x48', 3, false, 3, 0.2], // IDCT rounding differences of 1 in Cb/Cr are scaled by up to 1.772
    ['colour 4:2:0 37x29', 3, true, 60, 4], // libjpeg smooths chroma on upsampling, we replicate
  ])('%s', async (_l, c, sub, maxDiff, meanDiff) => {
    const w = _l.includes('64x48') ? 64 : 37;
    const h = _l.includes('64x48') ? 48 : 29;
    const mod = await import('@cornerstonejs/codec-libjpeg-turbo-8bit');
    const lib = (await mod.default({ print: () => undefined, printErr: () => undefined })) as { JPEGEncoder: new () => Encoder; JPEGDecoder: new () => Decoder };
    const enc = new lib.JPEGEncoder();
    enc.getDecodedBuffer({ width: w, height: h, bitsPerSample: 8, componentCount: c, isSigned: false }).set(image(w, h, c));
    enc.setQuality(90, false);
    enc.setProgressive(false); // the build defaults to progressive coding
    enc.setSubSampling(sub);
    enc.encode();
    const jpeg = enc.getEncodedBuffer().slice();
    enc.delete();
    const dec = new lib.JPEGDecoder();
    dec.getEncodedBuffer(jpeg.length).set(jpeg);
    dec.decode();
    const ref = dec.getDecodedBuffer().slice();
    dec.delete();
    const mine = decodeJpegDct(jpeg);
    expect([mine.width, mine.height, mine.components, mine.bitsPerSample]).toEqual([w, h, c, 8]);
    const d = diff(mine.values, ref);
    expect(d.max).toBeLessThanOrEqual(maxDiff);
    expect(d.mean).toBeLessThanOrEqual(meanDiff);
  });
});

const hasDcmdjpeg = spawnSync('dcmdjpeg', ['--version']).status === 0;
const hasCjpeg = spawnSync('cjpeg', ['-version']).status === 0 && spawnSync('djpeg', ['-version']).status === 0;
const tmp = mkdtempSync(join(tmpdir(), 'spect-pixels-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describeShared('12-bit JPEG Extended (.51) vs DCMTK dcmdjpeg', () => {
  it.skipIf(!hasDcmdjpeg).each(['dicom/nm/NM1_JPLY.dcm', 'dicom/transfer-syntax/dicomParser/multi-frame/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm'])('%s', async (rel) => {
    const out = join(tmp, 'dcmdjpeg.dcm');
    const r = spawnSync('dcmdjpeg', [sharedPath(rel), out]);
    expect(r.status).toBe(0);
    const refDs = parse(new Uint8Array(readFileSync(out)));
    const ref = await decodePixelData(refDs, refDs.string('x00020010') ?? '', pixelModuleOf(refDs));
    const { ds, ts, pm } = load(rel);
    const mine = await decodePixelData(ds, ts, pm);
    const d = diff(mine.values, ref.values);
    expect(d.max).toBeLessThanOrEqual(1);
    expect(d.mean).toBeLessThan(0.02);
  });
});

describe('restart markers and subsampling vs djpeg (cjpeg-encoded)', () => {
  function pnm(w: number, h: number, c: number, data: Uint8Array): Uint8Array {
    const head = new TextEncoder().encode(`${c === 1 ? 'P5' : 'P6'}\n${String(w)} ${String(h)}\n255\n`);
    const out = new Uint8Array(head.length + data.length);
    out.set(head);
    out.set(data, head.length);
    return out;
  }
  function readPnm(b: Uint8Array): Uint8Array {
    // header: magic, width, height, maxval separated by whitespace, then one whitespace byte
    let fields = 0;
    let i = 0;
    while (fields < 4 && i < b.length) {
      while (i < b.length && /\s/u.test(String.fromCharCode(b[i] as number))) i++;
      while (i < b.length && !/\s/u.test(String.fromCharCode(b[i] as number))) i++;
      fields++;
    }
    return b.subarray(i + 1);
  }
  it.skipIf(!hasCjpeg).each([
    ['grey, restart every 1 MCU', 1, ['-restart', '1B', '-grayscale']],
    ['grey, restart every 3 MCUs, 8 bit optimised tables', 1, ['-restart', '3B', '-grayscale', '-optimize']],
    ['colour 4:4:4, restart every 2 MCUs', 3, ['-restart', '2B', '-sample', '1x1']],
    ['colour 4:2:0, restart every 5 MCUs', 3, ['-restart', '5B', '-sample', '2x2']],
    ['colour 4:2:2', 3, ['-sample', '2x1']],
  ])('%s', (_l, c, args) => {
    const w = 45;
    const h = 27;
    const src = join(tmp, `in.${c === 1 ? 'pgm' : 'ppm'}`);
    writeFileSync(src, pnm(w, h, c === 1 ? 3 : c, image(w, h, 3)));
    const jpgPath = join(tmp, 'a.jpg');
    expect(spawnSync('cjpeg', ['-quality', '85', ...args, '-outfile', jpgPath, src]).status).toBe(0);
    const refPath = join(tmp, 'a.pnm');
    expect(spawnSync('djpeg', ['-nosmooth', '-dct', 'float', '-outfile', refPath, jpgPath]).status).toBe(0);
    const jpeg = new Uint8Array(readFileSync(jpgPath));
    const ref = readPnm(new Uint8Array(readFileSync(refPath)));
    const mine = decodeJpegDct(jpeg);
    expect([mine.width, mine.height, mine.components]).toEqual([w, h, c]);
    const d = diff(mine.values, ref);
    expect(d.max).toBeLessThanOrEqual(c === 1 ? 1 : 2);
  });
});
