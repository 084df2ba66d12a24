/**
 * Tiny Explicit VR Little Endian PS3.10 writer for tests (PS3.5 7.1.2, PS3.10 7.1).
 * Elements are given as { tag: 0xGGGGEEEE, vr, value }; sequences hold items as
 * element lists (defined lengths). Also returns the end offset of each top-level
 * element, for truncation tests.
 */
export type Value = string | readonly number[] | Uint8Array | readonly (readonly El[])[];
export interface El {
  readonly tag: number;
  readonly vr: string;
  readonly value: Value;
}

const LONG = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UT', 'UN', 'UC', 'UR', 'SV', 'UV']);

export const el = (tag: number, vr: string, value: Value): El => ({ tag, vr, value });
export const sq = (tag: number, ...items: (readonly El[])[]): El => ({ tag, vr: 'SQ', value: items });

class Out {
  private chunks: number[] = [];
  u8(...b: number[]) { this.chunks.push(...b); }
  u16(v: number) { this.u8(v & 0xff, (v >> 8) & 0xff); }
  u32(v: number) { this.u16(v & 0xffff); this.u16((v >>> 16) & 0xffff); }
  bytes(b: Uint8Array) { for (const x of b) this.chunks.push(x); }
  get length() { return this.chunks.length; }
  result() { return Uint8Array.from(this.chunks); }
}

function encodeValue(e: El): Uint8Array {
  const v = e.value;
  if (v instanceof Uint8Array) return v.length % 2 ? concat(v, new Uint8Array(1)) : v;
  if (typeof v === 'string') {
    const pad = e.vr === 'UI' ? 0 : 0x20;
    const b = Array.from(v, (c) => c.charCodeAt(0) & 0xff);
    if (b.length % 2) b.push(pad);
    return Uint8Array.from(b);
  }
  if (e.vr === 'SQ') {
    const o = new Out();
    for (const item of v as readonly (readonly El[])[]) {
      const body = encodeElements(item).bytes;
      o.u16(0xfffe); o.u16(0xe000); o.u32(body.length); o.bytes(body);
    }
    return o.result();
  }
  const nums = v as readonly number[];
  const size = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 }[e.vr];
  if (size === undefined) throw new Error(`numbers given for VR ${e.vr}`);
  const buf = new ArrayBuffer(nums.length * size);
  const dv = new DataView(buf);
  nums.forEach((n, i) => {
    switch (e.vr) {
      case 'US': dv.setUint16(i * 2, n, true); break;
      case 'SS': dv.setInt16(i * 2, n, true); break;
      case 'UL': dv.setUint32(i * 4, n, true); break;
      case 'SL': dv.setInt32(i * 4, n, true); break;
      case 'FL': dv.setFloat32(i * 4, n, true); break;
      case 'FD': dv.setFloat64(i * 8, n, true); break;
      case 'AT': dv.setUint16(i * 4, n >>> 16, true); dv.setUint16(i * 4 + 2, n & 0xffff, true); break;
    }
  });
  return new Uint8Array(buf);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const r = new Uint8Array(a.length + b.length);
  r.set(a); r.set(b, a.length);
  return r;
}

function encodeElements(els: readonly El[]): { bytes: Uint8Array; ends: number[] } {
  const o = new Out();
  const ends: number[] = [];
  for (const e of [...els].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0))) {
    const val = encodeValue(e);
    o.u16(e.tag >>> 16); o.u16(e.tag & 0xffff);
    o.u8(e.vr.charCodeAt(0), e.vr.charCodeAt(1));
    if (LONG.has(e.vr)) { o.u16(0); o.u32(val.length); } else { o.u16(val.length); }
    o.bytes(val);
    ends.push(o.length);
  }
  return { bytes: o.result(), ends };
}

/** A PS3.10 file: preamble, DICM, meta group (with group length), dataset. */
export function buildDicom(els: readonly El[], transferSyntax = '1.2.840.10008.1.2.1'): { bytes: Uint8Array; ends: number[] } {
  const sop = els.find((e) => e.tag === 0x00080016)?.value;
  const inst = els.find((e) => e.tag === 0x00080018)?.value;
  const meta = encodeElements([
    el(0x00020001, 'OB', Uint8Array.from([0, 1])),
    el(0x00020002, 'UI', typeof sop === 'string' ? sop : '1.2.3'),
    el(0x00020003, 'UI', typeof inst === 'string' ? inst : '1.2.3.4'),
    el(0x00020010, 'UI', transferSyntax),
    el(0x00020012, 'UI', '1.2.826.0.1.3680043.10.999'),
  ]).bytes;
  const groupLength = encodeElements([el(0x00020000, 'UL', [meta.length])]).bytes;
  const body = encodeElements(els);
  const head = 132 + groupLength.length + meta.length;
  const out = new Uint8Array(head + body.bytes.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(groupLength, 132);
  out.set(meta, 132 + groupLength.length);
  out.set(body.bytes, head);
  return { bytes: out, ends: body.ends.map((e) => e + head) };
}

/** Little-endian bytes of 16-bit values. */
export function u16Bytes(values: ArrayLike<number>): Uint8Array {
  const b = new Uint8Array(values.length * 2);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < values.length; i++) dv.setUint16(i * 2, values[i]!, true);
  return b;
}
