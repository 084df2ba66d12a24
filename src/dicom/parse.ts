/**
 * Bytes to a dicom-parser `DataSet`, for every encoding the library accepts:
 * PS3.10 files (preamble + "DICM" + File Meta Information), bare datasets without
 * preamble or meta (encoding sniffed, stray leading byte tolerated), meta without
 * Transfer Syntax UID (encoding sniffed, warning issue), Deflated Explicit VR Little
 * Endian (PS3.5 A.5, inflated with fflate under a size cap) and Explicit VR Big Endian.
 * Every dicom-parser exception becomes a typed error.
 */
import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { Inflate } from 'fflate';
import { DicomError, ErrorCode, ResourceLimitError, SpectError } from '../errors.js';
import { IssueList, type Issue } from '../issues.js';
import { TAGS } from '../dicom-base/tags.js';

export const TS_IMPLICIT_LE = '1.2.840.10008.1.2';
export const TS_EXPLICIT_LE = '1.2.840.10008.1.2.1';
export const TS_DEFLATED_LE = '1.2.840.10008.1.2.1.99';
export const TS_EXPLICIT_BE = '1.2.840.10008.1.2.2';

export interface ParseOptions {
  /** Deepest allowed sequence nesting (default 16). */
  readonly maxSequenceDepth?: number;
  /** Largest inflated size of a deflated dataset, in bytes (default 256 MiB: a brain SPECT is tens of MB; docs/reliability.md). */
  readonly maxInflatedBytes?: number;
}

export interface ParsedDicom {
  readonly dataSet: DataSet;
  /** Transfer syntax used to read the dataset (from the meta, or guessed). */
  readonly transferSyntaxUid: string;
  /** True when the file had a PS3.10 preamble + DICM prefix. */
  readonly hasPart10Header: boolean;
  readonly issues: readonly Issue[];
}

