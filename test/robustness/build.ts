/**
 * Minimal Explicit VR Little Endian writer for hostile test inputs (PS3.5 7.1.2,
 * PS3.10 7.1). Unlike a real writer it lets a test write anything: wrong VRs,
 * any length field, undefined-length sequences with or without delimiters
 * (PS3.5 7.5), raw bytes.
 */
export type Raw = { readonly raw: Uint8Array };
export interface Elem {
  readonly tag: number;
  readonly vr: string;
  /** string (padded to even length), numbers (by VR), bytes, or items of a sequence. */
  readonly value: string | readonly number[] | Uint8Array | readonly (readonly Part[])[];
  /** Write 0xFFFFFFFF (undefined length) and item/sequence delimiters (unless `noDelimiters`). */
  readonly undefinedLength?: boolean;
  readonly noDelimiters?: boolean;
  /** Override the length field (for lengths past the buffer). */
  readonly length?: number;
}
export type Part = Elem | Raw;

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

class Out {
  private buf = new Uint8Array(1024);
  len = 0;
  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
  }
  u8(v: number): void { this.grow(1); this.buf[this.len++] = v & 0xff; }
  u16(v: number): void { this.u8(v); this.u8(v >>> 8); }
  u32(v: number): void { this.u16(v & 0xffff); this.u16((v >>> 16) & 0xffff); }
  bytes(b: Uint8Array): void { this.grow(b.length); this.buf.set(b, this.len); this.len += b.length; }
  result(): Uint8Array { return this.buf.slice(0, this.len); }
}

function numbers(vr: string, nums: readonly number[]): Uint8Array {
  const size: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4, OF: 4, OD: 8, OW: 2 };
  const s = size[vr];
  if (s === undefined) throw new Error(`numbers given for VR ${vr}`);
  const b = new Uint8Array(nums.length * s);
  const dv = new DataView(b.buffer);
  nums.forEach((n, i) => {
    switch (vr) {
      case 'US': case 'OW': dv.setUint16(i * 2, n, true); break;
      case 'SS': dv.setInt16(i * 2, n, true); break;
      case 'UL': dv.setUint32(i * 4, n >>> 0, true); break;
      case 'SL': dv.setInt32(i * 4, n, true); break;
      case 'FL': case 'OF': dv.setFloat32(i * 4, n, true); break;
      case 'FD': case 'OD': dv.setFloat64(i * 8, n, true); break;
      case 'AT': dv.setUint16(i * 4, n >>> 16, true); dv.setUint16(i * 4 + 2, n & 0xffff, true); break;
    }
  });
  return b;
}

function writeParts(o: Out, parts: readonly Part[]): void {
  for (const p of parts) {
    if ('raw' in p) { o.bytes(p.raw); continue; }
    o.u16(p.tag >>> 16); o.u16(p.tag & 0xffff);
    o.u8(p.vr.charCodeAt(0)); o.u8(p.vr.charCodeAt(1));
    const v = p.value;
    if (p.vr === 'SQ') {
      const items = v as readonly (readonly Part[])[];
      const body = new Out();
      for (const item of items) {
        const ib = new Out();
        writeParts(ib, item);
        body.u16(0xfffe); body.u16(0xe000);
        if (p.undefinedLength) {
          body.u32(0xffffffff); body.bytes(ib.result());
          if (!p.noDelimiters) { body.u16(0xfffe); body.u16(0xe00d); body.u32(0); }
        } else { body.u32(ib.len); body.bytes(ib.result()); }
      }
      if (p.undefinedLength && !p.noDelimiters) { body.u16(0xfffe); body.u16(0xe0dd); body.u32(0); }
      o.u16(0); o.u32(p.length ?? (p.undefinedLength ? 0xffffffff : body.len));
      o.bytes(body.result());
      continue;
    }
    let b: Uint8Array;
    if (typeof v === 'string') {
      const s = v.length % 2 ? v + (p.vr === 'UI' ? '\0' : ' ') : v;
      b = Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
    } else if (v instanceof Uint8Array) {
      b = v;
    } else {
      b = numbers(p.vr, v as readonly number[]);
    }
    if (LONG.has(p.vr)) { o.u16(0); o.u32(p.length ?? b.length); } else { o.u16(p.length ?? b.length); }
    o.bytes(b);
  }
}

/** Dataset bytes (no preamble, no meta). Elements are written in the order given. */
export function dataset(parts: readonly Part[]): Uint8Array {
  const o = new Out();
  writeParts(o, parts);
  return o.result();
}

/** A PS3.10 file: 128-byte preamble, "DICM", File Meta Information (PS3.10 7.1), then the dataset. */
export function part10(parts: readonly Part[], sopClass = '1.2.840.10008.5.1.4.1.1.20', ts = '1.2.840.10008.1.2.1'): Uint8Array {
  const meta = dataset([
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.from([0, 1]) },
    { tag: 0x00020002, vr: 'UI', value: sopClass },
    { tag: 0x00020003, vr: 'UI', value: '1.2.826.0.1.3680043.10.999.1' },
    { tag: 0x00020010, vr: 'UI', value: ts },
    { tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.10.999' },
  ]);
  const gl = dataset([{ tag: 0x00020000, vr: 'UL', value: [meta.length] }]);
  const body = dataset(parts);
  const out = new Uint8Array(132 + gl.length + meta.length + body.length);
  out.set([0x44, 0x49, 0x43, 0x4d], 128);
  out.set(gl, 132);
  out.set(meta, 132 + gl.length);
  out.set(body, 132 + gl.length + meta.length);
  return out;
}

