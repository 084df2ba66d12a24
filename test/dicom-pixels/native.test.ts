/** Native pixel data built in memory: every bit depth, sign, byte order, planar colour and the size checks. */
import type { DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { decodePixelData } from '../../src/dicom-pixels/index.js';
import { nativeDataSet, pm, codeOf } from './build.js';

const EXPL = '1.2.840.10008.1.2.1';
const IMPL = '1.2.840.10008.1.2';
const BE = '1.2.840.10008.1.2.2';

function le16(vals: number[]): Uint8Array {
  const b = new Uint8Array(vals.length * 2);
  const dv = new DataView(b.buffer);
  vals.forEach((v, i) => dv.setUint16(i * 2, v & 0xffff, true));
  return b;
}

describe('native integer pixel data', () => {
  it.each([
    // [label, module overrides, raw 16-bit words, expected values, array type]
    ['uint16 full', {}, [0, 1, 65535, 4096, 300, 7], [0, 1, 65535, 4096, 300, 7], 'Uint16Array'],
    ['int16 full', { pixelRepresentation: 1 as const }, [0, 1, 65535, 32768, 32767, 7], [0, 1, -1, -32768, 32767, 7], 'Int16Array'],
    // 12 of 16 bits: high bits masked (PS3.5 8.1.1), sign extended at bit 11
    ['uint16 stored 12', { bitsStored: 12, highBit: 11 }, [0xf123, 0x0fff, 0x1000, 5, 0, 1], [0x123, 4095, 0, 5, 0, 1], 'Uint16Array'],
    ['int16 stored 12', { bitsStored: 12, highBit: 11, pixelRepresentation: 1 as const }, [0x0fff, 0x0800, 0x07ff, 0xf001, 0, 2], [-1, -2048, 2047, 1, 0, 2], 'Int16Array'],
    // high bit not at Bits Stored - 1: take bits 4..15
    ['uint16 stored 12 high bit 15', { bitsStored: 12, highBit: 15 }, [0xfff0, 0x0010, 0x000f, 0x1230, 0, 0], [4095, 1, 0, 0x123, 0, 0], 'Uint16Array'],
  ])('%s', async (_l, over, raw, expected, type) => {
    for (const ts of [EXPL, IMPL, '1.2.840.10008.1.2.1.99']) {
      const d = await decodePixelData(nativeDataSet(le16(raw)), ts, pm(over));
      expect(d.values.constructor.name).toBe(type);
      expect(Array.from(d.values)).toEqual(expected);
      expect(d.lossy).toBe(false);
      expect(d.issues).toEqual([]);
    }
  });

  it('8-bit signed and unsigned', async () => {
    const raw = Uint8Array.from([0, 1, 127, 128, 255, 9]);
    expect(Array.from((await decodePixelData(nativeDataSet(raw), EXPL, pm({ bitsAllocated: 8, bitsStored: 8, highBit: 7 }))).values)).toEqual([0, 1, 127, 128, 255, 9]);
    const s = await decodePixelData(nativeDataSet(raw), EXPL, pm({ bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 1 }));
    expect(s.values).toBeInstanceOf(Int8Array);
    expect(Array.from(s.values)).toEqual([0, 1, 127, -128, -1, 9]);
  });

  it('32-bit signed and unsigned, little and big endian', async () => {
    const vals = [0, 1, -1, 2147483647, -2147483648, 123456789];
    const le = new Uint8Array(24);
    const be = new Uint8Array(24);
    vals.forEach((v, i) => {
      new DataView(le.buffer).setInt32(i * 4, v, true);
      new DataView(be.buffer).setInt32(i * 4, v, false);
    });
    const p = pm({ bitsAllocated: 32, bitsStored: 32, highBit: 31, pixelRepresentation: 1 });
    expect(Array.from((await decodePixelData(nativeDataSet(le), EXPL, p)).values)).toEqual(vals);
    expect(Array.from((await decodePixelData(nativeDataSet(be, { vr: 'OL' }), BE, p)).values)).toEqual(vals);
    const u = await decodePixelData(nativeDataSet(le), EXPL, pm({ bitsAllocated: 32, bitsStored: 32, highBit: 31 }));
    expect(Array.from(u.values)).toEqual(vals.map((v) => v >>> 0));
  });

  it('big endian 16-bit is byte-swapped; 8-bit in OW is swapped per 16-bit word', async () => {
    const be = Uint8Array.from([0x01, 0x02, 0xff, 0xfe, 0, 5, 0x80, 0, 0, 0, 0x12, 0x34]);
    const d = await decodePixelData(nativeDataSet(be, { vr: 'OW' }), BE, pm({ pixelRepresentation: 1 }));
    expect(Array.from(d.values)).toEqual([0x0102, -2, 5, -32768, 0, 0x1234]);
    const ow8 = Uint8Array.from([2, 1, 4, 3, 6, 5]);
    const e = await decodePixelData(nativeDataSet(ow8, { vr: 'OW' }), BE, pm({ bitsAllocated: 8, bitsStored: 8, highBit: 7 }));
    expect(Array.from(e.values)).toEqual([1, 2, 3, 4, 5, 6]);
    const ob8 = await decodePixelData(nativeDataSet(ow8, { vr: 'OB' }), BE, pm({ bitsAllocated: 8, bitsStored: 8, highBit: 7 }));
    expect(Array.from(ob8.values)).toEqual([2, 1, 4, 3, 6, 5]);
  });

  it('a Node Buffer as byteArray (odd offset) is copied, never modified in place', async () => {
    const file = Buffer.from([9, 0x01, 0x02, 0xff, 0xfe, 0, 5, 0x80, 0, 0, 0, 0x12, 0x34]);
    const ds = { byteArray: file, elements: { x7fe00010: { tag: 'x7fe00010', vr: 'OW', length: 12, dataOffset: 1 } } } as unknown as DataSet;
    const d = await decodePixelData(ds, BE, pm({ pixelRepresentation: 1 }));
    expect(Array.from(d.values)).toEqual([0x0102, -2, 5, -32768, 0, 0x1234]);
    expect(Array.from(file)).toEqual([9, 0x01, 0x02, 0xff, 0xfe, 0, 5, 0x80, 0, 0, 0, 0x12, 0x34]);
  });

  it('planar RGB (Planar Configuration 1) becomes interleaved, frame by frame', async () => {
    // 2 frames of 1x2 pixels: frame0 R=[1,2] G=[3,4] B=[5,6]; frame1 R=[7,8] G=[9,10] B=[11,12]
    const raw = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const p = pm({ rows: 1, columns: 2, samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'RGB', planarConfiguration: 1, numberOfFrames: 2 });
    const d = await decodePixelData(nativeDataSet(raw), EXPL, p);
    expect(Array.from(d.values)).toEqual([1, 3, 5, 2, 4, 6, 7, 9, 11, 8, 10, 12]);
    expect(d.photometricInterpretation).toBe('RGB');
    const i = await decodePixelData(nativeDataSet(raw), EXPL, { ...p, planarConfiguration: 0 });
    expect(Array.from(i.values)).toEqual(Array.from(raw));
  });

  it('Float Pixel Data (7FE0,0008) and Double Float Pixel Data (7FE0,0009), both byte orders', async () => {
    const vals = [0, 1.5, -2.25, 1e-3, 3.0e10, -0];
    const f32 = new Uint8Array(24);
    const f32be = new Uint8Array(24);
    const f64 = new Uint8Array(48);
    vals.forEach((v, k) => {
      new DataView(f32.buffer).setFloat32(k * 4, v, true);
      new DataView(f32be.buffer).setFloat32(k * 4, v, false);
      new DataView(f64.buffer).setFloat64(k * 8, v, true);
    });
    const p = pm({ bitsAllocated: 32, bitsStored: 0, highBit: 0 });
    const a = await decodePixelData(nativeDataSet(f32, { tag: 'x7fe00008', vr: 'OF' }), EXPL, p);
    expect(a.values).toBeInstanceOf(Float32Array);
    expect(Array.from(a.values)).toEqual(vals.map((v) => Math.fround(v)));
    const b = await decodePixelData(nativeDataSet(f32be, { tag: 'x7fe00008', vr: 'OF' }), BE, p);
    expect(Array.from(b.values)).toEqual(vals.map((v) => Math.fround(v)));
    const c = await decodePixelData(nativeDataSet(f64, { tag: 'x7fe00009', vr: 'OD' }), EXPL, pm({ bitsAllocated: 64, bitsStored: 0, highBit: 0 }));
    expect(c.values).toBeInstanceOf(Float64Array);
    expect(Array.from(c.values)).toEqual(vals);
  });

  it('extra bytes are ignored with an issue; a single odd pad byte is silent', async () => {
    const raw = Uint8Array.from([1, 2, 3, 4, 5, 6, 0]);
    const p = pm({ bitsAllocated: 8, bitsStored: 8, highBit: 7 });
    const d = await decodePixelData(nativeDataSet(raw), EXPL, p);
    expect(Array.from(d.values)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.issues).toEqual([]);
    const e = await decodePixelData(nativeDataSet(new Uint8Array(20)), EXPL, p);
    expect(e.issues?.map((i) => i.code)).toEqual(['PIXEL_DATA_EXTRA_BYTES']);
  });
});

describe('native pixel data errors', () => {
  it.each([
    ['short data', nativeDataSet(new Uint8Array(11)), EXPL, pm(), 'PIXEL_DATA_SIZE'],
    ['declared length past the end of the file', nativeDataSet(new Uint8Array(8), { declared: 12 }), EXPL, pm(), 'PIXEL_DATA_SIZE'],
    ['bits allocated 1', nativeDataSet(new Uint8Array(12)), EXPL, pm({ bitsAllocated: 1, bitsStored: 1, highBit: 0 }), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['bits allocated 12', nativeDataSet(new Uint8Array(12)), EXPL, pm({ bitsAllocated: 12, bitsStored: 12, highBit: 11 }), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['bits stored > allocated', nativeDataSet(new Uint8Array(12)), EXPL, pm({ bitsStored: 17, highBit: 16 }), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['2 samples per pixel', nativeDataSet(new Uint8Array(24)), EXPL, pm({ samplesPerPixel: 2 }), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['zero rows', nativeDataSet(new Uint8Array(12)), EXPL, pm({ rows: 0 }), 'UNSUPPORTED_PIXEL_FORMAT'],
    ['no pixel data', nativeDataSet(new Uint8Array(12), { tag: 'x00100010' }), EXPL, pm(), 'NO_PIXEL_DATA'],
    ['unknown transfer syntax', nativeDataSet(new Uint8Array(12)), '1.2.3.4', pm(), 'UNSUPPORTED_TRANSFER_SYNTAX'],
    ['MPEG-4', nativeDataSet(new Uint8Array(12)), '1.2.840.10008.1.2.4.102', pm(), 'UNSUPPORTED_TRANSFER_SYNTAX'],
    ['JPEG XL', nativeDataSet(new Uint8Array(12)), '1.2.840.10008.1.2.4.110', pm(), 'UNSUPPORTED_TRANSFER_SYNTAX'],
    ['native data under a compressed syntax', nativeDataSet(new Uint8Array(12)), '1.2.840.10008.1.2.5', pm(), 'DECODE_FAILED'],
    ['native YBR_FULL_422', nativeDataSet(new Uint8Array(36)), EXPL, pm({ samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'YBR_FULL_422' }), 'UNSUPPORTED_PIXEL_FORMAT'],
  ])('%s -> %s', async (_l, ds, ts, p, code) => {
    expect(await codeOf(decodePixelData(ds, ts, p))).toBe(code);
  });

  it('names the unsupported syntax in the message', async () => {
    await expect(decodePixelData(nativeDataSet(new Uint8Array(12)), '1.2.840.10008.1.2.4.100', pm())).rejects.toThrow(/MPEG2 Main Profile/u);
  });

  it('checks the size limit before allocating (RESOURCE_LIMIT, even with no data)', async () => {
    const huge = pm({ rows: 65535, columns: 65535, numberOfFrames: 1000 });
    expect(await codeOf(decodePixelData(nativeDataSet(new Uint8Array(2)), EXPL, huge))).toBe('RESOURCE_LIMIT');
    expect(await codeOf(decodePixelData(nativeDataSet(new Uint8Array(12)), EXPL, pm(), { maxBytes: 11 }))).toBe('RESOURCE_LIMIT');
    expect(await codeOf(decodePixelData(nativeDataSet(new Uint8Array(12)), EXPL, pm(), { maxBytes: 12 }))).toBe('no error');
  });
});