const DEFAULT_MAX_DEPTH = 16;
const DEFAULT_MAX_INFLATED = 256 * 1024 ** 2;
/** Value Representations of PS3.5 Table 6.2-1, used to sniff explicit VR. */
const VRS = new Set(
  'AE AS AT CS DA DS DT FL FD IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);

/**
 * Parse DICOM bytes into a DataSet.
 * @throws DicomError NOT_DICOM | TRUNCATED | MALFORMED | UNSUPPORTED_TRANSFER_SYNTAX
 * @throws ResourceLimitError RESOURCE_LIMIT (sequence nesting or inflated size)
 */
export function parseDicomBytes(bytes: Uint8Array, options: ParseOptions = {}): ParsedDicom {
  return guard(() => parseInner(bytes, options));
}

function parseInner(bytes: Uint8Array, options: ParseOptions): ParsedDicom {
  const issues = new IssueList();
  const maxDepth = options.maxSequenceDepth ?? DEFAULT_MAX_DEPTH;
  const maxInflated = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED;
  const part10 = bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
  let dataSet: DataSet;
  let ts: string;
  if (part10) {
    const meta = guard(() => dicomParser.readPart10Header(bytes));
    const metaEnd = endOfMetaGroup(meta);
    const tsEl = meta.elements[TAGS.TransferSyntaxUID.tag];
    const declared = tsEl && tsEl.length > 0 ? meta.string(TAGS.TransferSyntaxUID.tag) : undefined;
    if (declared) {
      ts = declared.replace(/\0/g, '').trim();
      dataSet = guard(() =>
        dicomParser.parseDicom(bytes, { inflater: (arr: Uint8Array, pos: number) => inflateBounded(arr, pos, maxInflated) }),
      );
    } else {
      // PS3.10 7.1 makes (0002,0010) mandatory; pydicom (force) and dcmdump read such
      // files by guessing the encoding, so we do the same and say so.
      if (metaEnd >= bytes.length) {
        throw new DicomError(ErrorCode.MALFORMED, 'File Meta Information has no Transfer Syntax UID (0002,0010) and no dataset follows');
      }
      const sniff = sniffEncoding(bytes, metaEnd) ?? sniffAfterMeta(bytes, metaEnd);
      if (!sniff) throw new DicomError(ErrorCode.MALFORMED, 'File Meta Information has no Transfer Syntax UID (0002,0010) and the dataset encoding cannot be recognised');
      ts = sniff.ts;
      issues.add('TRANSFER_SYNTAX_GUESSED', 'warning', `File Meta Information lacks Transfer Syntax UID (0002,0010); dataset read as ${tsName(ts)}`);
      const body = bytes.subarray(metaEnd + sniff.offset);
      dataSet = guard(() => dicomParser.parseDicom(body, { TransferSyntaxUID: ts }));
    }
  } else {
    const sniff = sniffEncoding(bytes, 0);
    if (!sniff) throw new DicomError(ErrorCode.NOT_DICOM, 'not a DICOM file: no DICM prefix at byte 128 and no recognisable dataset at the start');
    ts = sniff.ts;
    if (sniff.metaGroup) issues.add('NO_PREAMBLE', 'info', 'no PS3.10 preamble/DICM prefix; File Meta Information read from byte 0');
    else issues.add('NO_FILE_META', 'info', `no PS3.10 preamble/File Meta Information; dataset read as ${tsName(ts)}`);
    if (sniff.offset > 0) issues.add('STRAY_LEADING_BYTES', 'warning', `dataset starts after ${sniff.offset} stray leading byte(s)`);
    const body = bytes.subarray(sniff.offset);
    if (sniff.metaGroup) {
      // Meta group without preamble: give dicom-parser the preamble it expects.
      const withPreamble = new Uint8Array(body.length + 132);
      withPreamble.set([0x44, 0x49, 0x43, 0x4d], 128);
      withPreamble.set(body, 132);
      const inner = parseInner(withPreamble, options);
      return { ...inner, hasPart10Header: false, issues: [...issues.toArray(), ...inner.issues] };
    }
    dataSet = guard(() => dicomParser.parseDicom(body, { TransferSyntaxUID: ts }));
  }
  if (dataSet.warnings && dataSet.warnings.length > 0) {
    issues.add('PARSER_WARNINGS', 'warning', `dicom-parser: ${dataSet.warnings.slice(0, 3).join('; ')}`);
  }
  checkDepth(dataSet, maxDepth);
  return { dataSet, transferSyntaxUid: ts, hasPart10Header: part10, issues: issues.toArray() };
}

/** End offset of the group 0002 elements (dicom-parser may read past them when (0002,0010) is missing). */
function endOfMetaGroup(meta: DataSet): number {
  let end = 132;
  for (const key in meta.elements) {
    const el = meta.elements[key];
    if (!el || !key.startsWith('x0002')) continue;
    end = Math.max(end, el.dataOffset + el.length);
  }
  return end;
}

function tsName(ts: string): string {
  if (ts === TS_IMPLICIT_LE) return 'Implicit VR Little Endian';
  if (ts === TS_EXPLICIT_BE) return 'Explicit VR Big Endian';
  return 'Explicit VR Little Endian';
}

interface Sniff { offset: number; ts: string; metaGroup: boolean }

/**
 * Recognise the start of a bare dataset at `start` (and up to 3 stray bytes later):
 * a small even group number (0002..0008) followed, for explicit VR, by a VR name.
 */
function sniffEncoding(bytes: Uint8Array, start: number): Sniff | null {
  for (let off = 0; off <= 3; off++) {
    const p = start + off;
    if (p + 8 > bytes.length) return null;
    const gLE = bytes[p]! | (bytes[p + 1]! << 8);
    const gBE = (bytes[p]! << 8) | bytes[p + 1]!;
    const vr = String.fromCharCode(bytes[p + 4]!, bytes[p + 5]!);
    const explicit = VRS.has(vr);
    const plausible = (g: number) => g >= 0x0002 && g <= 0x0010 && g % 2 === 0;
    if (plausible(gLE)) {
      if (gLE === 0x0002) return explicit ? { offset: off, ts: TS_EXPLICIT_LE, metaGroup: start === 0 } : null;
      return { offset: off, ts: explicit ? TS_EXPLICIT_LE : TS_IMPLICIT_LE, metaGroup: false };
    }
    if (plausible(gBE) && explicit) return { offset: off, ts: TS_EXPLICIT_BE, metaGroup: false };
    // Implicit VR with a private or unusual first group is not guessed.
  }
  return null;
}

/** After a meta group the dataset must start right there: decide explicit vs implicit LE by the VR bytes. */
function sniffAfterMeta(bytes: Uint8Array, start: number): Sniff | null {
  if (start + 8 > bytes.length) return null;
  const vr = String.fromCharCode(bytes[start + 4]!, bytes[start + 5]!);
  return { offset: 0, ts: VRS.has(vr) ? TS_EXPLICIT_LE : TS_IMPLICIT_LE, metaGroup: false };
}

/** Inflate raw DEFLATE data after `position`, refusing output beyond `max` bytes. */
function inflateBounded(arr: Uint8Array, position: number, max: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inf = new Inflate((chunk: Uint8Array) => {
    total += chunk.length;
    if (total > max) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `deflated dataset inflates beyond ${max} bytes`);
    chunks.push(chunk);
  });
  // fflate emits one output chunk per push: 1 KiB of input inflates to at most ~1 MiB (DEFLATE's
  // ratio is bounded by ~1032:1), so the cap is checked at least every ~1 MiB of output
  const step = 1 << 10;
  const end = arr.length;
  try {
    for (let p = position; p < end; p += step) inf.push(arr.subarray(p, Math.min(end, p + step)), p + step >= end);
    if (end <= position) inf.push(new Uint8Array(0), true);
  } catch (e) {
    if (e instanceof SpectError) throw e;
    throw new DicomError(ErrorCode.MALFORMED, `deflated dataset cannot be inflated: ${errText(e)}`, { cause: e });
  }
  const out = new Uint8Array(position + total);
  out.set(arr.subarray(0, position), 0);
  let o = position;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

function errText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'exception' in e) return errText((e as { exception: unknown }).exception);
  return String(e);
}

