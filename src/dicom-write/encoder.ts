/**
 * Minimal DICOM data element encoder: Explicit VR Little Endian (PS3.5 7.1.2),
 * defined-length sequences and items (PS3.5 7.5), Part 10 file wrapper with
 * preamble, "DICM" prefix and File Meta Information (PS3.10 7.1).
 *
 * Values are padded to even length (PS3.5 6.2): UI with NUL, other strings
 * with a space, binary VRs with 0x00. Elements of a dataset are written in
 * ascending tag order whatever order they were added in.
 */
import { TAG } from '../dicom-base/tags.js';

/** One encoded element: tag (group << 16 | element), VR and the value bytes (unpadded). */
export interface Element {
  readonly tag: number;
  readonly vr: string;
  readonly value: Uint8Array;
  /** Items of a sequence (vr 'SQ'); each item is a list of elements. */
  readonly items?: readonly (readonly Element[])[];
}

/** VRs with the 2 reserved bytes + 32-bit length form (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UR', 'UT', 'UN', 'SV', 'UV']);

const ascii = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[i] = c < 128 ? c : 0x3f; // default repertoire only (ISO-IR 6); anything else becomes '?'
  }
  return out;
};

/** Maximum value length of each string VR in characters (PS3.5 Table 6.2-1). */
const MAX_LEN: Readonly<Record<string, number>> = {
  AE: 16, AS: 4, CS: 16, DA: 8, DS: 16, DT: 26, IS: 12, LO: 64, PN: 64, SH: 16, TM: 14, UI: 64, LT: 10240, ST: 1024,
};

/** A string element; `value` may be several values (joined with '\'). Each value is checked against the VR's length limit. */
export function str(tag: number, vr: string, value: string | readonly string[]): Element {
  const values = typeof value === 'string' ? [value] : value;
  const max = MAX_LEN[vr];
  if (max !== undefined) {
    for (const v of values) if (v.length > max) throw new RangeError(`value "${v}" too long for VR ${vr} (max ${max})`);
  }
  return { tag, vr, value: ascii(values.join('\\')) };
}

/**
 * Format a number as a DICOM Decimal String (at most 16 characters, PS3.5 6.2).
 * Returns the shortest representation that fits, losing the fewest digits.
 */
export function formatDS(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError('DS value must be finite');
  if (Object.is(x, -0)) x = 0;
  let s = String(x);
  if (s.length <= 16) return s;
  for (let p = 15; p >= 1; p--) {
    s = x.toPrecision(p);
    if (s.includes('e')) s = s.replace(/\.?0+e/, 'e').replace('e+', 'e');
    else if (s.includes('.')) s = s.replace(/\.?0+$/, '');
    if (s.length <= 16) return s;
  }
  throw new RangeError(`cannot format ${x} as DS`);
}

/** The number a reader will see for `x` once written as DS. */
export function dsValue(x: number): number {
  return Number(formatDS(x));
}

export function ds(tag: number, values: number | readonly number[]): Element {
  const v = typeof values === 'number' ? [values] : values;
  return str(tag, 'DS', v.map(formatDS));
}

export function is(tag: number, values: number | readonly number[]): Element {
  const v = typeof values === 'number' ? [values] : values;
  for (const n of v) if (!Number.isInteger(n) || Math.abs(n) > 2147483647) throw new RangeError(`IS value ${n} out of range`);
  return str(tag, 'IS', v.map(String));
}

function binary(tag: number, vr: string, values: readonly number[], size: number, write: (dv: DataView, off: number, v: number) => void): Element {
  const b = new Uint8Array(values.length * size);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => write(dv, i * size, v));
  return { tag, vr, value: b };
}

export const us = (tag: number, v: number | readonly number[]): Element =>
  binary(tag, 'US', typeof v === 'number' ? [v] : v, 2, (d, o, x) => d.setUint16(o, x, true));
export const ss = (tag: number, v: number | readonly number[]): Element =>
  binary(tag, 'SS', typeof v === 'number' ? [v] : v, 2, (d, o, x) => d.setInt16(o, x, true));
export const ul = (tag: number, v: number | readonly number[]): Element =>
  binary(tag, 'UL', typeof v === 'number' ? [v] : v, 4, (d, o, x) => d.setUint32(o, x, true));
export const fd = (tag: number, v: number | readonly number[]): Element =>
  binary(tag, 'FD', typeof v === 'number' ? [v] : v, 8, (d, o, x) => d.setFloat64(o, x, true));
/** Attribute Tag values (group, element as two 16-bit words). */
export const at = (tag: number, v: number | readonly number[]): Element =>
  binary(tag, 'AT', typeof v === 'number' ? [v] : v, 4, (d, o, x) => {
    d.setUint16(o, x >>> 16, true);
    d.setUint16(o + 2, x & 0xffff, true);
  });

export const ob = (tag: number, bytes: Uint8Array): Element => ({ tag, vr: 'OB', value: bytes });
export const ow = (tag: number, bytes: Uint8Array): Element => ({ tag, vr: 'OW', value: bytes });

export function sq(tag: number, items: readonly (readonly Element[])[]): Element {
  return { tag, vr: 'SQ', value: new Uint8Array(0), items };
}

/** One Code Sequence Macro item (PS3.3 Table 8.8-1). */
export function codeItem(value: string, scheme: string, meaning: string): Element[] {
  return [str(TAG.CodeValue, 'SH', value), str(TAG.CodingSchemeDesignator, 'SH', scheme), str(TAG.CodeMeaning, 'LO', meaning)];
}

const STRING_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UR', 'UT']);

/** Padding byte: space for character strings, NUL for UI and binary VRs (PS3.5 6.2). */
function padByte(vr: string): number {
  return STRING_VRS.has(vr) ? 0x20 : 0;
}

