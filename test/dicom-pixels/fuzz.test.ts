/**
 * Property tests: corrupted inputs to the project's own decoders (RLE, JPEG
 * DCT, frame splitting, native) either decode or throw a PixelDataError with a
 * stable code; never another exception, never a hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePixelData } from '../../src/dicom-pixels/index.js';
import { decodeJpegDct } from '../../src/dicom-pixels/jpeg/decode.js';
import { PixelDataError } from '../../src/errors.js';
import { frameSplitter } from '../../src/dicom-pixels/fragments.js';
import { IssueList } from '../../src/issues.js';
import { describeShared } from '../helpers/shared-data.js';
import { encapsulatedDataSet, nativeDataSet, pm, rleFrame } from './build.js';
import { load } from './load.js';

const CODES = new Set(['NO_PIXEL_DATA', 'DECODE_FAILED', 'PIXEL_DATA_SIZE', 'UNSUPPORTED_TRANSFER_SYNTAX', 'UNSUPPORTED_PIXEL_FORMAT']);

function expectTypedOrOk(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PixelDataError);
    expect(CODES.has((e as PixelDataError).code)).toBe(true);
  }
}
async function expectTypedOrOkAsync(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PixelDataError);
    expect(CODES.has((e as PixelDataError).code)).toBe(true);
  }
}

/** Mutations: byte overwrites at arbitrary positions plus an optional cut. */
const mutation = (len: number) =>
  fc.record({
    edits: fc.array(fc.tuple(fc.nat({ max: len - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
    cut: fc.option(fc.nat({ max: len }), { nil: undefined }),
  });
function apply(src: Uint8Array, m: { edits: [number, number][]; cut: number | undefined }): Uint8Array {
  const b = src.slice();
  for (const [i, v] of m.edits) b[i] = v;
  return m.cut === undefined ? b : b.subarray(0, m.cut);
}

describe('fuzzed inputs give typed errors', () => {
  it('RLE frames', async () => {
    const vals = new Int16Array(64 * 3).map((_v, i) => (i % 7 === 0 ? 500 : i * 13 - 900));
    const frame = rleFrame(new Uint8Array(vals.buffer), 64, 3, 2);
    const p = pm({ rows: 8, columns: 8, samplesPerPixel: 3, pixelRepresentation: 1, photometricInterpretation: 'RGB' });
    await fc.assert(
      fc.asyncProperty(mutation(frame.length), async (m) => {
        await expectTypedOrOkAsync(decodePixelData(encapsulatedDataSet([apply(frame, m)]), '1.2.840.10008.1.2.5', p));
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('JPEG DCT codestreams (8-bit, made by libjpeg-turbo)', async () => {
    const mod = await import('@cornerstonejs/codec-libjpeg-turbo-8bit');
    type Enc = { getDecodedBuffer(i: object): Uint8Array; setQuality(q: number, p: boolean): void; setProgressive(p: boolean): void; encode(): void; getEncodedBuffer(): Uint8Array; delete(): void };
    const lib = (await mod.default({ print: () => undefined, printErr: () => undefined })) as { JPEGEncoder: new () => Enc };
    const enc = new lib.JPEGEncoder();
    const img = enc.getDecodedBuffer({ width: 24, height: 16, bitsPerSample: 8, componentCount: 3, isSigned: false });
    for (let i = 0; i < img.length; i++) img[i] = (i * 37) % 251;
    enc.setQuality(80, false);
    enc.setProgressive(false);
    enc.encode();
    const jpeg = enc.getEncodedBuffer().slice();
    enc.delete();
    expect(decodeJpegDct(jpeg).width).toBe(24);
    fc.assert(
      fc.property(mutation(jpeg.length), (m) => {
        expectTypedOrOk(() => decodeJpegDct(apply(jpeg, m)));
      }),
      { numRuns: 500, seed: 2 },
    );
  });

  it('fragment tables and native lengths', async () => {
    const f = rleFrame(new Uint8Array(12), 6, 1, 2);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: -5, max: 200 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 40 }),
        async (bot, frames, nativeLen) => {
          await expectTypedOrOkAsync(decodePixelData(encapsulatedDataSet([f, f, f], { bot }), '1.2.840.10008.1.2.5', pm({ numberOfFrames: frames })));
          await expectTypedOrOkAsync(decodePixelData(nativeDataSet(new Uint8Array(nativeLen)), '1.2.840.10008.1.2.1', pm({ numberOfFrames: frames })));
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});

describeShared('fuzzed 12-bit JPEG (NM1_JPLY frame)', () => {
  it('decodes or throws a typed error', () => {
    const { ds, pm: p } = load('dicom/nm/NM1_JPLY.dcm');
    const el = ds.elements['x7fe00010'];
    if (el === undefined) throw new Error('no pixel data');
    const frame = new Uint8Array(frameSplitter(ds, el, p.numberOfFrames, new IssueList())(0));
    fc.assert(
      fc.property(mutation(frame.length), (m) => {
        expectTypedOrOk(() => decodeJpegDct(apply(frame, m)));
      }),
      { numRuns: 60, seed: 4 },
    );
  });
});
