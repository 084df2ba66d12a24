/**
 * The malformed-input corpus, made by code from (a) files this project's writers
 * make, (b) hostile objects built byte by byte (build.ts), and (c) real files of
 * ../shared/data (passed in by the caller, never copied). Every case names the
 * outcomes it allows: 'volume' and/or error codes. `ANY_ERROR` allows any
 * SpectError code (for sweeps where the exact code depends on which byte broke).
 */
import dicomParser from 'dicom-parser';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { createVolume } from '../../src/volume/volume.js';
import { deepSequence, nmFile, part10, type Elem } from './build.js';
import type { Input } from './targets.js';

export const ANY_ERROR = '*error*';

export interface Case extends Input {
  readonly name: string;
  /** Allowed outcomes: 'volume', error codes, or ANY_ERROR. */
  readonly expect: readonly string[];
  /** Issue code the volume must carry (when 'volume' is allowed). */
  readonly issue?: string;
}

/** Does an outcome key ('volume' or an error code) satisfy the case? */
export function allowed(c: Case, key: string): boolean {
  if (c.expect.includes(key)) return true;
  return key !== 'volume' && c.expect.includes(ANY_ERROR);
}

/** Element spans of a DICOM file as dicom-parser sees them (every level). */
export interface Span {
  readonly tag: string;
  readonly dataOffset: number;
  readonly length: number;
  readonly vr: string | undefined;
  readonly undefinedLength: boolean;
  readonly depth: number;
}

/** Every element (top level and inside sequence items) of a parsable DICOM file. */
export function elementSpans(bytes: Uint8Array): Span[] {
  const ds = dicomParser.parseDicom(bytes);
  const out: Span[] = [];
  const stack: { d: dicomParser.DataSet; depth: number }[] = [{ d: ds, depth: 0 }];
  while (stack.length > 0) {
    const { d, depth } = stack.pop()!;
    for (const key in d.elements) {
      const el = d.elements[key]!;
      out.push({ tag: key, dataOffset: el.dataOffset, length: el.length, vr: el.vr, undefinedLength: el.hadUndefinedLength === true, depth });
      for (const it of el.items ?? []) if (it.dataSet) stack.push({ d: it.dataSet, depth: depth + 1 });
    }
  }
  return out.sort((a, b) => a.dataOffset - b.dataOffset);
}

const LONG_VR = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
/** Explicit VR LE header size of an element (PS3.5 7.1.2): 12 bytes for long VRs, else 8. */
const headerSize = (s: Span): number => (s.vr === undefined || LONG_VR.has(s.vr) ? 12 : 8);

/**
 * Truncations at every element boundary (end of each element, end of each
 * element header) plus the preamble/prefix edges. The full file is not included.
 */
export function truncationCases(name: string, bytes: Uint8Array, expect: readonly string[]): Case[] {
  const cuts = new Set<number>([0, 1, 64, 128, 130, 132]);
  for (const s of elementSpans(bytes)) {
    cuts.add(s.dataOffset - headerSize(s));
    cuts.add(s.dataOffset);
    if (!s.undefinedLength) cuts.add(s.dataOffset + s.length);
    if (s.length > 2) cuts.add(s.dataOffset + 1);
  }
  return [...cuts].filter((c) => c >= 0 && c < bytes.length).sort((a, b) => a - b)
    .map((c) => ({ name: `${name} truncated at ${c}`, target: 'dicom' as const, bytes: bytes.subarray(0, c), expect }));
}

/** A case built on demand (sweeps over big files would otherwise hold one copy per case). */
export interface LazyCase {
  readonly name: string;
  readonly make: () => Case;
}

/** Every byte of every element header inverted (tag, VR, length), one case per byte. */
export function headerFlipCases(name: string, bytes: Uint8Array): LazyCase[] {
  const out: LazyCase[] = [];
  for (const s of elementSpans(bytes)) {
    const h = headerSize(s);
    for (let p = s.dataOffset - h; p < s.dataOffset; p++) {
      if (p < 132) continue;
      const label = `${name} ${s.tag} header byte ${p - s.dataOffset + h} inverted`;
      out.push({ name: label, make: () => {
        const b = bytes.slice();
        b[p] = b[p]! ^ 0xff;
        return { name: label, target: 'dicom', bytes: b, expect: ['volume', ANY_ERROR] };
      } });
    }
  }
  return out;
}

