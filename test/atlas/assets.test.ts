/**
 * The shipped atlas (src/atlas/assets): identical to a fresh generation by the
 * project's generator, and every damaged or stale copy refused with AtlasError.
 */
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinAtlas, mniGrid } from '../../src/atlas/index.js';
import { rasterizeAtlas } from '../../src/atlas/rasterize.js';
import { crc32Hex, decodeBase64, encodeBase64 } from '../../src/atlas/assets/bytes.js';
import { BUILTIN_ATLAS_2MM } from '../../src/atlas/assets/builtin-atlas-2mm.js';
import { ATLAS_ASSET_KIND } from '../../src/atlas/assets/catalog.js';
import { generatorFingerprint } from '../../src/atlas/assets/fingerprint.js';
import { decodeAsset, decodeTokens, encodeAsset, encodeTokens } from '../../src/atlas/assets/format.js';
import { assetBytes, shippedAtlasLabels } from '../../src/atlas/assets/shipped.js';
import { AtlasError } from '../../src/errors.js';
import { genAssets } from '../../scripts/gen-assets.js';

const grid2 = mniGrid(2);
const expect2 = { kind: ATLAS_ASSET_KIND, generator: generatorFingerprint(grid2) };
const shippedBytes = (): Uint8Array => assetBytes('test', BUILTIN_ATLAS_2MM);

/** The AtlasError `details.reason` of `f`, or 'no error'. */
function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AtlasError);
    expect((e as AtlasError).code).toBe('ATLAS_ERROR');
    return String((e as AtlasError).details?.reason);
  }
  return 'no error';
}

describe('shipped 2 mm atlas', () => {
  const fresh = rasterizeAtlas(grid2);

  it('decodes to exactly the labels the generator makes now', () => {
    const shipped = shippedAtlasLabels(grid2)!;
    expect(shipped).toBeInstanceOf(Int16Array);
    expect(shipped.length).toBe(91 * 109 * 91);
    expect(Buffer.from(shipped.buffer).equals(Buffer.from(fresh.buffer))).toBe(true);
    // and builtinAtlas() hands out that copy
    expect(Buffer.from(builtinAtlas().labels.buffer).equals(Buffer.from(fresh.buffer))).toBe(true);
  });

  it('the generated module in the tree is byte-identical to a fresh generation (npm run gen:assets)', async () => {
    expect(await genAssets(join(import.meta.dirname, '../..'), true)).toEqual([]);
  });

  it('header: grid, stored type, length, checksum and generator fingerprint', () => {
    const bytes = shippedBytes();
    const { header, voxels } = decodeAsset('test', bytes, expect2);
    expect(header.dims).toEqual([91, 109, 91]);
    expect(header.affine).toEqual(Array.from(grid2.affine));
    expect([header.dtype, header.encoding]).toEqual(['int16', 'runs-copies-leb128']);
    const runs = encodeTokens(fresh, 91, 109);
    expect(header.byteLength).toBe(runs.length);
    expect(header.crc32).toBe(crc32Hex(runs));
    expect(Buffer.from(bytes.subarray(bytes.length - runs.length)).equals(Buffer.from(runs))).toBe(true);
    expect(voxels.length).toBe(91 * 109 * 91);
    expect(header.generator).toMatch(/^g\d+-[0-9a-f]{8}$/);
  });

  it('other voxel sizes are not shipped (generated on demand)', () => {
    expect(shippedAtlasLabels(mniGrid(3))).toBeNull();
  });
});

