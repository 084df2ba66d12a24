/**
 * Minimal PNG encoder (ISO/IEC 15948): 8-bit indexed or RGB, the zlib stream
 * written by the project's own deflate encoder (deflate/zlib.ts). No text
 * chunks are written, so a figure carries no metadata. One filter type for
 * every row (docs/figures.md has the measurements that chose it), so the bytes
 * depend on the pixels only.
 */
import { zlibDeflate } from './deflate/zlib.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  dv.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

export interface PngOptions {
  /** PNG filter type of every row: 0 None, 1 Sub, 2 Up (default). */
  readonly filter?: 0 | 1 | 2;
}

/** Palette index of colour c (24-bit RGB), entered in order of first appearance; -1 when a 257th colour appears. */
function indexOf(c: number, keys: Int32Array, vals: Uint8Array, colors: Int32Array, n: { count: number }): number {
  // open addressing, 1024 slots for at most 256 colours
  let h = (Math.imul(c, 0x9e3779b1) >>> 22) & 1023;
  while (keys[h] !== -1 && keys[h] !== c) h = (h + 1) & 1023;
  if (keys[h] === -1) {
    if (n.count === 256) return -1;
    keys[h] = c;
    vals[h] = n.count;
    colors[n.count++] = c;
  }
  return vals[h]!;
}

/**
 * The PNG rows of palette indices (filter byte 0, then one index per pixel) into raw;
 * the colours into colors. Returns the number of colours, or -1 for more than 256.
 * A row equal to the row above (compared four bytes at a time) is copied.
 */
function paletteRows(rgb: Uint8Array, width: number, height: number, raw: Uint8Array, colors: Int32Array): number {
  const keys = new Int32Array(1024).fill(-1),
    vals = new Uint8Array(1024),
    n = { count: 0 };
  const dv = new DataView(rgb.buffer, rgb.byteOffset, rgb.byteLength),
    stride = 3 * width;
  let last = -1,
    lastI = 0;
  for (let y = 0; y < height; y++) {
    const o0 = y * (width + 1),
      p0 = stride * y;
    raw[o0] = 0;
    if (y > 0 && sameRow(rgb, dv, p0, stride)) {
      raw.copyWithin(o0 + 1, o0 - width, o0);
      continue;
    }
    for (let x = 0, p = p0; x < width; x++, p += 3) {
      // the pixel's 3 bytes as one big-endian word (the last pixel of the image byte by byte)
      const c = p + 4 <= rgb.length ? dv.getUint32(p) >>> 8 : (rgb[p]! << 16) | (rgb[p + 1]! << 8) | rgb[p + 2]!;
      if (c !== last) {
        const k = indexOf(c, keys, vals, colors, n);
        if (k < 0) return -1;
        last = c;
        lastI = k;
      }
      raw[o0 + 1 + x] = lastI;
    }
  }
  return n.count;
}

/** Whether the RGB row at p0 equals the row above it. */
function sameRow(rgb: Uint8Array, dv: DataView, p0: number, stride: number): boolean {
  let k = 0;
  for (; k + 4 <= stride; k += 4) if (dv.getInt32(p0 + k) !== dv.getInt32(p0 - stride + k)) return false;
  for (; k < stride; k++) if (rgb[p0 + k] !== rgb[p0 - stride + k]) return false;
  return true;
}

/**
 * Encode an RGB image, as an indexed-colour PNG (colour type 3, palette in
 * order of first appearance, filter None on every row: the deflate encoder
 * looks one row above itself, docs/figures.md) when it has at most 256
 * colours, else as RGB (`encodePngRgb`). The figures quantise their colour
 * maps to 128 levels so that they fit: a third of the bytes to deflate.
 */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError('bad image size');
  if (rgb.length !== 3 * width * height) throw new RangeError('rgb length does not match the size');
  const raw = new Uint8Array((width + 1) * height),
    colors = new Int32Array(256);
  const n = paletteRows(rgb, width, height, raw, colors);
  if (n < 0) return encodePngRgb(rgb, width, height);
  const plte = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    const c = colors[i]!;
    plte[3 * i] = c >>> 16;
    plte[3 * i + 1] = (c >>> 8) & 255;
    plte[3 * i + 2] = c & 255;
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = 3; // indexed colour
  const idat = zlibDeflate(raw, { rowLength: width + 1 });
  return concat([SIGNATURE, chunk('IHDR', ihdr), chunk('PLTE', plte), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

const SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Encode an RGB image (`rgb.length === 3 * width * height`, rows top to bottom). */
export function encodePngRgb(rgb: Uint8Array, width: number, height: number, o: PngOptions = {}): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) throw new RangeError('bad image size');
  if (rgb.length !== 3 * width * height) throw new RangeError('rgb length does not match the size');
  const filter = o.filter ?? 2,
    stride = 3 * width;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o0 = y * (stride + 1),
      r0 = stride * y;
    raw[o0] = filter;
    if (filter === 0 || (filter === 2 && y === 0)) raw.set(rgb.subarray(r0, r0 + stride), o0 + 1);
    else if (filter === 2) for (let i = 0; i < stride; i++) raw[o0 + 1 + i] = (rgb[r0 + i]! - rgb[r0 - stride + i]!) & 255;
    else for (let i = 0; i < stride; i++) raw[o0 + 1 + i] = (rgb[r0 + i]! - (i >= 3 ? rgb[r0 + i - 3]! : 0)) & 255;
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibDeflate(raw, { rowLength: filter === 0 ? stride + 1 : 0 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
