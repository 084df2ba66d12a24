/**
 * Split encapsulated pixel data (PS3.5 A.4) into one byte string per frame.
 *
 * The dataset reader (dicom-parser) has already walked the items: it gives the
 * Basic Offset Table (first item) and the fragments with their position in the
 * file and their offset from the first fragment's item tag. Frames are found,
 * in order of preference, from:
 *  1. the Extended Offset Table (7FE0,0001)/(7FE0,0002) (PS3.3 C.7.6.3.1.8),
 *  2. a Basic Offset Table with one entry per frame (PS3.5 A.4),
 *  3. one frame: all fragments together,
 *  4. as many fragments as frames: one fragment per frame,
 *  5. otherwise the fragments that start a codestream (JPEG SOI FFD8, J2K SOC
 *     FF4F / JP2 signature box) start a new frame.
 * Everything is bounded by the buffer; inconsistent tables give typed errors.
 */
import type { DataSet, Element, Fragment } from 'dicom-parser';
import { PixelDataError, ErrorCode } from '../errors.js';
import type { IssueList } from '../issues.js';
import { TAGS } from '../dicom-base/tags.js';

function fail(message: string, details?: Record<string, unknown>): never {
  throw new PixelDataError(ErrorCode.PIXEL_DATA_SIZE, message, details === undefined ? {} : { details });
}

/** Check every fragment lies inside the buffer. */
function checkedFragments(bytes: Uint8Array, el: Element): readonly Fragment[] {
  const frags = el.fragments ?? [];
  if (frags.length === 0) fail('encapsulated pixel data holds no fragment');
  // PS3.5 A.4: the item sequence ends with a Sequence Delimitation Item (FFFE,E0DD).
  // Without it the file was cut and more fragments may be missing.
  const last = frags[frags.length - 1]!;
  const end = last.position + last.length;
  const le = bytes[end] === 0xfe && bytes[end + 1] === 0xff && bytes[end + 2] === 0xdd && bytes[end + 3] === 0xe0;
  const be = bytes[end] === 0xff && bytes[end + 1] === 0xfe && bytes[end + 2] === 0xe0 && bytes[end + 3] === 0xdd;
  if (!le && !be) {
    fail('encapsulated pixel data ends without its sequence delimiter: the file is truncated');
  }
  for (const f of frags) {
    if (!(f.position >= 0 && f.length >= 0 && f.position + f.length <= bytes.length)) {
      fail(`pixel data fragment at byte ${String(f.position)} (length ${String(f.length)}) runs past the end of the file (${String(bytes.length)} bytes): truncated data`);
    }
  }
  return frags;
}

function concat(bytes: Uint8Array, frags: readonly Fragment[]): Uint8Array {
  if (frags.length === 1) {
    const f = frags[0]!;
    return bytes.subarray(f.position, f.position + f.length);
  }
  let total = 0;
  for (const f of frags) total += f.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of frags) {
    out.set(bytes.subarray(f.position, f.position + f.length), at);
    at += f.length;
  }
  return out;
}

function startsCodestream(bytes: Uint8Array, f: Fragment): boolean {
  const p = f.position;
  if (f.length < 2) return false;
  const a = bytes[p]!;
  const b = bytes[p + 1]!;
  if (a === 0xff && (b === 0xd8 || b === 0x4f)) return true; // JPEG SOI, J2K SOC
  // JP2 signature box: 0000000C 6A502020
  return f.length >= 8 && a === 0 && b === 0 && bytes[p + 2] === 0 && bytes[p + 3] === 0x0c && bytes[p + 4] === 0x6a && bytes[p + 5] === 0x50;
}

/** Group fragments by frame starting offsets (offsets relative to the first fragment's item tag). */
function groupByOffsets(frags: readonly Fragment[], offsets: readonly number[], what: string): Fragment[][] {
  const groups: Fragment[][] = [];
  for (let i = 0; i < offsets.length; i++) {
    const start = offsets[i]!;
    const end = i + 1 < offsets.length ? offsets[i + 1]! : Infinity;
    if (!(end > start)) fail(`${what} is not strictly increasing at frame ${String(i)}`);
    const g = frags.filter((f) => f.offset >= start && f.offset < end);
    if (g.length === 0 || g[0]!.offset !== start) fail(`${what} entry ${String(i)} (${String(start)}) does not point at a fragment`);
    groups.push(g);
  }
  return groups;
}

function readExtendedOffsets(ds: DataSet, frames: number): number[] | undefined {
  const eot = ds.elements[TAGS.ExtendedOffsetTable.tag];
  if (eot === undefined || eot.length === 0) return undefined;
  if (eot.length !== frames * 8 || eot.dataOffset + eot.length > ds.byteArray.length) return undefined;
  const dv = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + eot.dataOffset, eot.length);
  const out: number[] = [];
  for (let i = 0; i < frames; i++) out.push(Number(dv.getBigUint64(i * 8, true)));
  return out;
}

/**
 * Return a function giving the encapsulated bytes of frame `i` (0-based).
 * @throws PixelDataError PIXEL_DATA_SIZE when the fragments cannot be matched to the frames
 */
export function frameSplitter(ds: DataSet, el: Element, frames: number, issues: IssueList): (i: number) => Uint8Array {
  const bytes = ds.byteArray;
  const frags = checkedFragments(bytes, el);
  let groups: Fragment[][];
  const eot = readExtendedOffsets(ds, frames);
  const bot = el.basicOffsetTable ?? [];
  if (eot !== undefined) {
    groups = groupByOffsets(frags, eot, 'Extended Offset Table');
  } else if (bot.length > 0) {
    if (bot.length !== frames) fail(`Basic Offset Table has ${String(bot.length)} entries for ${String(frames)} frames`);
    groups = groupByOffsets(frags, bot, 'Basic Offset Table');
  } else if (frames === 1) {
    groups = [frags.slice()];
  } else if (frags.length === frames) {
    groups = frags.map((f) => [f]);
  } else {
    groups = [];
    for (const f of frags) {
      const last = groups[groups.length - 1];
      if (last === undefined || startsCodestream(bytes, f)) groups.push([f]);
      else last.push(f);
    }
    if (groups.length !== frames) {
      fail(`found ${String(groups.length)} codestreams in ${String(frags.length)} fragments for ${String(frames)} frames (no offset table)`);
    }
    issues.add('FRAMES_FROM_CODESTREAM_MARKERS', 'info', 'frames split at codestream start markers (no offset table)');
  }
  if (groups.length < frames) fail(`only ${String(groups.length)} frames of ${String(frames)} are present`);
  return (i: number): Uint8Array => {
    const g = groups[i];
    if (g === undefined) fail(`frame ${String(i)} is missing`);
    return concat(bytes, g);
  };
}
