/**
 * The project's deflate encoder (src/report/deflate/) and the PNGs it writes: every stream is
 * decoded by two independent inflaters (node:zlib, fflate) and must give back the input bytes,
 * on real figures, incompressible and all-zero data, tiny and odd widths, 1 and 256 colours, more
 * than 65535 bytes per block; Huffman codes stay within 15 bits with a complete code; the bytes
 * are deterministic (a recorded SHA-256).
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { unzlibSync, zlibSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeLengths } from '../../src/report/deflate/huffman.js';
import { adler32, zlibDeflate } from '../../src/report/deflate/zlib.js';
import { Canvas } from '../../src/report/figure/canvas.js';
import { colormapTable } from '../../src/report/figure/colormap.js';
import { figureSourceOf } from '../../src/report/figure/source.js';
import { renderStudyFigure, renderThumbnail } from '../../src/report/figure/study.js';
import { encodePng, encodePngRgb } from '../../src/report/png.js';
import { analyzed, type FIXTURES } from './fixtures.js';
import { decodePng } from './png-decode.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Both inflaters give back exactly `raw`. */
function expectRoundTrip(z: Uint8Array, raw: Uint8Array): void {
  const a = new Uint8Array(inflateSync(z)),
    b = unzlibSync(z);
  expect(a.length).toBe(raw.length);
  expect(Buffer.compare(Buffer.from(a), Buffer.from(raw))).toBe(0);
  expect(Buffer.compare(Buffer.from(b), Buffer.from(raw))).toBe(0);
}

/** Deterministic pseudo-random bytes (xorshift32). */
function randomBytes(n: number, seed: number, levels = 256): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = (s >>> 0) % levels;
  }
  return out;
}

/** The zlib payload of a PNG's IDAT chunks (one here) and the rows it inflates to. */
function idatOf(png: Uint8Array): { z: Uint8Array; rows: Uint8Array; width: number } {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8,
    width = 0,
    z: Uint8Array = new Uint8Array(0);
  while (off < png.length) {
    const len = dv.getUint32(off),
      type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    if (type === 'IHDR') width = dv.getUint32(off + 8);
    if (type === 'IDAT') z = png.subarray(off + 8, off + 8 + len);
    off += 12 + len;
  }
  return { z, rows: new Uint8Array(inflateSync(z)), width };
}

/** A figure-like image that depends on src/report only: colour-map ramps, hatch, text, lines. */
function syntheticFigure(): Canvas {
  const cv = new Canvas(640, 260),
    t = colormapTable('uniform');
  for (let y = 20; y < 140; y++) {
    for (let x = 20; x < 620; x++) {
      const v = 2 * (Math.floor((x - 20) / 5 + 10 * Math.sin(y / 9)) & 127);
      cv.set(x, y, (x + y) % 7 === 0 ? [180, 180, 180] : [t[3 * v]!, t[3 * v + 1]!, t[3 * v + 2]!]);
    }
  }
  cv.text('SEVERE BILATERAL CEREBELLAR HYPOPERFUSION 0.501', 20, 160, [200, 30, 30], 3);
  cv.text("Radiological convention: the patient's RIGHT is on the image LEFT", 20, 210, [20, 20, 20], 2);
  cv.line(20, 250, 620, 150, [255, 0, 255], 2, 6);
  return cv;
}

