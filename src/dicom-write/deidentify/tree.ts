/**
 * A parsed dataset as a tree of elements holding their raw value bytes, and
 * its encoding back to bytes (PS3.5 7.1: Implicit or Explicit VR Little
 * Endian; sequences with defined lengths, PS3.5 7.5; encapsulated Pixel Data
 * copied as it was, PS3.5 A.4). Used by the de-identifier to copy a source
 * object with only the profile's changes.
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode } from '../../errors.js';
import { TAG } from '../../dicom-base/tags.js';

export interface TreeElement {
  readonly tag: number;
  /** VR from the file (Explicit VR), or undefined (Implicit VR). */
  readonly vr: string | undefined;
  /** Value bytes, little endian, even length (empty for sequences). */
  readonly value: Uint8Array;
  /** Items of a sequence. */
  readonly items?: readonly (readonly TreeElement[])[];
  /** Undefined-length encapsulated Pixel Data: `value` holds the items and the delimiter as in the file. */
  readonly encapsulated?: boolean;
}

const PIXEL_DATA = TAG.PixelData;
/** Size of the units to swap when a Big Endian value is converted (PS3.5 7.3). */
const SWAP: Readonly<Record<string, number>> = {
  AT: 2, FL: 4, FD: 8, OD: 8, OF: 4, OL: 4, OV: 8, OW: 2, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8,
};
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UR', 'UT', 'UN', 'SV', 'UV']);

function tagOf(key: string): number {
  return parseInt(key.slice(1), 16) >>> 0;
}

function tagText(tag: number): string {
  const h = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${h.slice(0, 4)},${h.slice(4)})`;
}

/**
 * The elements of `ds` (and of its sequence items) in tag order.
 * @throws DicomError MALFORMED (an element running past the buffer, an undefined-length value that is neither a sequence nor Pixel Data)
 */
export function readTree(ds: DataSet, bigEndian: boolean): TreeElement[] {
  const out: TreeElement[] = [];
  const keys = Object.keys(ds.elements).sort((a, b) => tagOf(a) - tagOf(b));
  for (const key of keys) {
    const el = ds.elements[key]!;
    const tag = tagOf(key);
    const vr = el.vr;
    if (el.items !== undefined) {
      out.push({ tag, vr: vr ?? undefined, value: new Uint8Array(0), items: el.items.map((it) => (it.dataSet ? readTree(it.dataSet, bigEndian) : [])) });
      continue;
    }
    const end = el.dataOffset + el.length;
    if (el.dataOffset < 0 || el.length < 0 || end > ds.byteArray.length) {
      throw new DicomError(ErrorCode.MALFORMED, `element ${tagText(tag)} runs past the end of the data`);
    }
    if (el.hadUndefinedLength) {
      if (tag !== PIXEL_DATA) throw new DicomError(ErrorCode.MALFORMED, `element ${tagText(tag)} has an undefined length but is not a sequence`);
      out.push({ tag, vr: vr ?? 'OB', value: ds.byteArray.slice(el.dataOffset, end), encapsulated: true });
      continue;
    }
    let value: Uint8Array = ds.byteArray.slice(el.dataOffset, end);
    const unit = bigEndian && vr ? SWAP[vr] : undefined;
    if (unit !== undefined) value = swapped(value, unit);
    if (value.length & 1) {
      const v = new Uint8Array(value.length + 1);
      v.set(value);
      v[value.length] = vr === 'UI' || vr === undefined ? 0 : STRING_PAD.has(vr) ? 0x20 : 0;
      value = v;
    }
    out.push({ tag, vr: vr ?? undefined, value });
  }
  return out;
}

const STRING_PAD = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UR', 'UT']);

function swapped(v: Uint8Array, unit: number): Uint8Array {
  const out = new Uint8Array(v.length);
  const whole = v.length - (v.length % unit);
  for (let i = 0; i < whole; i += unit) for (let j = 0; j < unit; j++) out[i + j] = v[i + unit - 1 - j]!;
  for (let i = whole; i < v.length; i++) out[i] = v[i]!;
  return out;
}

function valueLength(e: TreeElement, explicit: boolean): number {
  if (e.items) {
    let n = 0;
    for (const it of e.items) n += 8 + datasetLength(it, explicit);
    return n;
  }
  return e.value.length;
}

function headerLength(e: TreeElement, explicit: boolean): number {
  if (!explicit) return 8;
  return LONG_VRS.has(vrOf(e)) ? 12 : 8;
}

function vrOf(e: TreeElement): string {
  if (e.items) return 'SQ';
  return e.vr ?? 'UN';
}

function datasetLength(els: readonly TreeElement[], explicit: boolean): number {
  let n = 0;
  for (const e of els) n += headerLength(e, explicit) + valueLength(e, explicit);
  return n;
}

function write(els: readonly TreeElement[], explicit: boolean, out: Uint8Array, dv: DataView, at: number): number {
  let o = at;
  const sorted = els.slice().sort((a, b) => a.tag - b.tag);
  for (const e of sorted) {
    dv.setUint16(o, e.tag >>> 16, true);
    dv.setUint16(o + 2, e.tag & 0xffff, true);
    const len = e.encapsulated ? 0xffffffff : valueLength(e, explicit);
    if (explicit) {
      const vr = vrOf(e);
      out[o + 4] = vr.charCodeAt(0);
      out[o + 5] = vr.charCodeAt(1);
      if (LONG_VRS.has(vr)) {
        dv.setUint16(o + 6, 0, true);
        dv.setUint32(o + 8, len, true);
        o += 12;
      } else {
        if (len > 0xffff) throw new DicomError(ErrorCode.UNREPRESENTABLE_VALUES, `value of ${tagText(e.tag)} too long for VR ${vr}`);
        dv.setUint16(o + 6, len, true);
        o += 8;
      }
    } else {
      dv.setUint32(o + 4, len, true);
      o += 8;
    }
    if (e.items) {
      for (const it of e.items) {
        dv.setUint16(o, 0xfffe, true);
        dv.setUint16(o + 2, 0xe000, true);
        dv.setUint32(o + 4, datasetLength(it, explicit), true);
        o = write(it, explicit, out, dv, o + 8);
      }
    } else {
      out.set(e.value, o);
      o += e.value.length;
    }
  }
  return o;
}

/**
 * Encode elements as a dataset in Explicit (or Implicit) VR Little Endian.
 * @throws DicomError UNREPRESENTABLE_VALUES (a value too long for its VR's 16-bit length)
 */
export function encodeTree(els: readonly TreeElement[], explicit: boolean): Uint8Array {
  const n = datasetLength(els, explicit);
  const out = new Uint8Array(n);
  const end = write(els, explicit, out, new DataView(out.buffer), 0);
  if (end !== n) throw new Error('internal: encoded dataset length mismatch');
  return out;
}

/** Text of a value: Latin-1 bytes, trailing NUL and spaces removed. */
export function valueText(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i < v.length; i++) s += String.fromCharCode(v[i]!);
  return s.replace(/[\0 ]+$/, '');
}

/** Even-length bytes of a text value (UI padded with NUL, other strings with a space; PS3.5 6.2). */
export function textValue(s: string, vr: string | undefined): Uint8Array {
  const n = s.length + (s.length & 1);
  const out = new Uint8Array(n);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 128 ? c : 0x3f;
  }
  if (n > s.length) out[s.length] = vr === 'UI' ? 0 : 0x20;
  return out;
}

export { tagText };
