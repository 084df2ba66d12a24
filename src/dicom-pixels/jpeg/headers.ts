/**
 * Marker segments of the JPEG DCT decoder (ITU T.81 Annex B): DQT (B.2.4.1),
 * DHT (B.2.4.2), DRI (B.2.4.4), SOFn (B.2.2), SOS (B.2.3), and Adobe APP14
 * (colour transform flag). Every read is checked against the segment length.
 */
import { type HuffmanTable, buildHuffman, jpegFail } from './huffman.js';

export interface FrameComponent {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly tq: number;
}

export interface Frame {
  readonly marker: number;
  readonly precision: number;
  readonly height: number;
  readonly width: number;
  readonly components: readonly FrameComponent[];
}

export interface ScanComponent {
  /** Index into Frame.components. */
  readonly index: number;
  readonly td: number;
  readonly ta: number;
}

export interface Tables {
  /** Quantisation tables in zig-zag order. */
  readonly quant: (Uint16Array | undefined)[];
  readonly dc: (HuffmanTable | undefined)[];
  readonly ac: (HuffmanTable | undefined)[];
  restartInterval: number;
  /** Adobe APP14 transform flag, or -1 when there is no Adobe segment. */
  adobeTransform: number;
}

export function u16(b: Uint8Array, p: number): number {
  if (p + 1 >= b.length) jpegFail('segment runs past the end of the data');
  return (b[p]! << 8) | b[p + 1]!;
}

/** Bytes [start, end) of a marker segment's payload, checked against the data size. */
export function segmentEnd(b: Uint8Array, p: number): number {
  const len = u16(b, p);
  if (len < 2 || p + len > b.length) jpegFail('marker segment length runs past the end of the data');
  return p + len;
}

export function readDqt(b: Uint8Array, start: number, end: number, t: Tables): void {
  let p = start;
  while (p < end) {
    const pq = b[p]! >> 4;
    const tq = b[p]! & 15;
    p += 1;
    if (tq > 3 || pq > 1) jpegFail('bad DQT');
    const size = pq === 0 ? 64 : 128;
    if (p + size > end) jpegFail('DQT runs past its segment');
    const q = new Uint16Array(64);
    for (let k = 0; k < 64; k++) q[k] = pq === 0 ? b[p + k]! : u16(b, p + 2 * k);
    t.quant[tq] = q;
    p += size;
  }
}

export function readDht(b: Uint8Array, start: number, end: number, t: Tables): void {
  let p = start;
  while (p < end) {
    if (p + 17 > end) jpegFail('DHT runs past its segment');
    const tc = b[p]! >> 4;
    const th = b[p]! & 15;
    if (tc > 1 || th > 3) jpegFail('bad DHT');
    const bits = b.slice(p + 1, p + 17);
    let n = 0;
    for (let i = 0; i < 16; i++) n += bits[i]!;
    p += 17;
    if (n > 256 || p + n > end) jpegFail('DHT runs past its segment');
    const table = buildHuffman(bits, b.slice(p, p + n));
    if (tc === 0) t.dc[th] = table;
    else t.ac[th] = table;
    p += n;
  }
}

export function readSof(b: Uint8Array, start: number, end: number, marker: number): Frame {
  if (start + 6 > end) jpegFail('SOF too short');
  const precision = b[start]!;
  const height = u16(b, start + 1);
  const width = u16(b, start + 3);
  const nf = b[start + 5]!;
  if (nf < 1 || nf > 4 || start + 6 + 3 * nf > end) jpegFail('bad SOF component count');
  if (height === 0 || width === 0) jpegFail('SOF with zero size (DNL not supported)');
  const components: FrameComponent[] = [];
  for (let i = 0; i < nf; i++) {
    const q = start + 6 + 3 * i;
    const hv = b[q + 1]!;
    const c = { id: b[q]!, h: hv >> 4, v: hv & 15, tq: b[q + 2]! };
    if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3) jpegFail('bad SOF sampling factors or table');
    components.push(c);
  }
  return { marker, precision, height, width, components };
}

export interface Scan {
  readonly components: readonly ScanComponent[];
  readonly ss: number;
  readonly se: number;
  readonly ah: number;
  readonly al: number;
}

export function readSos(b: Uint8Array, start: number, end: number, frame: Frame): Scan {
  if (start >= end) jpegFail('empty SOS');
  const ns = b[start]!;
  if (ns < 1 || ns > 4 || start + 1 + 2 * ns + 3 > end) jpegFail('bad SOS');
  const components: ScanComponent[] = [];
  for (let i = 0; i < ns; i++) {
    const id = b[start + 1 + 2 * i]!;
    const index = frame.components.findIndex((c) => c.id === id);
    if (index < 0) jpegFail('SOS names a component absent from the frame');
    const t = b[start + 2 + 2 * i]!;
    components.push({ index, td: t >> 4, ta: t & 15 });
  }
  const q = start + 1 + 2 * ns;
  const a = b[q + 2]!;
  return { components, ss: b[q]!, se: b[q + 1]!, ah: a >> 4, al: a & 15 };
}