describe('deflate encoder on real figures', () => {
  const pngs: Uint8Array[] = [];
  beforeAll(async () => {
    for (const name of ['severeChild', 'normalAdult', 'truncated'] as (keyof typeof FIXTURES)[]) {
      const s = figureSourceOf(await analyzed(name));
      pngs.push(renderStudyFigure(s), renderStudyFigure(s, { colormap: 'hot-metal', orientation: 'neurological' }), renderThumbnail(s));
    }
  }, 120_000);

  it('each figure PNG inflates (node:zlib and fflate) to its rows; re-encoding the rows round-trips; size at most 1.3x fflate level 2', () => {
    for (const png of pngs) {
      const { z, rows, width } = idatOf(png);
      expectRoundTrip(z, rows);
      expect(Buffer.compare(Buffer.from(unzlibSync(z)), Buffer.from(rows))).toBe(0);
      for (const rowLength of [0, width + 1]) expectRoundTrip(zlibDeflate(rows, { rowLength }), rows);
      expectRoundTrip(zlibDeflate(rows, { rowLength: width + 1, blockTokens: 777 }), rows);
      if (width === 1600) expect(z.length).toBeLessThan(1.3 * zlibSync(rows, { level: 2 }).length);
    }
  });

  it('the pixels are those of the same image encoded as RGB (an independent path through the decoder)', () => {
    for (const png of pngs.filter((p) => idatOf(p).width === 1600)) {
      const d = decodePng(png);
      expect(d.colorType).toBe(3);
      const again = decodePng(encodePngRgb(d.rgb, d.width, d.height));
      expect(Buffer.compare(Buffer.from(again.rgb), Buffer.from(d.rgb))).toBe(0);
      expect(sha(encodePng(d.rgb, d.width, d.height))).toBe(sha(png));
    }
  });
});

describe('deflate encoder on chosen data', () => {
  it('Adler-32 of "Wikipedia" is 0x11E60398 (RFC 1950 §8.2 example values), and of 6000 bytes 0xFF against a byte-by-byte sum', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    const ff = new Uint8Array(6000).fill(255);
    let a = 1,
      b = 0;
    for (const x of ff) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    expect(adler32(ff)).toBe(((b << 16) | a) >>> 0);
  });

  it('incompressible data becomes stored blocks (at most 65535 bytes each), no bigger than the input plus 5 bytes a block of 32768 literals', () => {
    for (const n of [1, 2, 3, 100, 65535, 65536, 200_001]) {
      const raw = randomBytes(n, n);
      const z = zlibDeflate(raw);
      expectRoundTrip(z, raw);
      if (n >= 100) expect((z[2]! >> 1) & 3).toBe(0); // BTYPE 00
      expect(z.length).toBeLessThanOrEqual(n + 5 * Math.ceil(n / 32768) + 6 + 1); // a block per 32768 literals, 5 bytes each, header and Adler-32
    }
    const big = randomBytes(300_000, 7);
    expectRoundTrip(zlibDeflate(big, { blockTokens: 1 << 17 }), big); // blocks of 131072 literals, each stored in 3 chunks
  });

  it('empty, all-zero and long periodic inputs, and blocks split every few tokens (matches across block boundaries)', () => {
    expectRoundTrip(zlibDeflate(new Uint8Array(0)), new Uint8Array(0));
    const zeros = new Uint8Array(1 << 20);
    const z = zlibDeflate(zeros, { rowLength: 1601 });
    expectRoundTrip(z, zeros);
    expect(z.length).toBeLessThan(zeros.length / 200);
    const periodic = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 7) % 13);
    for (const blockTokens of [0, 1, 2, 3, 50, 4096, 2.5]) expectRoundTrip(zlibDeflate(periodic, { blockTokens, rowLength: 97 }), periodic);
    const few = randomBytes(120_000, 3, 4);
    expectRoundTrip(zlibDeflate(few, { rowLength: 301 }), few);
  });

  it('Huffman code lengths are at most 15 bits (7 for the code-length code) and form a complete code, also for Fibonacci frequencies', () => {
    const fib = new Int32Array(286);
    let a = 1,
      b = 1;
    for (let s = 0; s < 30; s++) {
      fib[s] = a;
      [a, b] = [b, a + b];
    }
    for (const [freq, n, max] of [
      [fib, 286, 15],
      [fib.subarray(0, 19), 19, 7],
      [Int32Array.from({ length: 30 }, (_, i) => (i === 7 ? 5 : 0)), 30, 15],
      [new Int32Array(30), 30, 15],
    ] as const) {
      const len = new Uint8Array(n);
      codeLengths(freq, n, max, len);
      let kraft = 0;
      for (let s = 0; s < n; s++) {
        expect(len[s]!).toBeLessThanOrEqual(max);
        if (freq[s]! > 0) expect(len[s]!).toBeGreaterThan(0);
        if (len[s]! > 0) kraft += 2 ** -len[s]!;
      }
      expect(kraft).toBe(1);
    }
    // data with the first 25 of those frequencies (196417 bytes), shuffled, round-trips
    const data = new Uint8Array(196_417);
    let at = 0;
    for (let s = 0; s < 25; s++) data.fill(s * 8, at, (at += fib[s]!));
    let r = 12345;
    for (let i = data.length - 1; i > 0; i--) {
      r ^= r << 13;
      r ^= r >>> 17;
      r ^= r << 5;
      const j = (r >>> 0) % (i + 1);
      [data[i], data[j]] = [data[j]!, data[i]!];
    }
    expectRoundTrip(zlibDeflate(data), data);
  });
});