describe('asset container', () => {
  const header = { kind: 'k', dims: [2, 2, 2] as const, affine: Array.from({ length: 16 }, (_, i) => i), generator: 'g' };
  const want = { kind: 'k', generator: 'g' };

  it('round-trips int16 voxels: negative values, > 255, the int16 extremes, long runs', () => {
    const labels = Int16Array.from([0, 1, -5, 300, 32767, -32768, 7, 7]);
    expect(Array.from(decodeAsset('t', encodeAsset(header, labels), want).voxels)).toEqual(Array.from(labels));
    const long = new Int16Array(300_000).fill(-2);
    long[0] = 3;
    long[299_999] = 50;
    const runs = encodeTokens(long, 1000, 300);
    // (3 x1) (-2 x299998: head 3 * 299998 = 899994 = 26 + 119 * 128 + 54 * 128^2) (50 x1)
    expect(Array.from(runs)).toEqual([3 * 1, 6, 0x80 | 26, 0x80 | 119, 54, 3, 3 * 1, 100]);
    expect(Buffer.from(decodeTokens(runs, new Int16Array(300_000), 1000, 300_000)!.buffer).equals(Buffer.from(long.buffer))).toBe(true);
  });

  it('row and slice copies: what they copy, including copies longer than their offset', () => {
    // 4 x 3 x 2 grid: rows repeat, the second slice repeats the first
    const row = [1, 2, 2, 5];
    const v = Int16Array.from([...row, ...row, ...row, ...row, ...row, ...row]);
    const t = encodeTokens(v, 4, 3);
    // (1 x1) (2 x2) (5 x1), then one row copy of the 20 voxels left (longer than its offset 4)
    expect(Array.from(t)).toEqual([3, 2, 6, 4, 3, 10, 3 * 20 + 1]);
    expect(Array.from(decodeTokens(t, new Int16Array(24), 4, 12)!)).toEqual(Array.from(v));
    // a slice copy: second slice = first slice, rows differ
    const w = Int16Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const tw = encodeTokens(w, 4, 3);
    expect(tw[tw.length - 1]).toBe(3 * 12 + 2);
    expect(Array.from(decodeTokens(tw, new Int16Array(24), 4, 12)!)).toEqual(Array.from(w));
    // random label volumes with structure round-trip
    let s = 12345;
    const rnd = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % 4;
    const r = new Int16Array(7 * 5 * 6);
    for (let i = 0; i < r.length; i++) r[i] = i >= 7 && rnd() === 0 ? r[i - 7]! : i >= 35 && rnd() === 1 ? r[i - 35]! : rnd() - 1;
    expect(Array.from(decodeTokens(encodeTokens(r, 7, 5), new Int16Array(r.length), 7, 35)!)).toEqual(Array.from(r));
  });

  it('tokens that do not cover the grid exactly, reach before the start or hold an impossible value are refused', () => {
    const runs = encodeTokens(Int16Array.from([1, 1, 2, 2]), 2, 1);
    expect(Array.from(decodeTokens(runs, new Int16Array(4), 2, 2)!)).toEqual([1, 1, 2, 2]);
    expect(decodeTokens(runs, new Int16Array(5), 2, 2)).toBeNull(); // too short
    expect(decodeTokens(runs, new Int16Array(3), 2, 2)).toBeNull(); // too long
    expect(decodeTokens(Uint8Array.from([0, 2]), new Int16Array(1), 1, 1)).toBeNull(); // zero-length run
    expect(decodeTokens(Uint8Array.from([3]), new Int16Array(1), 1, 1)).toBeNull(); // ends inside a token
    expect(decodeTokens(Uint8Array.from([3, 0x80, 0x80, 0x04]), new Int16Array(1), 1, 1)).toBeNull(); // 65536 > int16
    expect(decodeTokens(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, 2]), new Int16Array(1), 1, 1)).toBeNull(); // 5-byte head
    expect(decodeTokens(Uint8Array.from([3 * 2 + 1]), new Int16Array(2), 2, 2)).toBeNull(); // row copy at the start
    expect(decodeTokens(Uint8Array.from([3, 2, 3 * 3 + 2]), new Int16Array(4), 2, 2)).toBeNull(); // slice copy before the start
  });

  it('refuses damaged, foreign and stale assets with a typed reason', () => {
    const good = shippedBytes();
    const h = new DataView(good.buffer, good.byteOffset).getUint32(8, true);
    const edit = (f: (b: Uint8Array) => void): Uint8Array => {
      const b = good.slice();
      f(b);
      return b;
    };
    expect(reason(() => decodeAsset('t', good, expect2))).toBe('no error');
    expect(reason(() => decodeAsset('t', good.subarray(0, 8), expect2))).toBe('magic');
    expect(
      reason(() =>
        decodeAsset(
          't',
          edit((b) => {
            b[0] = 0x58;
          }),
          expect2,
        ),
      ),
    ).toBe('magic');
    expect(
      reason(() =>
        decodeAsset(
          't',
          edit((b) => {
            b[4] = 2;
          }),
          expect2,
        ),
      ),
    ).toBe('version');
    expect(
      reason(() =>
        decodeAsset(
          't',
          edit((b) => {
            b[10] = 0xff;
          }),
          expect2,
        ),
      ),
    ).toBe('header');
    expect(
      reason(() =>
        decodeAsset(
          't',
          edit((b) => {
            b[12] = 0x20;
            b[13] = 0x7b;
          }),
          expect2,
        ),
      ),
    ).toBe('header');
    // one payload bit flipped: the CRC-32 notices
    expect(
      reason(() =>
        decodeAsset(
          't',
          edit((b) => {
            b[12 + h + 2000] = b[12 + h + 2000]! ^ 0x10;
          }),
          expect2,
        ),
      ),
    ).toBe('checksum');
    expect(reason(() => decodeAsset('t', good.subarray(0, good.length - 100), expect2))).toBe('length');
    expect(reason(() => decodeAsset('t', good, { ...expect2, kind: 'other' }))).toBe('kind');
    expect(reason(() => decodeAsset('t', good, { ...expect2, generator: 'g1-00000000' }))).toBe('generator');
    // the shipped 2 mm asset is not the 3 mm grid (its fingerprint differs first)
    expect(reason(() => shippedAtlasLabels(mniGrid(3), BUILTIN_ATLAS_2MM))).toBe('generator');
    expect(reason(() => shippedAtlasLabels(grid2, ['QUJD*']))).toBe('base64');
  });

  it('a header whose grid the tokens do not fill, or an oversized grid, is refused', () => {
    const b = encodeAsset(header, Int16Array.from([0, 1, -5, 300, 32767, -32768, 7, 7]));
    const h = new DataView(b.buffer).getUint32(8, true);
    const json = new TextDecoder().decode(b.subarray(12, 12 + h));
    const withHeader = (text: string): Uint8Array => {
      const jb = new TextEncoder().encode(text);
      const out = new Uint8Array(12 + jb.length + b.length - 12 - h);
      out.set(b.subarray(0, 12));
      new DataView(out.buffer).setUint32(8, jb.length, true);
      out.set(jb, 12);
      out.set(b.subarray(12 + h), 12 + jb.length);
      return out;
    };
    expect(reason(() => decodeAsset('t', withHeader(json), want))).toBe('no error');
    expect(reason(() => decodeAsset('t', withHeader(json.replace('"dims":[2,2,2]', '"dims":[2,2,3]')), want))).toBe('tokens');
    expect(reason(() => decodeAsset('t', withHeader(json.replace('"dims":[2,2,2]', '"dims":[4096,4096,4096]')), want))).toBe('length');
    expect(reason(() => decodeAsset('t', withHeader(json.replace('"dtype":"int16"', '"dtype":"float32"')), want))).toBe('header');
  });
});

describe('byte helpers', () => {
  it('base64 agrees with Node Buffer both ways; non-canonical text is refused', () => {
    for (let n = 0; n < 12; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 31) & 255);
      const ref = Buffer.from(b).toString('base64');
      expect(encodeBase64(b)).toBe(ref);
      expect(Array.from(decodeBase64(ref)!)).toEqual(Array.from(b));
    }
    for (const bad of ['A', 'AB=', 'AB*=', 'A===', '====', 'AB=C']) expect(decodeBase64(bad)).toBeNull();
  });
  it('CRC-32 gives the standard check value', () => {
    expect(crc32Hex(new TextEncoder().encode('123456789'))).toBe('cbf43926');
    expect(crc32Hex(new Uint8Array(0))).toBe('00000000');
  });
});
