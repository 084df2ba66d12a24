/** Test helper: decode the PNGs this project writes (8-bit RGB or indexed, any of filters 0-4), written from ISO/IEC 15948. */
import { unzlibSync } from 'fflate';

export interface Decoded { width: number; height: number; rgb: Uint8Array; colorType: number }

export function decodePng(png: Uint8Array): Decoded {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  sig.forEach((b, i) => { if (png[i] !== b) throw new Error('not a PNG'); });
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let off = 8, width = 0, height = 0, colorType = 0;
  let plte: Uint8Array | null = null;
  const idat: Uint8Array[] = [];
  while (off < png.length) {
    const len = dv.getUint32(off);
    const type = String.fromCharCode(...png.subarray(off + 4, off + 8));
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') { width = dv.getUint32(off + 8); height = dv.getUint32(off + 12); colorType = data[9]!; if (data[8] !== 8) throw new Error('bit depth'); }
    else if (type === 'PLTE') plte = data;
    else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const all = new Uint8Array(idat.reduce((s, d) => s + d.length, 0));
  let o = 0;
  for (const d of idat) { all.set(d, o); o += d.length; }
  const raw = unzlibSync(all);
  const bpp = colorType === 2 ? 3 : 1, stride = width * bpp;
  const px = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= bpp ? px[y * stride + i - bpp]! : 0, b = y > 0 ? px[(y - 1) * stride + i]! : 0, c = i >= bpp && y > 0 ? px[(y - 1) * stride + i - bpp]! : 0;
      let pred = 0;
      if (f === 1) pred = a; else if (f === 2) pred = b; else if (f === 3) pred = (a + b) >> 1;
      else if (f === 4) { const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c); pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c; }
      px[y * stride + i] = (x + pred) & 255;
    }
  }
  if (colorType === 2) return { width, height, rgb: px, colorType };
  if (colorType !== 3 || !plte) throw new Error('colour type');
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) { const k = px[i]!; rgb[3 * i] = plte[3 * k]!; rgb[3 * i + 1] = plte[3 * k + 1]!; rgb[3 * i + 2] = plte[3 * k + 2]!; }
  return { width, height, rgb, colorType };
}

export function pixel(d: Decoded, x: number, y: number): [number, number, number] {
  const o = 3 * (y * d.width + x);
  return [d.rgb[o]!, d.rgb[o + 1]!, d.rgb[o + 2]!];
}
