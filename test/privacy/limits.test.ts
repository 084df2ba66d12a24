/**
 * Resource limits on untrusted files: every decompressor stops at the size
 * the image attributes declare (checked before allocation), and a bomb, a
 * huge frame count or matrix, or deeply nested sequences end in a typed error.
 */
import dicomParser from 'dicom-parser';
import { deflateSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isSpectError, ResourceLimitError } from '../../src/errors.js';
import { parseDicomBytes, readDicom } from '../../src/dicom/index.js';
import { decodePixelData, type PixelModule } from '../../src/dicom-pixels/index.js';
import { encodeDataset, is, ob, sq, str, us, wrapPart10, type Element } from '../../src/dicom-write/encoder.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { readNifti, writeNifti } from '../../src/nifti/index.js';
import { createVolume } from '../../src/volume/volume.js';

const TS_DEFLATED = '1.2.840.10008.1.2.1.99';
const TS_RLE = '1.2.840.10008.1.2.5';
const TS_J2K = '1.2.840.10008.1.2.4.90';
const TS_JLS = '1.2.840.10008.1.2.4.80';

/** Part 10 file: preamble, DICM, meta group (with group length) for `ts`, then `body` bytes as given. */
function part10(ts: string, body: Uint8Array): Uint8Array {
  return wrapPart10([
    ob(0x00020001, new Uint8Array([0, 1])),
    str(0x00020002, 'UI', '1.2.840.10008.5.1.4.1.1.20'),
    str(0x00020003, 'UI', '2.25.1'),
    str(0x00020010, 'UI', ts),
  ], body);
}

/** Encapsulated (7FE0,0010) with an empty Basic Offset Table and one fragment per frame (PS3.5 A.4). */
function encapsulated(frames: readonly Uint8Array[]): Uint8Array {
  const parts: number[] = [0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff];
  const item = (len: number) => [0xfe, 0xff, 0x00, 0xe0, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, (len >>> 24) & 0xff];
  parts.push(...item(0));
  for (const f of frames) {
    const padded = f.length & 1 ? [...f, 0] : [...f];
    parts.push(...item(padded.length), ...padded);
  }
  parts.push(0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0);
  return new Uint8Array(parts);
}

function pixelModule(rows: number, columns: number, frames: number): PixelModule {
  return {
    rows, columns, samplesPerPixel: 1, bitsAllocated: 16, bitsStored: 16, highBit: 15, pixelRepresentation: 0,
    photometricInterpretation: 'MONOCHROME2', planarConfiguration: 0, numberOfFrames: frames,
  };
}

/** dicom-parser DataSet of an image-pixel dataset with encapsulated frames. */
function encapsulatedDataSet(ts: string, rows: number, columns: number, frames: readonly Uint8Array[]): dicomParser.DataSet {
  const head = encodeDataset([us(0x00280010, rows), us(0x00280011, columns), us(0x00280100, 16), is(0x00280008, frames.length)]);
  const pix = encapsulated(frames);
  const body = new Uint8Array(head.length + pix.length);
  body.set(head);
  body.set(pix, head.length);
  return dicomParser.parseDicom(part10(ts, body));
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    if (typeof p === 'function') p();
    else await p;
  } catch (e) {
    if (!isSpectError(e)) throw e;
    return e.code;
  }
  return 'NO_ERROR';
}

const smallNm = () => {
  const data = new Float32Array(8 * 8 * 16).map((_, i) => i % 97);
  return writeNmMultiframe(createVolume({ data, dims: [8, 8, 16], affine: [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1] }), { style: 'siemens' });
};