/** Each defined length set past the buffer: 0xFFFFFFF0 for 32-bit lengths, 0xFFFF for 16-bit ones. */
export function lengthPastEndCases(name: string, bytes: Uint8Array, expect: readonly string[]): LazyCase[] {
  const out: LazyCase[] = [];
  for (const s of elementSpans(bytes)) {
    if (s.undefinedLength || s.dataOffset < 136) continue;
    const label = `${name} ${s.tag} at ${s.dataOffset}: length past the end`;
    out.push({ name: label, make: () => {
      const b = bytes.slice();
      const dv = new DataView(b.buffer);
      if (headerSize(s) === 12) dv.setUint32(s.dataOffset - 4, 0xfffffff0, true);
      else dv.setUint16(s.dataOffset - 2, 0xffff, true);
      return { name: label, target: 'dicom', bytes: b, expect };
    } });
  }
  return out;
}

/** The writer-made GE-style NM RECON TOMO file the sweeps start from (16 x 16 x 8). */
export function geNmFile(data?: Float32Array): Uint8Array {
  const nx = 16, ny = 16, nz = 8;
  const d = data ?? Float32Array.from({ length: nx * ny * nz }, (_, i) => 50 + (i % 200));
  const v = createVolume({ data: d, dims: [nx, ny, nz], affine: [-3.5, 0, 0, 30, 0, -3.5, 0, 30, 0, 0, 3.5, -20, 0, 0, 0, 1] });
  return writeNmMultiframe(v, { style: 'ge' });
}

const px = (tag: number, vr: string, values: readonly number[]): Elem => ({ tag, vr, value: values });
const n48 = (f: (i: number) => number): number[] => Array.from({ length: 48 }, (_, i) => f(i));

/**
 * Implicit VR LE (PS3.5 7.1.3) dataset: (0008,0008) Image Type, then (0008,0016)
 * SOP Class UID whose 32-bit length is 0xFFFFFFF0, far past the end.
 */
function implicitPastEnd(): Uint8Array {
  const b = new Uint8Array(8 + 22 + 8 + 4);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, 0x0008, true); dv.setUint16(2, 0x0008, true); dv.setUint32(4, 22, true);
  b.set(Array.from('ORIGINAL\\PRIMARY\\AXIAL', (ch) => ch.charCodeAt(0)).slice(0, 22), 8);
  dv.setUint16(30, 0x0008, true); dv.setUint16(32, 0x0016, true); dv.setUint32(34, 0xfffffff0, true);
  b.set([0x31, 0x2e, 0x32, 0x00], 38);
  return b;
}