export interface NmSpec {
  readonly rows?: number;
  readonly cols?: number;
  readonly frames?: number;
  /** Number of Frames as written (default String(frames)). */
  readonly numberOfFrames?: string;
  readonly imageType?: string;
  readonly iop?: string;
  readonly ipp?: string;
  readonly pixelSpacing?: string;
  readonly spacing?: string;
  /** Replace the pixel data element (default uint16 ramp in (7FE0,0010)). */
  readonly pixelData?: Elem | null;
  readonly bitsAllocated?: number;
  /** Tags to leave out. */
  readonly omit?: readonly number[];
  /** Elements added (or replacing same-tag elements). */
  readonly extra?: readonly Elem[];
  /** Transfer Syntax UID written in the meta (the dataset stays Explicit VR LE). */
  readonly transferSyntax?: string;
}

/** An NM RECON TOMO multi-frame object (PS3.3 A.5, C.8.4.9), small and valid unless told otherwise. */
export function nmFile(s: NmSpec = {}): Uint8Array {
  const rows = s.rows ?? 4, cols = s.cols ?? 4, frames = s.frames ?? 3;
  const ba = s.bitsAllocated ?? 16;
  const n = rows * cols * frames;
  const px: Elem = s.pixelData === undefined || s.pixelData === null
    ? { tag: 0x7fe00010, vr: 'OW', value: Array.from({ length: n }, (_, i) => 100 + (i % 97)) }
    : s.pixelData;
  const els: Elem[] = [
    { tag: 0x00080008, vr: 'CS', value: s.imageType ?? 'ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION' },
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.20' },
    { tag: 0x00080018, vr: 'UI', value: '1.2.826.0.1.3680043.10.999.1' },
    { tag: 0x00080060, vr: 'CS', value: 'NM' },
    { tag: 0x00180088, vr: 'DS', value: s.spacing ?? '3.5' },
    { tag: 0x0020000e, vr: 'UI', value: '1.2.826.0.1.3680043.10.999.2' },
    { tag: 0x00200032, vr: 'DS', value: s.ipp ?? '-10\\-20\\30' },
    { tag: 0x00200037, vr: 'DS', value: s.iop ?? '1\\0\\0\\0\\1\\0' },
    { tag: 0x00280002, vr: 'US', value: [1] },
    { tag: 0x00280004, vr: 'CS', value: 'MONOCHROME2' },
    { tag: 0x00280008, vr: 'IS', value: s.numberOfFrames ?? String(frames) },
    { tag: 0x00280009, vr: 'AT', value: [0x00540080] },
    { tag: 0x00280010, vr: 'US', value: [rows] },
    { tag: 0x00280011, vr: 'US', value: [cols] },
    { tag: 0x00280030, vr: 'DS', value: s.pixelSpacing ?? '3.5\\3.5' },
    { tag: 0x00280100, vr: 'US', value: [ba] },
    { tag: 0x00280101, vr: 'US', value: [ba] },
    { tag: 0x00280102, vr: 'US', value: [ba - 1] },
    { tag: 0x00280103, vr: 'US', value: [0] },
    { tag: 0x00540080, vr: 'US', value: Array.from({ length: frames }, (_, i) => i + 1) },
    { tag: 0x00540081, vr: 'US', value: [frames] },
    px,
  ];
  const byTag = new Map<number, Elem>();
  for (const e of [...els, ...(s.extra ?? [])]) byTag.set(e.tag, e);
  for (const t of s.omit ?? []) byTag.delete(t);
  if (s.pixelData === null) byTag.delete(0x7fe00010);
  const sorted = [...byTag.values()].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  return part10(sorted, undefined, s.transferSyntax);
}

/**
 * Bytes of `depth` sequences (0054,0016) nested one inside the other, each of
 * undefined length with one undefined-length item (PS3.5 7.5.2), written without
 * recursion so any depth can be built. `delimiters` false leaves every item and
 * sequence open (no (FFFE,E00D)/(FFFE,E0DD)): a stream that never ends.
 */
export function deepSequence(depth: number, delimiters = true): Raw {
  const open = [0x54, 0x00, 0x16, 0x00, 0x53, 0x51, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff];
  const leaf = [0x18, 0x00, 0x31, 0x00, 0x4c, 0x4f, 2, 0, 0x78, 0x20];
  const close = [0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0];
  const out = new Uint8Array(depth * open.length + leaf.length + (delimiters ? depth * close.length : 0));
  let o = 0;
  for (let d = 0; d < depth; d++) { out.set(open, o); o += open.length; }
  out.set(leaf, o); o += leaf.length;
  if (delimiters) for (let d = 0; d < depth; d++) { out.set(close, o); o += close.length; }
  return { raw: out };
}
