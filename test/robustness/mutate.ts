/**
 * Byte-level mutations of a seed file, as plain data (so a failing case can be
 * printed and replayed), and fast-check arbitraries that generate them.
 * Positions are fractions in [0, 1) of the current length, or absolute offsets
 * (values >= 1, offset = at - 1, clamped), so one mutation list applies to any seed. Length-field patching uses dicom-parser's element offsets
 * for DICOM and the header field offsets of NIfTI-1 (nifti1.h).
 */
import dicomParser from 'dicom-parser';
import fc from 'fast-check';

export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly bit: number }
  | { readonly op: 'set'; readonly at: number; readonly value: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly op: 'delete'; readonly at: number; readonly count: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly count: number }
  /** Overwrite a length/size field (element `index` of the file's length fields) with `value`. */
  | { readonly op: 'length'; readonly index: number; readonly value: number };

/** Length values that break readers most often. */
export const HOSTILE_LENGTHS: readonly number[] = [0, 1, 2, 3, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffffe, 0xffffffff, 4_000_000_000];

/** A field that holds a length or size: byte offset, width in bytes, endianness. */
export interface LengthField {
  readonly offset: number;
  readonly width: 2 | 4 | 8;
  readonly littleEndian: boolean;
  /** Float field (NIfTI vox_offset, pixdim). */
  readonly float?: boolean;
}

/**
 * Length fields of a DICOM file: for every element dicom-parser finds (top level
 * and inside sequence items), the 16- or 32-bit length before its value
 * (PS3.5 7.1.2 explicit VR: 2 bytes for short VRs, 4 bytes after 2 reserved for
 * OB/OW/SQ/UN/...; 7.1.3 implicit VR: 4 bytes). Empty when the file does not parse.
 */
export function dicomLengthFields(bytes: Uint8Array): LengthField[] {
  let ds: dicomParser.DataSet;
  try {
    ds = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch {
    return [];
  }
  const out: LengthField[] = [];
  const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
  const visit = (d: dicomParser.DataSet, depth: number): void => {
    if (depth > 8) return;
    for (const key in d.elements) {
      const el = d.elements[key];
      if (!el || el.hadUndefinedLength) continue;
      const short = el.vr !== undefined && !LONG.has(el.vr);
      const le = !(d.byteArrayParser === dicomParser.bigEndianByteArrayParser);
      if (el.dataOffset >= 4) out.push(short ? { offset: el.dataOffset - 2, width: 2, littleEndian: le } : { offset: el.dataOffset - 4, width: 4, littleEndian: le });
      for (const item of el.items ?? []) if (item.dataSet) visit(item.dataSet, depth + 1);
    }
  };
  visit(ds, 0);
  return out;
}

/** Size fields of a NIfTI-1 header (nifti1.h): sizeof_hdr, dim[0..7], datatype, bitpix, vox_offset, pixdim[1..3]. */
export function niftiLengthFields(bytes: Uint8Array): LengthField[] {
  if (bytes.length < 348) return [];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dv.getInt32(0, true) === 348;
  const f: LengthField[] = [{ offset: 0, width: 4, littleEndian: le }];
  for (let i = 0; i < 8; i++) f.push({ offset: 40 + 2 * i, width: 2, littleEndian: le });
  f.push({ offset: 70, width: 2, littleEndian: le }, { offset: 72, width: 2, littleEndian: le });
  f.push({ offset: 108, width: 4, littleEndian: le, float: true });
  for (let i = 1; i <= 3; i++) f.push({ offset: 76 + 4 * i, width: 4, littleEndian: le, float: true });
  return f;
}

function writeField(b: Uint8Array, f: LengthField, value: number): void {
  if (f.offset + f.width > b.length) return;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (f.float) { dv.setFloat32(f.offset, value, f.littleEndian); return; }
  if (f.width === 2) dv.setUint16(f.offset, value & 0xffff, f.littleEndian);
  else if (f.width === 4) dv.setUint32(f.offset, value >>> 0, f.littleEndian);
}

/** `at` in [0, 1) is a fraction of the current length; `at` >= 1 is the absolute offset floor(at) - 1 (clamped). */
const idx = (at: number, len: number): number => Math.min(len, Math.max(0, at >= 1 ? Math.floor(at) - 1 : Math.floor(at * len)));

/**
 * Apply mutations in order to a copy of `seed`. `lengthFields` gives the length
 * fields of the seed (computed once); a 'length' mutation picks one modulo their number.
 * The result is never larger than seed + 64 KiB per insertion/duplication.
 */
export function applyMutations(seed: Uint8Array, muts: readonly Mutation[], lengthFields: readonly LengthField[] = []): Uint8Array {
  let b: Uint8Array = seed.slice();
  for (const m of muts) {
    switch (m.op) {
      case 'flip': if (b.length > 0) { const i = idx(m.at, b.length - 1); b[i] = b[i]! ^ (1 << (m.bit & 7)); } break;
      case 'set': if (b.length > 0) b[idx(m.at, b.length - 1)] = m.value & 0xff; break;
      case 'truncate': b = b.subarray(0, idx(m.at, b.length)); break;
      case 'insert': { const i = idx(m.at, b.length); b = concat(b.subarray(0, i), Uint8Array.from(m.bytes), b.subarray(i)); break; }
      case 'delete': { const i = idx(m.at, b.length); b = concat(b.subarray(0, i), b.subarray(Math.min(b.length, i + m.count))); break; }
      case 'duplicate': { const i = idx(m.at, b.length); const piece = b.subarray(i, Math.min(b.length, i + m.count)); b = concat(b.subarray(0, i + piece.length), piece, b.subarray(i + piece.length)); break; }
      case 'length': {
        if (lengthFields.length === 0) break;
        const f = lengthFields[m.index % lengthFields.length]!;
        if (f.offset + f.width <= b.length) { b = b.slice(); writeField(b, f, m.value); }
        break;
      }
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Uniform fraction in [0, 1) (fc.double is biased to tiny values, which would hit the preamble only). */
const frac = fc.integer({ min: 0, max: 0xfffff }).map((x) => x / 0x100000);
/** Positions biased to the headers (absolute offsets 128..4 KiB: DICOM elements after the preamble, NIfTI-1 header), where most parsing happens. */
const headFrac = fc.oneof(frac, fc.integer({ min: 1, max: 4097 }), fc.integer({ min: 129, max: 1500 }));

/** One mutation. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('flip' as const), at: headFrac, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), at: headFrac, value: fc.constantFrom(0, 0xff, 0x7f, 0x80, 0xfe, 0x01) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('truncate' as const), at: frac }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('insert' as const), at: headFrac, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: headFrac, count: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: headFrac, count: fc.integer({ min: 1, max: 4096 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('length' as const), index: fc.nat(10_000), value: fc.oneof(fc.constantFrom(...HOSTILE_LENGTHS), fc.nat(0xffffffff)) }) },
);

/** 1 to 4 mutations. */
export const mutationsArb: fc.Arbitrary<Mutation[]> = fc.array(mutationArb, { minLength: 1, maxLength: 4 });