/** Encoded length of a list of elements (Explicit VR LE, defined lengths). */
function datasetLength(elements: readonly Element[]): number {
  let n = 0;
  for (const e of elements) n += elementLength(e);
  return n;
}

function valueLength(e: Element): number {
  if (e.vr === 'SQ') {
    let n = 0;
    for (const it of e.items ?? []) n += 8 + datasetLength(it);
    return n;
  }
  return e.value.length + (e.value.length & 1);
}

function elementLength(e: Element): number {
  return (LONG_VRS.has(e.vr) ? 12 : 8) + valueLength(e);
}

function sorted(elements: readonly Element[]): Element[] {
  const s = elements.slice().sort((a, b) => a.tag - b.tag);
  for (let i = 1; i < s.length; i++) {
    if (s[i]!.tag === s[i - 1]!.tag) throw new RangeError(`duplicate tag ${s[i]!.tag.toString(16)}`);
  }
  return s;
}

/** Bytes per value of the binary VRs, swapped for big endian (element values are built little-endian). */
const WORD_SIZE: Readonly<Record<string, number>> = {
  US: 2, SS: 2, OW: 2, AT: 2, UL: 4, SL: 4, FL: 4, OF: 4, OL: 4, FD: 8, OD: 8, SV: 8, UV: 8, OV: 8,
};

/** Copy `v` into `out` at `o`, reversing each `w`-byte word. */
function setSwapped(out: Uint8Array, o: number, v: Uint8Array, w: number): void {
  const n = v.length - (v.length % w);
  for (let i = 0; i < n; i += w) for (let b = 0; b < w; b++) out[o + i + b] = v[i + w - 1 - b]!;
  for (let i = n; i < v.length; i++) out[o + i] = v[i]!;
}

function writeElements(elements: readonly Element[], out: Uint8Array, dv: DataView, offset: number, le: boolean): number {
  let o = offset;
  for (const e of sorted(elements)) {
    dv.setUint16(o, e.tag >>> 16, le);
    dv.setUint16(o + 2, e.tag & 0xffff, le);
    out[o + 4] = e.vr.charCodeAt(0);
    out[o + 5] = e.vr.charCodeAt(1);
    const len = valueLength(e);
    if (LONG_VRS.has(e.vr)) {
      dv.setUint16(o + 6, 0, le);
      dv.setUint32(o + 8, len, le);
      o += 12;
    } else {
      if (len > 0xffff) throw new RangeError(`value too long for a 16-bit length (${e.vr})`);
      dv.setUint16(o + 6, len, le);
      o += 8;
    }
    if (e.vr === 'SQ') {
      for (const it of e.items ?? []) {
        dv.setUint16(o, 0xfffe, le);
        dv.setUint16(o + 2, 0xe000, le);
        dv.setUint32(o + 4, datasetLength(it), le);
        o = writeElements(it, out, dv, o + 8, le);
      }
    } else {
      const w = WORD_SIZE[e.vr];
      if (!le && w !== undefined) setSwapped(out, o, e.value, w);
      else out.set(e.value, o);
      o += e.value.length;
      if (e.value.length & 1) out[o++] = padByte(e.vr);
    }
  }
  return o;
}

/**
 * Encode a dataset (no preamble, no meta) as Explicit VR Little Endian bytes, or
 * with `bigEndian` as Explicit VR Big Endian (PS3.5 7.3, retired but still met):
 * tags, lengths and binary values byte-swapped.
 */
export function encodeDataset(elements: readonly Element[], bigEndian = false): Uint8Array {
  const out = new Uint8Array(datasetLength(elements));
  const end = writeElements(elements, out, new DataView(out.buffer), 0, !bigEndian);
  if (end !== out.length) throw new Error('internal: dataset length mismatch');
  return out;
}

export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BE = '1.2.840.10008.1.2.2';
/** Implementation Class UID of this writer (a fixed UUID-derived 2.25 UID, PS3.5 B.2). */
export const IMPLEMENTATION_CLASS_UID = '2.25.271828182845904523536028747135266249';
export const IMPLEMENTATION_VERSION_NAME = 'SPECTPERF_0_1';

/**
 * A complete Part 10 file: 128-byte zero preamble, "DICM", File Meta
 * Information group (0002) with its group length (always little endian,
 * PS3.10 7.1), then the dataset (Explicit VR Little, or Big, Endian).
 */
export function encodePart10(sopClassUid: string, sopInstanceUid: string, dataset: readonly Element[], bigEndian = false): Uint8Array {
  const meta: Element[] = [
    ob(TAG.FileMetaInformationVersion, new Uint8Array([0, 1])),
    str(TAG.MediaStorageSOPClassUID, 'UI', sopClassUid),
    str(TAG.MediaStorageSOPInstanceUID, 'UI', sopInstanceUid),
    str(TAG.TransferSyntaxUID, 'UI', bigEndian ? EXPLICIT_VR_BE : EXPLICIT_VR_LE),
    str(TAG.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID),
    str(TAG.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION_NAME),
  ];
  return wrapPart10(meta, encodeDataset(dataset, bigEndian));
}

/**
 * Preamble, "DICM", the File Meta group `meta` (its group length added) and the
 * already-encoded dataset `body` (which may be in any transfer syntax the meta names).
 */
export function wrapPart10(meta: readonly Element[], body: Uint8Array): Uint8Array {
  const metaBytes = encodeDataset(meta);
  const groupLength = encodeDataset([ul(TAG.FileMetaInformationGroupLength, metaBytes.length)]);
  const out = new Uint8Array(132 + groupLength.length + metaBytes.length + body.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(groupLength, 132);
  out.set(metaBytes, 132 + groupLength.length);
  out.set(body, 132 + groupLength.length + metaBytes.length);
  return out;
}
