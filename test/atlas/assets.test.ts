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
import { decodeAsset, encodeAsset, int16ToPayload, payloadToInt16 } from '../../src/atlas/assets/format.js';
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
    const { header, payload } = decodeAsset('test', shippedBytes(), expect2);
    expect(header.dims).toEqual([91, 109, 91]);
    expect(header.affine).toEqual(Array.from(grid2.affine));
    expect(header.dtype).toBe('uint8');
    expect(header.byteLength).toBe(91 * 109 * 91);
    expect(header.crc32).toBe(crc32Hex(Uint8Array.from(fresh)));
    expect(payload.length).toBe(header.byteLength);
    expect(header.generator).toMatch(/^g\d+-[0-9a-f]{8}$/);
  });

  it('other voxel sizes are not shipped (generated on demand)', () => {
    expect(shippedAtlasLabels(mniGrid(3))).toBeNull();
  });
});

describe('asset container', () => {
  const labels = Int16Array.from([0, 1, -5, 300, 32767, -32768, 7, 0]);
  const header = { kind: 'k', dims: [2, 2, 2] as const, affine: Array.from({ length: 16 }, (_, i) => i), generator: 'g' };

  it('round-trips int16 labels (negative and > 255 values) and uint8 labels', () => {
    const p16 = int16ToPayload(labels);
    expect(p16.dtype).toBe('int16');
    const d16 = decodeAsset('t', encodeAsset({ ...header, dtype: p16.dtype }, p16.payload), { kind: 'k', generator: 'g' });
    expect(Array.from(payloadToInt16(d16.header, d16.payload))).toEqual(Array.from(labels));
    const small = Int16Array.from([0, 1, 2, 255, 0, 0, 9, 50]);
    const p8 = int16ToPayload(small);
    expect(p8.dtype).toBe('uint8');
    const d8 = decodeAsset('t', encodeAsset({ ...header, dtype: p8.dtype }, p8.payload), { kind: 'k', generator: 'g' });
    expect(Array.from(payloadToInt16(d8.header, d8.payload))).toEqual(Array.from(small));
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
    expect(reason(() => decodeAsset('t', edit((b) => { b[0] = 0x58; }), expect2))).toBe('magic');
    expect(reason(() => decodeAsset('t', edit((b) => { b[4] = 2; }), expect2))).toBe('version');
    expect(reason(() => decodeAsset('t', edit((b) => { b[10] = 0xff; }), expect2))).toBe('header');
    expect(reason(() => decodeAsset('t', edit((b) => { b[12] = 0x20; b[13] = 0x7b; }), expect2))).toBe('header');
    // a payload bit flipped: the inflater or the CRC-32 notices
    expect(['inflate', 'checksum', 'length']).toContain(reason(() => decodeAsset('t', edit((b) => { b[12 + h + 2000] = b[12 + h + 2000]! ^ 0x10; }), expect2)));
    expect(['inflate', 'length']).toContain(reason(() => decodeAsset('t', good.subarray(0, good.length - 100), expect2)));
    expect(reason(() => decodeAsset('t', good, { ...expect2, kind: 'other' }))).toBe('kind');
    expect(reason(() => decodeAsset('t', good, { ...expect2, generator: 'g1-00000000' }))).toBe('generator');
    // the shipped 2 mm asset is not the 3 mm grid (its fingerprint differs first)
    expect(reason(() => shippedAtlasLabels(mniGrid(3), BUILTIN_ATLAS_2MM))).toBe('generator');
    expect(reason(() => shippedAtlasLabels(grid2, ['QUJD*']))).toBe('base64');
  });

  it('a header whose length disagrees with dims x dtype is refused before allocating', () => {
    const p = int16ToPayload(labels);
    const b = encodeAsset({ ...header, dtype: p.dtype }, p.payload);
    const h = new DataView(b.buffer).getUint32(8, true);
    const json = new TextDecoder().decode(b.subarray(12, 12 + h));
    for (const bad of [json.replace('"byteLength":16', '"byteLength":17'), json.replace('"dims":[2,2,2]', '"dims":[4096,4096,4096]')]) {
      const jb = new TextEncoder().encode(bad);
      const out = new Uint8Array(12 + jb.length + b.length - 12 - h);
      out.set(b.subarray(0, 12));
      new DataView(out.buffer).setUint32(8, jb.length, true);
      out.set(jb, 12);
      out.set(b.subarray(12 + h), 12 + jb.length);
      expect(reason(() => decodeAsset('t', out, { kind: 'k', generator: 'g' }))).toBe('length');
    }
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
