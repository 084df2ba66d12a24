/** RLE Lossless (PS3.5 Annex G) with frames built in memory: round trips and every guard. */
import { describe, expect, it } from 'vitest';
import { decodePixelData } from '../../src/dicom-pixels/index.js';
import { decodeRleFrame } from '../../src/dicom-pixels/rle.js';
import { IssueList } from '../../src/issues.js';
import { encapsulatedDataSet, packBits, pm, rleFrame, codeOf } from './build.js';

const RLE = '1.2.840.10008.1.2.5';

function decodeOne(frame: Uint8Array, pixels: number, samples = 1, bps = 1): Uint8Array {
  const out = new Uint8Array(pixels * samples * bps);
  decodeRleFrame(frame, out, 0, pixels, samples, bps, new IssueList());
  return out;
}

describe('PackBits segments (G.3.1)', () => {
  it('literal, replicate and no-op runs', () => {
    // header: 1 segment at 64; segment: literal 3 [1,2,3], no-op, replicate 4 x 9, literal 1 [7]
    const f = new Uint8Array(64 + 9);
    new DataView(f.buffer).setUint32(0, 1, true);
    new DataView(f.buffer).setUint32(4, 64, true);
    f.set([2, 1, 2, 3, 0x80, 253, 9, 0, 7], 64);
    expect(Array.from(decodeOne(f, 8))).toEqual([1, 2, 3, 9, 9, 9, 9, 7]);
  });
  it('a replicate run longer than the frame is clipped, not written past it', () => {
    const f = new Uint8Array(66);
    new DataView(f.buffer).setUint32(0, 1, true);
    new DataView(f.buffer).setUint32(4, 64, true);
    f.set([129, 5], 64); // 128 x 5
    const out = new Uint8Array(10).fill(0xee);
    decodeRleFrame(f, out, 2, 4, 1, 1, new IssueList());
    expect(Array.from(out)).toEqual([0xee, 0xee, 5, 5, 5, 5, 0xee, 0xee, 0xee, 0xee]);
  });
});

describe('RLE round trips through decodePixelData', () => {
  it('16-bit signed, 2 frames, with Basic Offset Table', async () => {
    const vals = [0, -1, 1000, -32768, 32767, 5, 5, 5, 5, 5, 5, 12];
    const le = new Uint8Array(new Int16Array(vals).buffer);
    const f0 = rleFrame(le.subarray(0, 12), 6, 1, 2);
    const f1 = rleFrame(le.subarray(12), 6, 1, 2);
    const ds = encapsulatedDataSet([f0, f1], { bot: [0, f0.length + 8] });
    const d = await decodePixelData(ds, RLE, pm({ pixelRepresentation: 1, numberOfFrames: 2 }));
    expect(Array.from(d.values)).toEqual(vals);
    // same without offset table: one fragment per frame
    const e = await decodePixelData(encapsulatedDataSet([f0, f1]), RLE, pm({ pixelRepresentation: 1, numberOfFrames: 2 }));
    expect(Array.from(e.values)).toEqual(vals);
  });
  it('RGB 8-bit: segments per sample, output interleaved; 12 of 16 bits sign-extended', async () => {
    const rgb = Uint8Array.from([10, 20, 30, 11, 21, 31, 12, 22, 32, 13, 23, 33, 14, 24, 34, 15, 25, 35]);
    const p = pm({ samplesPerPixel: 3, bitsAllocated: 8, bitsStored: 8, highBit: 7, photometricInterpretation: 'RGB' });
    const d = await decodePixelData(encapsulatedDataSet([rleFrame(rgb, 6, 3, 1)]), RLE, p);
    expect(Array.from(d.values)).toEqual(Array.from(rgb));
    const words = new Uint8Array(new Uint16Array([0x0fff, 0x0800, 0x07ff, 0xf001, 0, 2]).buffer);
    const s = await decodePixelData(encapsulatedDataSet([rleFrame(words, 6, 1, 2)]), RLE, pm({ bitsStored: 12, highBit: 11, pixelRepresentation: 1 }));
    expect(Array.from(s.values)).toEqual([-1, -2048, 2047, 1, 0, 2]);
  });
});

describe('RLE guards (DECODE_FAILED, never a write past the frame)', () => {
  const good = rleFrame(new Uint8Array(new Uint16Array([1, 2, 3, 4, 5, 6]).buffer), 6, 1, 2);
  const edit = (f: (b: Uint8Array, dv: DataView) => void): Uint8Array => {
    const b = good.slice();
    f(b, new DataView(b.buffer));
    return b;
  };
  it.each([
    ['header shorter than 64 bytes', good.subarray(0, 40)],
    ['segment count differs from samples x bytes', edit((_b, dv) => dv.setUint32(0, 1, true))],
    ['segment count 0', edit((_b, dv) => dv.setUint32(0, 0, true))],
    ['offset inside the header', edit((_b, dv) => dv.setUint32(4, 10, true))],
    ['offset past the end', edit((b, dv) => dv.setUint32(8, b.length + 100, true))],
    ['offsets not increasing', edit((_b, dv) => dv.setUint32(8, 64, true))],
    ['segment too short', good.subarray(0, good.length - 3)],
    ['literal run overruns its segment', edit((b, dv) => b.set([127], dv.getUint32(8, true)))],
  ])('%s', async (_l, frame) => {
    expect(await codeOf(decodePixelData(encapsulatedDataSet([frame]), RLE, pm()))).toBe('DECODE_FAILED');
  });
  it('the valid frame decodes', async () => {
    expect(Array.from((await decodePixelData(encapsulatedDataSet([good]), RLE, pm())).values)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('packBits helper round trip sanity', () => {
    const src = Uint8Array.from([1, 1, 1, 1, 2, 3, 4, 4, 4, 5]);
    const seg = packBits(src);
    const f = new Uint8Array(64 + seg.length);
    new DataView(f.buffer).setUint32(0, 1, true);
    new DataView(f.buffer).setUint32(4, 64, true);
    f.set(seg, 64);
    expect(Array.from(decodeOne(f, src.length))).toEqual(Array.from(src));
  });
});

describe('encapsulated frame splitting', () => {
  const p2 = pm({ numberOfFrames: 2 });
  const f = rleFrame(new Uint8Array(12), 6, 1, 2);
  it.each([
    ['Basic Offset Table with the wrong number of entries', encapsulatedDataSet([f, f], { bot: [0] }), 'PIXEL_DATA_SIZE'],
    ['Basic Offset Table not pointing at a fragment', encapsulatedDataSet([f, f], { bot: [0, 5] }), 'PIXEL_DATA_SIZE'],
    ['Basic Offset Table not increasing', encapsulatedDataSet([f, f], { bot: [0, 0] }), 'PIXEL_DATA_SIZE'],
    ['fewer frames than Number of Frames', encapsulatedDataSet([f]), 'PIXEL_DATA_SIZE'],
    ['no sequence delimiter (truncated file)', encapsulatedDataSet([f, f], { delimiter: false }), 'PIXEL_DATA_SIZE'],
  ])('%s -> %s', async (_l, ds, code) => {
    expect(await codeOf(decodePixelData(ds, RLE, p2))).toBe(code);
  });
  it('a fragment running past the buffer -> PIXEL_DATA_SIZE', async () => {
    const ds = encapsulatedDataSet([f]);
    const el = ds.elements['x7fe00010'];
    (el?.fragments?.[0] as { length: number }).length = 1e6;
    expect(await codeOf(decodePixelData(ds, RLE, pm()))).toBe('PIXEL_DATA_SIZE');
  });
});