/** Run a dicom-parser call and translate whatever it throws into a typed error. */
function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw translate(e);
  }
}

function translate(e: unknown): SpectError {
  if (e instanceof SpectError) return e;
  const inner = e && typeof e === 'object' && 'exception' in e ? (e as { exception: unknown }).exception : e;
  if (inner instanceof SpectError) return inner;
  if (inner instanceof RangeError && /call stack/i.test(inner.message)) {
    return new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, 'DICOM sequences nested too deeply', { cause: inner });
  }
  const msg = errText(inner);
  if (/past end|overread|buffer overrun|greater than or equal to|end of buffer|beyond|not found at offset|readByteStream/i.test(msg)) {
    return new DicomError(ErrorCode.TRUNCATED, `DICOM data ends before an element does: ${msg}`, { cause: inner });
  }
  if (/no inflater|deflate/i.test(msg)) {
    return new DicomError(ErrorCode.UNSUPPORTED_TRANSFER_SYNTAX, msg, { cause: inner });
  }
  return new DicomError(ErrorCode.MALFORMED, `malformed DICOM: ${msg}`, { cause: inner });
}

/**
 * Refuse sequences nested deeper than `max` (walks with an explicit stack, bounded),
 * and elements whose value runs past the end of the bytes: dicom-parser checks
 * that for Explicit VR but not for Implicit VR (PS3.5 7.1.3), where a corrupt
 * length would otherwise surface later as a raw string thrown by a value accessor.
 */
function checkDepth(ds: DataSet, max: number): void {
  const stack: { ds: DataSet; depth: number }[] = [{ ds, depth: 0 }];
  let visited = 0;
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (++visited > 10_000_000) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, 'too many sequence items');
    const size = top.ds.byteArray.length;
    for (const key in top.ds.elements) {
      const el = top.ds.elements[key];
      // Undefined-length elements (sequences, encapsulated Pixel Data) end where dicom-parser found
      // their delimiter, within the bytes; elements it synthesises (a (0002,0010) given as an option) have no offset.
      if (el && !el.hadUndefinedLength && typeof el.dataOffset === 'number' && typeof el.length === 'number'
        && !(el.dataOffset >= 0 && el.length >= 0 && el.dataOffset + el.length <= size)) {
        throw new DicomError(ErrorCode.TRUNCATED, `element ${key} declares ${el.length} bytes at offset ${el.dataOffset}, past the end of the data (${size} bytes)`, {
          details: { tag: key, length: el.length, offset: el.dataOffset, size },
        });
      }
      if (!el || !el.items) continue;
      for (const item of el.items) {
        if (!item.dataSet) continue;
        if (top.depth + 1 > max) {
          throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `DICOM sequences nested deeper than ${max} levels`);
        }
        stack.push({ ds: item.dataSet, depth: top.depth + 1 });
      }
    }
  }
}
