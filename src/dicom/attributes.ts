/**
 * Small typed accessors over a dicom-parser `DataSet`, by entries of the tag
 * dictionary (src/dicom-base/tags.ts, re-exported here). The VR of the entry is
 * used when the file is Implicit VR (dicom-parser then has no VR for the element).
 */
import type { DataSet, Element } from 'dicom-parser';
import type { TagDef } from '../dicom-base/tags.js';

export { TAGS, type TagDef } from '../dicom-base/tags.js';

/** True when the element exists (even with zero length). */
export function has(ds: DataSet, def: TagDef): boolean {
  return ds.elements[def.tag] !== undefined;
}

/** First value of a string attribute, trimmed; undefined when absent or empty. */
export function getString(ds: DataSet, def: TagDef, index = 0): string | undefined {
  const el = ds.elements[def.tag];
  if (!el || el.length === 0) return undefined;
  const v = ds.string(def.tag, index);
  if (v === undefined) return undefined;
  const s = v.replace(/\0/g, '').trim();
  return s === '' ? undefined : s;
}

/** All values of a backslash-separated string attribute (empty array when absent). */
export function getStrings(ds: DataSet, def: TagDef): string[] {
  const el = ds.elements[def.tag];
  if (!el || el.length === 0) return [];
  return rawString(ds, el).split('\\').map((s) => s.replace(/\0/g, '').trim());
}

function rawString(ds: DataSet, el: Element): string {
  const end = Math.min(ds.byteArray.length, el.dataOffset + el.length);
  let s = '';
  for (let i = el.dataOffset; i < end; i++) s += String.fromCharCode(ds.byteArray[i]!);
  return s;
}

const BINARY_SIZE: Readonly<Record<string, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };

/** Effective VR: the element's own (explicit VR) when it is numeric, else the table's. */
function vrOf(el: Element, def: TagDef): string {
  const own = el.vr;
  if (own && (own in BINARY_SIZE || own === 'DS' || own === 'IS')) return own;
  return def.vr;
}

/** All numeric values (DS/IS/US/SS/UL/SL/FL/FD). Unparsable strings give NaN entries. */
export function getNumbers(ds: DataSet, def: TagDef): number[] {
  const el = ds.elements[def.tag];
  if (!el || el.length === 0) return [];
  const vr = vrOf(el, def);
  const size = BINARY_SIZE[vr];
  if (size !== undefined) {
    const n = Math.floor(el.length / size);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(readBinary(ds, def.tag, vr, i));
    return out;
  }
  return getStrings(ds, def).map((s) => (s === '' ? Number.NaN : Number(s)));
}

function readBinary(ds: DataSet, tag: string, vr: string, i: number): number {
  let v: number | undefined;
  switch (vr) {
    case 'US': v = ds.uint16(tag, i); break;
    case 'SS': v = ds.int16(tag, i); break;
    case 'UL': v = ds.uint32(tag, i); break;
    case 'SL': v = ds.int32(tag, i); break;
    case 'FL': v = ds.float(tag, i); break;
    case 'FD': v = ds.double(tag, i); break;
    default: v = ds.uint32(tag, i);
  }
  return v ?? Number.NaN;
}

/** One numeric value, or undefined when absent/empty. */
export function getNumber(ds: DataSet, def: TagDef, index = 0): number | undefined {
  const all = getNumbers(ds, def);
  return all[index];
}

/** Values of an AT attribute as dicom-parser tag keys (`xggggeeee`). */
export function getTagList(ds: DataSet, def: TagDef): string[] {
  const el = ds.elements[def.tag];
  if (!el || el.length < 4) return [];
  const out: string[] = [];
  const n = Math.floor(el.length / 4);
  for (let i = 0; i < n; i++) {
    const g = ds.uint16(def.tag, 2 * i);
    const e = ds.uint16(def.tag, 2 * i + 1);
    if (g === undefined || e === undefined) break;
    out.push('x' + g.toString(16).padStart(4, '0') + e.toString(16).padStart(4, '0'));
  }
  return out;
}

/** Item datasets of a sequence (empty array when absent or not a sequence). */
export function getItems(ds: DataSet, def: TagDef): DataSet[] {
  const el = ds.elements[def.tag];
  if (!el || !el.items) return [];
  const out: DataSet[] = [];
  for (const it of el.items) if (it.dataSet) out.push(it.dataSet);
  return out;
}

/** First item of a sequence, or undefined. */
export function firstItem(ds: DataSet, def: TagDef): DataSet | undefined {
  return getItems(ds, def)[0];
}

/** Numeric values of a tag given by key (used for vectors named by the Frame Increment Pointer). */
export function getNumbersByTag(ds: DataSet, tag: string, vr: string): number[] {
  return getNumbers(ds, { tag, number: Number.parseInt(tag.slice(1), 16), keyword: tag, vr });
}
