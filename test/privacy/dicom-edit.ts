/**
 * Test helpers that edit files written by the project's writers (Explicit VR
 * LE, defined lengths) at the byte level, independently of src/dicom-write/deidentify/tree.ts:
 * add or replace top-level elements (encoded with src/dicom-write/encoder.ts),
 * convert to Implicit VR LE, and look elements up by audit path with dicom-parser.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import { encodeDataset, ob, str, wrapPart10, type Element } from '../../src/dicom-write/encoder.js';

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UR', 'UT', 'UN', 'SV', 'UV']);

interface Raw { tag: number; vr: string; header: number; start: number; end: number }

/** Explicit VR LE elements of bytes[from, to) (defined lengths only). */
function walk(b: Uint8Array, from: number, to: number): Raw[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Raw[] = [];
  let o = from;
  while (o < to) {
    const tag = ((dv.getUint16(o, true) << 16) | dv.getUint16(o + 2, true)) >>> 0;
    const vr = String.fromCharCode(b[o + 4]!, b[o + 5]!);
    const long = LONG.has(vr);
    const len = long ? dv.getUint32(o + 8, true) : dv.getUint16(o + 6, true);
    const header = long ? 12 : 8;
    if (len === 0xffffffff) throw new Error('undefined length not supported by the test helper');
    out.push({ tag, vr, header, start: o, end: o + header + len });
    o += header + len;
  }
  return out;
}

/** Offset of the dataset after the File Meta group. */
export function metaEnd(b: Uint8Array): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return 132 + 12 + dv.getUint32(140, true); // (0002,0000) UL, 12 bytes, then the group
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `bytes` with top-level elements `add` inserted (replacing those with the same tag) and tags `remove` removed. */
export function withElements(bytes: Uint8Array, add: readonly Element[], remove: readonly number[] = []): Uint8Array {
  const start = metaEnd(bytes);
  const drop = new Set([...remove, ...add.map((e) => e.tag)]);
  const parts: { tag: number; bytes: Uint8Array }[] = walk(bytes, start, bytes.length)
    .filter((r) => !drop.has(r.tag))
    .map((r) => ({ tag: r.tag, bytes: bytes.subarray(r.start, r.end) }));
  for (const e of add) parts.push({ tag: e.tag, bytes: encodeDataset([e]) });
  parts.sort((a, b) => a.tag - b.tag);
  return concat([bytes.subarray(0, start), ...parts.map((p) => p.bytes)]);
}

function implicitBody(b: Uint8Array, from: number, to: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const r of walk(b, from, to)) {
    let value: Uint8Array;
    if (r.vr === 'SQ') {
      const items: Uint8Array[] = [];
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      let o = r.start + r.header;
      while (o < r.end) {
        const len = dv.getUint32(o + 4, true);
        const inner = implicitBody(b, o + 8, o + 8 + len);
        const head = new Uint8Array(8);
        const hv = new DataView(head.buffer);
        hv.setUint16(0, 0xfffe, true);
        hv.setUint16(2, 0xe000, true);
        hv.setUint32(4, inner.length, true);
        items.push(head, inner);
        o += 8 + len;
      }
      value = concat(items);
    } else {
      value = b.subarray(r.start + r.header, r.end);
    }
    const head = new Uint8Array(8);
    const hv = new DataView(head.buffer);
    hv.setUint16(0, r.tag >>> 16, true);
    hv.setUint16(2, r.tag & 0xffff, true);
    hv.setUint32(4, value.length, true);
    parts.push(head, value);
  }
  return concat(parts);
}

/** The same file in Implicit VR Little Endian (PS3.5 A.1), meta rebuilt. */
export function toImplicit(bytes: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(bytes);
  const meta: Element[] = [
    ob(0x00020001, new Uint8Array([0, 1])),
    str(0x00020002, 'UI', ds.string('x00020002') ?? ''),
    str(0x00020003, 'UI', ds.string('x00020003') ?? ''),
    str(0x00020010, 'UI', '1.2.840.10008.1.2'),
    str(0x00020012, 'UI', '2.25.1'),
  ];
  return wrapPart10(meta, implicitBody(bytes, metaEnd(bytes), bytes.length));
}

/** The dicom-parser element at an audit path such as "(0008,1140)[0](0008,1155)", or undefined. */
export function elementAt(ds: DataSet, path: string): { ds: DataSet; key: string } | undefined {
  const steps = [...path.matchAll(/\(([0-9A-F]{4}),([0-9A-F]{4})\)(?:\[(\d+)\])?/g)];
  let cur: DataSet = ds;
  for (let i = 0; i < steps.length; i++) {
    const [, g, e, item] = steps[i]!;
    const key = `x${g!.toLowerCase()}${e!.toLowerCase()}`;
    const el = cur.elements[key];
    if (!el) return undefined;
    if (i === steps.length - 1) return { ds: cur, key };
    const it = el.items?.[Number(item)];
    if (!it?.dataSet) return undefined;
    cur = it.dataSet;
  }
  return undefined;
}

/** Raw value bytes of an element (defined length). */
export function rawValue(ds: DataSet, key: string): Uint8Array {
  const el = ds.elements[key]!;
  return ds.byteArray.subarray(el.dataOffset, el.dataOffset + el.length);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Size of the units swapped between little and big endian (PS3.5 7.3). */
const SWAP: Readonly<Record<string, number>> = { AT: 2, FL: 4, FD: 8, OD: 8, OF: 4, OL: 4, OV: 8, OW: 2, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8 };

function bigEndianBody(b: Uint8Array, from: number, to: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const r of walk(b, from, to)) {
    const head = b.slice(r.start, r.start + r.header);
    const hv = new DataView(head.buffer);
    hv.setUint16(0, r.tag >>> 16, false);
    hv.setUint16(2, r.tag & 0xffff, false);
    let value: Uint8Array;
    if (r.vr === 'SQ') {
      const items: Uint8Array[] = [];
      let o = r.start + r.header;
      while (o < r.end) {
        const len = dv.getUint32(o + 4, true);
        const inner = bigEndianBody(b, o + 8, o + 8 + len);
        const ih = new Uint8Array(8);
        const iv = new DataView(ih.buffer);
        iv.setUint16(0, 0xfffe, false);
        iv.setUint16(2, 0xe000, false);
        iv.setUint32(4, inner.length, false);
        items.push(ih, inner);
        o += 8 + len;
      }
      value = concat(items);
    } else {
      value = b.slice(r.start + r.header, r.end);
      const unit = SWAP[r.vr];
      if (unit) for (let i = 0; i + unit <= value.length; i += unit) value.subarray(i, i + unit).reverse();
    }
    if (r.header === 12) hv.setUint32(8, value.length, false);
    else hv.setUint16(6, value.length, false);
    parts.push(head, value);
  }
  return concat(parts);
}

/** The same file in Explicit VR Big Endian (PS3.5 A.3, retired), meta rebuilt. */
export function toBigEndian(bytes: Uint8Array): Uint8Array {
  const ds = dicomParser.parseDicom(bytes);
  const meta: Element[] = [
    ob(0x00020001, new Uint8Array([0, 1])),
    str(0x00020002, 'UI', ds.string('x00020002') ?? ''),
    str(0x00020003, 'UI', ds.string('x00020003') ?? ''),
    str(0x00020010, 'UI', '1.2.840.10008.1.2.2'),
    str(0x00020012, 'UI', '2.25.1'),
  ];
  return wrapPart10(meta, bigEndianBody(bytes, metaEnd(bytes), bytes.length));
}