describe('PNG files of the encoder', () => {
  it('1 x 1, widths 1..300, 1 and 256 colours decode to their pixels; 257 colours fall back to RGB', () => {
    const one = Uint8Array.from([12, 200, 7]);
    expect(Array.from(decodePng(encodePng(one, 1, 1)).rgb)).toEqual([12, 200, 7]);
    for (let w = 1; w <= 300; w++) {
      const h = 1 + (w % 5),
        px = randomBytes(w * h, w, 5),
        rgb = new Uint8Array(3 * w * h);
      for (let i = 0; i < w * h; i++) rgb.set([40 * px[i]!, 255 - 40 * px[i]!, (w * 3) & 255], 3 * i);
      const png = encodePng(rgb, w, h),
        d = decodePng(png);
      expect(Buffer.compare(Buffer.from(d.rgb), Buffer.from(rgb))).toBe(0);
      const { z, rows } = idatOf(png);
      expectRoundTrip(z, rows);
    }
    const grey = new Uint8Array(3 * 64 * 64).fill(128),
      d1 = decodePng(encodePng(grey, 64, 64));
    expect([d1.colorType, d1.rgb.every((v) => v === 128)]).toEqual([3, true]);
    for (const colours of [256, 257]) {
      const w = 97,
        h = 61,
        rgb = new Uint8Array(3 * w * h);
      for (let i = 0; i < w * h; i++) rgb.set([i % colours, (i % colours) >> 8, 9], 3 * i);
      const d = decodePng(encodePng(rgb, w, h));
      expect(d.colorType).toBe(colours === 256 ? 3 : 2);
      expect(Buffer.compare(Buffer.from(d.rgb), Buffer.from(rgb))).toBe(0);
    }
  });

  it('large images: 1200 x 900 of random pixels (stored blocks over 65535 bytes) and RGB with every filter', () => {
    const w = 1200,
      h = 900,
      rgb = new Uint8Array(3 * w * h),
      v = randomBytes(w * h, 5, 200);
    for (let i = 0; i < w * h; i++) rgb.set([v[i]!, 0, 50], 3 * i);
    expect(Buffer.compare(Buffer.from(decodePng(encodePng(rgb, w, h)).rgb), Buffer.from(rgb))).toBe(0);
    const noise = randomBytes(3 * 400 * 300, 9);
    for (const filter of [0, 1, 2] as const) {
      expect(Buffer.compare(Buffer.from(decodePng(encodePngRgb(noise, 400, 300, { filter })).rgb), Buffer.from(noise))).toBe(0);
    }
  });

  it('deterministic: the same bytes twice, and the recorded SHA-256 of a figure-like image', () => {
    const cv = syntheticFigure();
    const a = cv.png(),
      b = cv.png();
    expect(sha(a)).toBe(sha(b));
    expect(Buffer.compare(Buffer.from(decodePng(a).rgb), Buffer.from(cv.rgb))).toBe(0);
    expect(sha(a)).toBe('01f211440750c0b0cfde242a6df32aa2620c694ee1d23bb0cc32ce58782ddf5c');
  });
});