describe('deflated datasets (PS3.5 A.5): inflated only up to maxInflatedBytes', () => {
  // 8 MiB of zeros in one OB element deflates to about 8 KiB: a 1000:1 bomb
  const body = encodeDataset([ob(0x00091010, new Uint8Array(8 * 1024 * 1024))]);
  const bomb = part10(TS_DEFLATED, deflateSync(body, { level: 9 }));

  it('is a real bomb (compressed size under 1/500 of the inflated size)', () => {
    expect(bomb.length * 500).toBeLessThan(body.length);
  });

  it('stops with RESOURCE_LIMIT at a 1 MiB cap', () => {
    let err: unknown;
    try { parseDicomBytes(bomb, { maxInflatedBytes: 1024 * 1024 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ResourceLimitError);
    expect((err as ResourceLimitError).code).toBe('RESOURCE_LIMIT');
  });

  it('inflates the same file under the default cap (1 GiB), so the cap is what stopped it', () => {
    const p = parseDicomBytes(bomb);
    expect(p.transferSyntaxUid).toBe(TS_DEFLATED);
    expect(p.dataSet.elements.x00091010?.length).toBe(8 * 1024 * 1024);
  });
});

describe('sequence nesting depth', () => {
  const nested = (depth: number): Element[] => {
    let inner: Element[] = [str(0x00080100, 'SH', 'X')];
    for (let d = 0; d < depth; d++) inner = [sq(0x00400260, [inner])];
    return inner;
  };
  const file = (depth: number) => part10('1.2.840.10008.1.2.1', encodeDataset([str(0x00080060, 'CS', 'NM'), ...nested(depth)]));

  it('20 nested levels > default 16: RESOURCE_LIMIT', async () => {
    expect(await codeOf(() => parseDicomBytes(file(20)))).toBe('RESOURCE_LIMIT');
  });
  it('5 levels pass by default, fail with maxSequenceDepth 3', async () => {
    expect(await codeOf(() => parseDicomBytes(file(5)))).toBe('NO_ERROR');
    expect(await codeOf(() => parseDicomBytes(file(5), { maxSequenceDepth: 3 }))).toBe('RESOURCE_LIMIT');
  });
});

describe('frame count and matrix against the memory cap (limits.maxBytes, default 2 GiB)', () => {
  it('Number of Frames 4e9 in a file: a typed error, no allocation', async () => {
    // rewrite the IS value of Number of Frames (0028,0008) of a real file: "16" -> "4000000000"
    const src = smallNm();
    const ds = dicomParser.parseDicom(src);
    const el = ds.elements.x00280008!;
    const before = src.subarray(0, el.dataOffset - 2);
    const after = src.subarray(el.dataOffset + el.length);
    const val = new TextEncoder().encode('4000000000');
    const bytes = new Uint8Array(before.length + 2 + val.length + after.length);
    bytes.set(before);
    bytes.set([val.length, 0], before.length);
    bytes.set(val, before.length + 2);
    bytes.set(after, before.length + 2 + val.length);
    expect(dicomParser.parseDicom(bytes).string('x00280008')).toBe('4000000000');
    const code = await codeOf(readDicom(bytes));
    expect(['INVALID_ATTRIBUTE', 'RESOURCE_LIMIT']).toContain(code);
  });

  it('decoder: 4e9 or 2^31-1 frames, or a 65535 x 65535 x 65535 matrix exceed the cap before allocation', async () => {
    const ds = dicomParser.parseDicom(smallNm());
    // 4e9 frames is beyond the attribute range the decoder accepts at all (typed, before allocation)
    expect(await codeOf(decodePixelData(ds, '1.2.840.10008.1.2.1', pixelModule(8, 8, 4e9)))).toBe('UNSUPPORTED_PIXEL_FORMAT');
    // 2^31 - 1 frames of 8 x 8 x 16 bits = 256 GiB: over the cap
    expect(await codeOf(decodePixelData(ds, '1.2.840.10008.1.2.1', pixelModule(8, 8, 2 ** 31 - 1)))).toBe('RESOURCE_LIMIT');
    expect(await codeOf(decodePixelData(ds, '1.2.840.10008.1.2.1', pixelModule(65535, 65535, 65535)))).toBe('RESOURCE_LIMIT');
  });

  it('the cap is configurable: 2048 bytes of pixels fail under limits.maxBytes = 1000, pass by default', async () => {
    const bytes = smallNm();
    expect(await codeOf(readDicom(bytes, { limits: { maxBytes: 1000 } }))).toBe('RESOURCE_LIMIT');
    const v = await readDicom(bytes);
    expect(v.dims).toEqual([8, 8, 16]);
  });
});

describe('compressed frames are decoded only up to the declared size', () => {
  it('RLE: segment offsets pointing past the frame', async () => {
    const f = new Uint8Array(64 + 16);
    const dv = new DataView(f.buffer);
    dv.setUint32(0, 2, true); // 2 segments (16-bit)
    dv.setUint32(4, 64, true);
    dv.setUint32(8, 0x7ffffff0, true); // claims 2 GiB of segment data
    const ds = encapsulatedDataSet(TS_RLE, 8, 8, [f]);
    expect(await codeOf(decodePixelData(ds, TS_RLE, pixelModule(8, 8, 1)))).toBe('DECODE_FAILED');
  });

  it('RLE: a segment that would expand beyond the frame is cut at Rows x Columns', async () => {
    // each segment: replicate runs of 128 bytes, 10 times (1280 > 64 pixels)
    const seg = new Uint8Array(20);
    for (let i = 0; i < 10; i++) { seg[2 * i] = 0x81; seg[2 * i + 1] = 7; }
    const f = new Uint8Array(64 + 2 * seg.length);
    const dv = new DataView(f.buffer);
    dv.setUint32(0, 2, true);
    dv.setUint32(4, 64, true);
    dv.setUint32(8, 64 + seg.length, true);
    f.set(seg, 64);
    f.set(seg, 64 + seg.length);
    const ds = encapsulatedDataSet(TS_RLE, 8, 8, [f]);
    const d = await decodePixelData(ds, TS_RLE, pixelModule(8, 8, 1));
    expect(d.values.length).toBe(64);
    expect(d.values[0]).toBe(0x0707);
    expect(d.issues?.map((i) => i.code)).toContain('RLE_SEGMENT_EXTRA_BYTES');
  });

  it('JPEG 2000: a SIZ header claiming 60000 x 60000 for an 8 x 8 image is refused before the codec', async () => {
    const siz = new Uint8Array(4 + 2 + 39);
    const dv = new DataView(siz.buffer);
    dv.setUint16(0, 0xff4f);
    dv.setUint16(2, 0xff51);
    dv.setUint16(4, 41); // Lsiz for one component
    dv.setUint32(8, 60000); // Xsiz
    dv.setUint32(12, 60000); // Ysiz
    dv.setUint32(24, 60000); // XTsiz
    dv.setUint32(28, 60000); // YTsiz
    dv.setUint16(40, 1); // Csiz
    siz[42] = 15; // Ssiz: unsigned 16-bit
    siz[43] = 1;
    siz[44] = 1;
    const cs = new Uint8Array([...siz, 0xff, 0xd9]);
    const ds = encapsulatedDataSet(TS_J2K, 8, 8, [cs]);
    expect(await codeOf(decodePixelData(ds, TS_J2K, pixelModule(8, 8, 1)))).toBe('DECODE_FAILED');
  });

  it('JPEG-LS: an SOF55 claiming 60000 x 60000 for an 8 x 8 image is refused before the codec', async () => {
    // SOI, SOF55 (T.87 C.2.2): Lf=11, P=16, Y=60000, X=60000, Nf=1, C1, H/V, Tq, then EOI
    const cs = new Uint8Array([0xff, 0xd8, 0xff, 0xf7, 0, 11, 16, 0xea, 0x60, 0xea, 0x60, 1, 1, 0x11, 0, 0xff, 0xd9]);
    const ds = encapsulatedDataSet(TS_JLS, 8, 8, [cs]);
    expect(await codeOf(decodePixelData(ds, TS_JLS, pixelModule(8, 8, 1)))).toBe('DECODE_FAILED');
  });
});

describe('NIfTI: maxBytes caps the inflated file and the output volume', () => {
  const small = () => writeNifti(createVolume({ data: new Float32Array(64 * 64 * 64), dims: [64, 64, 64], affine: [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1] }), { datatype: 'float32' });

  it('a gzip of 1 MiB of voxels fails under maxBytes 256 KiB, passes by default', async () => {
    const gz = gzipSync(small());
    expect(gz.length * 100).toBeLessThan(64 ** 3 * 4);
    expect(await codeOf(() => readNifti(gz, { maxBytes: 256 * 1024 }))).toBe('RESOURCE_LIMIT');
    expect(readNifti(gz).dims).toEqual([64, 64, 64]);
  });

  it('a header declaring 2000^3 float32 voxels (32 GB) is refused before allocation', async () => {
    const b = small();
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let d = 1; d <= 3; d++) dv.setInt16(40 + 2 * d, 2000, true);
    expect(await codeOf(() => readNifti(b))).toBe('RESOURCE_LIMIT');
    expect(await codeOf(() => readNifti(gzipSync(b)))).toBe('RESOURCE_LIMIT');
  });
});
