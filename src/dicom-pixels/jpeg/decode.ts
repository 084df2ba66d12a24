/**
 * JPEG DCT decoder for the sequential Huffman processes of ITU T.81:
 * baseline (process 1, SOF0) and extended (processes 2 and 4, SOF1), 8- and
 * 12-bit precision, 1 to 4 components with any sampling factors, interleaved
 * and non-interleaved scans, restart markers. Used for DICOM JPEG Extended
 * (1.2.840.10008.1.2.4.51) 12-bit data, which libjpeg-turbo's 8-bit build
 * cannot decode. Not supported: progressive, hierarchical, arithmetic coding,
 * DNL. Chroma is upsampled by replication; 3-component YCbCr is converted to
 * RGB with the JFIF equations (ITU T.871 section 7).
 */
import { PixelDataError, ErrorCode } from '../../errors.js';
import type { CodecFrame } from '../codecs.js';
import { BitReader, jpegFail } from './huffman.js';
import { type Frame, type Scan, type Tables, readDht, readDqt, readSof, readSos, segmentEnd, u16 } from './headers.js';
import { ZIGZAG, idctBlock } from './idct.js';

interface Planes {
  readonly data: Uint16Array[];
  readonly widths: number[];
  readonly hmax: number;
  readonly vmax: number;
  readonly mcusX: number;
  readonly mcusY: number;
}

function allocatePlanes(f: Frame): Planes {
  let hmax = 1;
  let vmax = 1;
  for (const c of f.components) {
    hmax = Math.max(hmax, c.h);
    vmax = Math.max(vmax, c.v);
  }
  const mcusX = Math.ceil(f.width / (8 * hmax));
  const mcusY = Math.ceil(f.height / (8 * vmax));
  const data: Uint16Array[] = [];
  const widths: number[] = [];
  for (const c of f.components) {
    const w = mcusX * c.h * 8;
    widths.push(w);
    data.push(new Uint16Array(w * mcusY * c.v * 8));
  }
  return { data, widths, hmax, vmax, mcusX, mcusY };
}

/** EXTEND of T.81 F.2.2.1 (Figure F.12). */
function extend(v: number, t: number): number {
  return v < 2 ** (t - 1) ? v - 2 ** t + 1 : v;
}

/** Decode one sequential scan into the component planes; returns the offset after its data. */
function decodeScan(data: Uint8Array, start: number, frame: Frame, scan: Scan, t: Tables, planes: Planes): number {
  // Ss/Se/Ah/Al shall be 0/63/0/0 in sequential frames (T.81 B.2.3); some encoders
  // (e.g. the WG04 NM1_JPLY file) write Se = 0. Like libjpeg (warning
  // JWRN_NOT_SEQUENTIAL) we ignore them: a SOF0/SOF1 frame is always sequential.
  const n = scan.components.length;
  const dc = scan.components.map((s) => t.dc[s.td] ?? jpegFail('scan uses an undefined DC Huffman table'));
  const ac = scan.components.map((s) => t.ac[s.ta] ?? jpegFail('scan uses an undefined AC Huffman table'));
  const comps = scan.components.map((s) => frame.components[s.index] ?? jpegFail('bad scan component'));
  const quant = comps.map((c) => t.quant[c.tq] ?? jpegFail('component uses an undefined quantisation table'));
  const preds = new Float64Array(n);
  const coef = new Float64Array(64);
  const tmp = new Float64Array(64);
  const reader = new BitReader(data, start);
  const maxDc = frame.precision + 4; // DC difference categories 0..11 (8-bit) / 0..15 (12-bit), T.81 F.1.2.1

  const block = (si: number, row: number, col: number): void => {
    const q = quant[si]!;
    coef.fill(0);
    const cat = reader.decode(dc[si]!);
    if (cat > maxDc) jpegFail('DC difference category out of range');
    const diff = cat === 0 ? 0 : extend(reader.receive(cat), cat);
    const pred = preds[si]! + diff;
    preds[si] = pred;
    coef[0] = pred * q[0]!;
    const act = ac[si]!;
    for (let k = 1; k < 64; k++) {
      const rs = reader.decode(act);
      const r = rs >> 4;
      const s = rs & 15;
      if (s === 0) {
        if (r !== 15) break; // EOB
        k += 15; // ZRL: 16 zeros (the loop adds the 16th)
        continue;
      }
      k += r;
      if (k > 63) jpegFail('AC coefficient index past 63');
      coef[ZIGZAG[k]!] = extend(reader.receive(s), s) * q[k]!;
    }
    const pi = scan.components[si]?.index ?? 0;
    idctBlock(coef, tmp, planes.data[pi]!, planes.widths[pi]!, row * 8, col * 8, frame.precision);
  };

  let total: number;
  let bw = 0;
  if (n === 1) {
    const c = comps[0]!;
    bw = Math.ceil(Math.ceil((frame.width * c.h) / planes.hmax) / 8);
    const bh = Math.ceil(Math.ceil((frame.height * c.v) / planes.vmax) / 8);
    total = bw * bh;
  } else {
    total = planes.mcusX * planes.mcusY;
  }
  const ri = t.restartInterval;
  let rst = 0;
  for (let m = 0; m < total; m++) {
    if (ri > 0 && m > 0 && m % ri === 0) {
      reader.restart(rst);
      rst = (rst + 1) & 7;
      preds.fill(0);
    }
    if (n === 1) {
      block(0, Math.floor(m / bw), m % bw);
    } else {
      const my = Math.floor(m / planes.mcusX);
      const mx = m % planes.mcusX;
      for (let si = 0; si < n; si++) {
        const c = comps[si]!;
        for (let by = 0; by < c.v; by++) for (let bx = 0; bx < c.h; bx++) block(si, my * c.v + by, mx * c.h + bx);
      }
    }
  }
  reader.finish();
  return reader.offset;
}