/** Hostile DICOM objects built byte by byte. */
export function dicomHostileCases(): Case[] {
  const tiny = px(0x7fe00010, 'OW', [1, 2, 3, 4]);
  const c = (name: string, bytes: Uint8Array, expect: readonly string[], issue?: string): Case => ({ name, target: 'dicom', bytes, expect, ...(issue ? { issue } : {}) });
  const missing: [string, number, string][] = [
    ['Rows', 0x00280010, 'MISSING_ATTRIBUTE'], ['Columns', 0x00280011, 'MISSING_ATTRIBUTE'], ['BitsAllocated', 0x00280100, 'MISSING_ATTRIBUTE'],
    ['PixelData', 0x7fe00010, 'NO_PIXEL_DATA'], ['ImageType', 0x00080008, 'NOT_RECONSTRUCTED_VOLUME'], ['PixelSpacing', 0x00280030, 'INVALID_GEOMETRY'],
    ['SpacingBetweenSlices', 0x00180088, 'INVALID_GEOMETRY'], ['ImagePositionPatient', 0x00200032, 'INVALID_GEOMETRY'],
    ['ImageOrientationPatient', 0x00200037, 'INVALID_GEOMETRY'], ['SliceVector', 0x00540080, 'INVALID_ATTRIBUTE'],
    ['NumberOfFrames', 0x00280008, 'INVALID_ATTRIBUTE'],
  ];
  const cases: Case[] = [
    c('valid control object', nmFile(), ['volume']),
    c('Number of Frames = 4,000,000,000', nmFile({ numberOfFrames: '4000000000' }), ['INVALID_ATTRIBUTE']),
    c('Number of Frames = -1', nmFile({ numberOfFrames: '-1' }), ['INVALID_ATTRIBUTE']),
    c('Number of Frames = 1e308', nmFile({ numberOfFrames: '1e308' }), ['INVALID_ATTRIBUTE']),
    c('rows = columns = 65535, 8 bytes of pixels', nmFile({ rows: 65535, cols: 65535, frames: 1, pixelData: tiny }), ['RESOURCE_LIMIT', 'PIXEL_DATA_SIZE']),
    c('rows = columns = 11000 (242 MB, under the 256 MiB cap), 8 bytes of pixels', nmFile({ rows: 11000, cols: 11000, frames: 1, pixelData: tiny }), ['PIXEL_DATA_SIZE']),
    c('rows = columns = 30000 (1.8 GB, over the 256 MiB cap), 8 bytes of pixels', nmFile({ rows: 30000, cols: 30000, frames: 1, pixelData: tiny }), ['RESOURCE_LIMIT']),
    c('1000 x 1000 x 1000 frames, 8 bytes of pixels', nmFile({ rows: 1000, cols: 1000, frames: 1000, pixelData: tiny }), ['PIXEL_DATA_SIZE', 'RESOURCE_LIMIT']),
    c('rows = 0', nmFile({ rows: 0, frames: 1, pixelData: tiny }), ['INVALID_ATTRIBUTE']),
    c('Bits Allocated 12', nmFile({ bitsAllocated: 12 }), ['INVALID_ATTRIBUTE']),
    c('WHOLE BODY image type', nmFile({ imageType: 'ORIGINAL\\PRIMARY\\WHOLE BODY\\EMISSION' }), ['NOT_RECONSTRUCTED_VOLUME']),
    c('STATIC image type', nmFile({ imageType: 'ORIGINAL\\PRIMARY\\STATIC\\EMISSION' }), ['NOT_RECONSTRUCTED_VOLUME']),
    c('TOMO (projections) image type', nmFile({ imageType: 'ORIGINAL\\PRIMARY\\TOMO\\EMISSION' }), ['NOT_RECONSTRUCTED_VOLUME']),
    c('DYNAMIC image type', nmFile({ imageType: 'ORIGINAL\\PRIMARY\\DYNAMIC\\EMISSION' }), ['NOT_RECONSTRUCTED_VOLUME']),
    c('IOP not orthonormal (column norm 1.118)', nmFile({ iop: '1\\0\\0\\0.5\\1\\0' }), ['INVALID_GEOMETRY']),
    c('IOP zero vectors', nmFile({ iop: '0\\0\\0\\0\\0\\0' }), ['INVALID_GEOMETRY']),
    c('IOP parallel row and column', nmFile({ iop: '1\\0\\0\\1\\0\\0' }), ['INVALID_GEOMETRY']),
    c('IOP with NaN', nmFile({ iop: 'NaN\\0\\0\\0\\1\\0' }), ['INVALID_GEOMETRY']),
    c('IOP with 5 values', nmFile({ iop: '1\\0\\0\\0\\1' }), ['INVALID_GEOMETRY']),
    c('IPP with Infinity', nmFile({ ipp: 'Infinity\\0\\0' }), ['INVALID_GEOMETRY']),
    c('Pixel Spacing 0\\0', nmFile({ pixelSpacing: '0\\0' }), ['INVALID_GEOMETRY']),
    c('Pixel Spacing negative', nmFile({ pixelSpacing: '-1\\2' }), ['INVALID_GEOMETRY']),
    c('Spacing Between Slices 0', nmFile({ spacing: '0' }), ['INVALID_GEOMETRY']),
    c('Spacing Between Slices 1e400 (infinite)', nmFile({ spacing: '1e400' }), ['INVALID_GEOMETRY']),
    c('NaN in Float Pixel Data (7FE0,0008)', nmFile({ bitsAllocated: 32, pixelData: px(0x7fe00008, 'OF', n48((i) => (i === 5 ? NaN : i))) }), ['INVALID_ATTRIBUTE']),
    c('+Inf in Float Pixel Data (7FE0,0008)', nmFile({ bitsAllocated: 32, pixelData: px(0x7fe00008, 'OF', n48((i) => (i === 7 ? Infinity : i))) }), ['INVALID_ATTRIBUTE']),
    c('-Inf in Double Float Pixel Data (7FE0,0009)', nmFile({ bitsAllocated: 64, pixelData: px(0x7fe00009, 'OD', n48((i) => (i === 7 ? -Infinity : i))) }), ['INVALID_ATTRIBUTE']),
    c('1e300 in Double Float Pixel Data (beyond Float32)', nmFile({ bitsAllocated: 64, pixelData: px(0x7fe00009, 'OD', n48((i) => (i === 7 ? 1e300 : i))) }), ['INVALID_ATTRIBUTE']),
    c('finite Float Pixel Data (control)', nmFile({ bitsAllocated: 32, pixelData: px(0x7fe00008, 'OF', n48((i) => i / 3)) }), ['volume']),
    c('Rescale Slope NaN', nmFile({ extra: [{ tag: 0x00281053, vr: 'DS', value: 'NaN' }] }), ['volume', 'INVALID_ATTRIBUTE']),
    c('Rescale Slope 1e38 (values beyond Float32)', nmFile({ extra: [{ tag: 0x00281053, vr: 'DS', value: '1e38' }] }), ['INVALID_ATTRIBUTE']),
    c('Rows with VR SQ', nmFile({ extra: [{ tag: 0x00280010, vr: 'SQ', value: [] }] }), ['MISSING_ATTRIBUTE', 'INVALID_ATTRIBUTE']),
    c('Rows with VR AT', nmFile({ extra: [{ tag: 0x00280010, vr: 'AT', value: [4] }] }), ['INVALID_ATTRIBUTE']),
    c('Rows with VR OB', nmFile({ extra: [{ tag: 0x00280010, vr: 'OB', value: Uint8Array.from([4, 0]) }] }), ['volume', 'INVALID_ATTRIBUTE']),
    c('Rows with VR FD', nmFile({ extra: [{ tag: 0x00280010, vr: 'FD', value: [4] }] }), ['volume', 'INVALID_ATTRIBUTE']),
    c('Rows with VR DS "4.5"', nmFile({ extra: [{ tag: 0x00280010, vr: 'DS', value: '4.5' }] }), ['INVALID_ATTRIBUTE']),
    c('Pixel Data with VR SQ', nmFile({ pixelData: { tag: 0x7fe00010, vr: 'SQ', value: [] } }), [ANY_ERROR]),
    c('Pixel Data with VR UN', nmFile({ pixelData: { tag: 0x7fe00010, vr: 'UN', value: new Uint8Array(96) } }), ['volume', ANY_ERROR]),
    c('Pixel Data length 0xFFFFFFF0', nmFile({ pixelData: { tag: 0x7fe00010, vr: 'OW', value: [1, 2, 3], length: 0xfffffff0 } }), ['TRUNCATED']),
    c('Pixel Data undefined length, not encapsulated', nmFile({ pixelData: { tag: 0x7fe00010, vr: 'OW', value: [1, 2, 3], length: 0xffffffff } }), ['MALFORMED', 'TRUNCATED']),
    c('Rows length 0xFFF0', nmFile({ extra: [{ tag: 0x00280010, vr: 'US', value: [4], length: 0xfff0 }] }), ['TRUNCATED']),
    c('sequence length 0xFFFFFFF0', nmFile({ extra: [{ tag: 0x00540016, vr: 'SQ', value: [[{ tag: 0x00180031, vr: 'LO', value: 'x' }]], length: 0xfffffff0 }] }), ['TRUNCATED']),
    c('undefined-length sequence without delimiters to the end', nmFile({ extra: [{ tag: 0x00540016, vr: 'SQ', value: [[{ tag: 0x00180031, vr: 'LO', value: 'x' }], [], []], undefinedLength: true, noDelimiters: true }] }), ['TRUNCATED', 'MALFORMED']),
    c('1,000 nested defined-length sequences', part10([deepSequence(1000)]), ['RESOURCE_LIMIT']),
    c('1,000 nested undefined-length sequences, no delimiters', part10([deepSequence(1000, false)]), ['RESOURCE_LIMIT', 'TRUNCATED']),
    c('100,000 nested undefined-length sequences (stack depth)', part10([deepSequence(100_000)]), ['RESOURCE_LIMIT']),
    c('100,000 nested sequences, no delimiters', part10([deepSequence(100_000, false)]), ['RESOURCE_LIMIT', 'TRUNCATED']),
    c('Implicit VR element length past the end (fuzz finding, fixed in parse.ts)', part10([{ raw: implicitPastEnd() }], undefined, '1.2.840.10008.1.2'), ['TRUNCATED']),
    c('bare Implicit VR dataset, element length past the end', implicitPastEnd(), ['TRUNCATED']),
    c('empty file', new Uint8Array(0), ['NOT_DICOM']),
    c('132 zero bytes', new Uint8Array(132), ['NOT_DICOM']),
    c('preamble + DICM only', part10([]).subarray(0, 132), ['MALFORMED', 'TRUNCATED', 'NOT_DICOM']),
    c('meta only, no dataset', part10([]), ['NO_PIXEL_DATA', 'MALFORMED', 'TRUNCATED']),
    c('4 KiB of 0xFF', new Uint8Array(4096).fill(0xff), ['NOT_DICOM']),
    c('deflated transfer syntax with garbage', part10([{ raw: Uint8Array.from({ length: 256 }, (_, i) => (i * 73) & 0xff) }], undefined, '1.2.840.10008.1.2.1.99'), ['MALFORMED', 'TRUNCATED', 'NOT_DICOM', 'NO_PIXEL_DATA']),
    c('unknown transfer syntax UID', nmFile({ transferSyntax: '1.2.3.4.5.6' }), ['UNSUPPORTED_TRANSFER_SYNTAX']),
    c('JPEG baseline transfer syntax over native bytes', nmFile({ transferSyntax: '1.2.840.10008.1.2.4.50' }), ['DECODE_FAILED', 'MALFORMED', 'PIXEL_DATA_SIZE', 'UNSUPPORTED_PIXEL_FORMAT']),
  ];
  for (const [label, tag, code] of missing) cases.push(c(`missing ${label}`, nmFile({ omit: [tag] }), [code]));
  return cases;
}
