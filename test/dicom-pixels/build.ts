/**
 * Test helper: tiny synthetic dicom-parser DataSets built in memory (the
 * decoder only reads `byteArray` and `elements`), plus a reference PackBits /
 * RLE encoder written from PS3.5 Annex G for round trips.
 */
import type { DataSet, Fragment } from 'dicom-parser';
import type { PixelModule } from '../../src/dicom-pixels/index.js';

export function pm(over: Partial<PixelModule> = {}): PixelModule {
  return {
    rows: 2,
    columns: 3,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 16,
    highBit: 15,
    pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
    numberOfFrames: 1,
    ...over,
  };
}

/** Native element `tag` holding `bytes` (declared length may differ). */
export function nativeDataSet(bytes: Uint8Array, opts: { tag?: string; vr?: string; declared?: number; lead?: number } = {}): DataSet {
  const lead = opts.lead ?? 7; // odd offset: the decoder must not view the file buffer unaligned
  const buf = new Uint8Array(lead + bytes.length);
  buf.set(bytes, lead);
  const tag = opts.tag ?? 'x7fe00010';
  return {
    byteArray: buf,
    elements: { [tag]: { tag, vr: opts.vr, length: opts.declared ?? bytes.length, dataOffset: lead } },
  } as unknown as DataSet;
}

/** Encapsulated element: empty or given Basic Offset Table, one item per fragment, then the delimiter. */
export function encapsulatedDataSet(fragments: readonly Uint8Array[], opts: { bot?: number[]; delimiter?: boolean } = {}): DataSet {
  let total = 8; // BOT item header (value carried separately by dicom-parser)
  for (const f of fragments) total += 8 + f.length;
  const buf = new Uint8Array(total + 8);
  const frags: Fragment[] = [];
  let pos = 8;
  for (const f of fragments) {
    frags.push({ offset: pos - 8, position: pos + 8, length: f.length });
    buf.set(f, pos + 8);
    pos += 8 + f.length;
  }
  if (opts.delimiter !== false) buf.set([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0], pos);
  const bytes = opts.delimiter === false ? buf.subarray(0, pos) : buf;
  return {
    byteArray: bytes,
    elements: {
      x7fe00010: { tag: 'x7fe00010', vr: 'OB', length: 0xffffffff, dataOffset: 0, encapsulatedPixelData: true, hadUndefinedLength: true, basicOffsetTable: opts.bot ?? [], fragments: frags },
    },
  } as unknown as DataSet;
}

/** PackBits (PS3.5 G.3.1) with replicate runs for repeats of 3 or more, literal runs otherwise. */
export function packBits(src: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < src.length) {
    let r = 1;
    while (i + r < src.length && r < 128 && src[i + r] === src[i]) r++;
    if (r >= 3) {
      out.push(257 - r, src[i] as number);
      i += r;
      continue;
    }
    let j = i;
    const lit: number[] = [];
    while (j < src.length && lit.length < 128) {
      if (j + 2 < src.length && src[j] === src[j + 1] && src[j] === src[j + 2]) break;
      lit.push(src[j] as number);
      j++;
    }
    out.push(lit.length - 1, ...lit);
    i = j;
  }
  return out;
}

/** One RLE frame (PS3.5 G.2, G.4) of interleaved little-endian sample bytes. */
export function rleFrame(le: Uint8Array, pixels: number, samples: number, bytesPerSample: number): Uint8Array {
  const segs: number[][] = [];
  for (let s = 0; s < samples; s++) {
    for (let b = bytesPerSample - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let p = 0; p < pixels; p++) plane[p] = le[(p * samples + s) * bytesPerSample + b] as number;
      const seg = packBits(plane);
      if (seg.length % 2 === 1) seg.push(0x80); // pad with a no-op to an even length
      segs.push(seg);
    }
  }
  const total = 64 + segs.reduce((a, s) => a + s.length, 0);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, segs.length, true);
  let at = 64;
  segs.forEach((s, k) => {
    dv.setUint32(4 + 4 * k, at, true);
    out.set(s, at);
    at += s.length;
  });
  return out;
}

/** The error code a promise rejects with, or "no error". */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}