/** Move to the next marker after a scan (skips fill bytes; RST markers cannot appear here). */
function nextMarker(data: Uint8Array, p: number): number {
  let q = p;
  while (q + 1 < data.length && !(data[q] === 0xff && data[q + 1] !== 0x00 && data[q + 1] !== 0xff)) q++;
  return q;
}

function toOutput(frame: Frame, planes: Planes, t: Tables): CodecFrame {
  const w = frame.width;
  const h = frame.height;
  const nc = frame.components.length;
  const P = frame.precision;
  const values = P > 8 ? new Uint16Array(w * h * nc) : new Uint8Array(w * h * nc);
  const ids = frame.components.map((c) => c.id);
  const rgbIds = ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42;
  const ycc = nc === 3 && (t.adobeTransform >= 0 ? t.adobeTransform === 1 : !rgbIds);
  const maxv = 2 ** P - 1;
  const centre = 2 ** (P - 1);
  const sample = new Float64Array(nc);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < nc; c++) {
        const fc = frame.components[c]!;
        const sy = Math.floor((y * fc.v) / planes.vmax);
        const sx = Math.floor((x * fc.h) / planes.hmax);
        sample[c] = planes.data[c]![sy * planes.widths[c]! + sx]!;
      }
      const o = (y * w + x) * nc;
      if (ycc) {
        const Y = sample[0]!;
        const cb = sample[1]! - centre;
        const cr = sample[2]! - centre;
        const rgb0 = Math.round(Y + 1.402 * cr);
        const rgb1 = Math.round(Y - 0.344136 * cb - 0.714136 * cr);
        const rgb2 = Math.round(Y + 1.772 * cb);
        values[o] = rgb0 < 0 ? 0 : rgb0 > maxv ? maxv : rgb0;
        values[o + 1] = rgb1 < 0 ? 0 : rgb1 > maxv ? maxv : rgb1;
        values[o + 2] = rgb2 < 0 ? 0 : rgb2 > maxv ? maxv : rgb2;
      } else {
        for (let c = 0; c < nc; c++) values[o + c] = sample[c]!;
      }
    }
  }
  return { values, width: w, height: h, components: nc, bitsPerSample: P, signed: false, planar: false };
}

/**
 * Decode a baseline or extended sequential Huffman JPEG codestream.
 * @throws PixelDataError DECODE_FAILED on corrupt or truncated data; UNSUPPORTED_TRANSFER_SYNTAX for other JPEG processes
 */
export function decodeJpegDct(data: Uint8Array): CodecFrame {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) jpegFail('missing SOI marker');
  const t: Tables = { quant: [], dc: [], ac: [], restartInterval: 0, adobeTransform: -1 };
  let frame: Frame | undefined;
  let planes: Planes | undefined;
  const done = new Set<number>();
  let p = 2;
  // Every iteration advances p by at least 1 byte: bounded by data.length.
  while (p + 1 < data.length) {
    if (data[p] !== 0xff) jpegFail(`expected a marker at byte ${String(p)}`);
    const m = data[p + 1]!;
    if (m === 0xff) {
      p += 1;
      continue;
    }
    p += 2;
    if (m === 0xd9) break; // EOI
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) continue;
    const end = segmentEnd(data, p);
    const start = p + 2;
    if (m === 0xc0 || m === 0xc1) {
      if (frame !== undefined) jpegFail('more than one frame header');
      frame = readSof(data, start, end, 0xff00 | m);
      if (frame.precision !== 8 && frame.precision !== 12) jpegFail(`DCT precision ${String(frame.precision)} (8 or 12 expected)`);
      planes = allocatePlanes(frame);
    } else if ((m >= 0xc2 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xdc) {
      throw new PixelDataError(ErrorCode.UNSUPPORTED_TRANSFER_SYNTAX, `JPEG marker FF${m.toString(16).toUpperCase()} (progressive, lossless, hierarchical, arithmetic or DNL) is not supported by the DCT decoder`);
    } else if (m === 0xc4) readDht(data, start, end, t);
    else if (m === 0xdb) readDqt(data, start, end, t);
    else if (m === 0xdd) {
      if (end - start < 2) jpegFail('DRI too short');
      t.restartInterval = u16(data, start);
    } else if (m === 0xee) {
      // Adobe APP14: "Adobe" + version(2) + flags0(2) + flags1(2) + transform(1)
      if (end - start >= 12 && data[start] === 0x41 && data[start + 1] === 0x64 && data[start + 4] === 0x65) t.adobeTransform = data[start + 11]!;
    } else if (m === 0xda) {
      if (frame === undefined || planes === undefined) jpegFail('scan before frame header');
      const scan = readSos(data, start, end, frame);
      p = nextMarker(data, decodeScan(data, end, frame, scan, t, planes));
      for (const c of scan.components) done.add(c.index);
      continue;
    }
    p = end;
  }
  if (frame === undefined || planes === undefined) jpegFail('no frame header');
  if (done.size !== frame.components.length) jpegFail('some components have no scan (truncated data)');
  return toOutput(frame, planes, t);
}
