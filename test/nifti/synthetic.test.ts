/**
 * NIfTI reader on files built here byte by byte (layout from nifti1.h / nifti2.h).
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readNifti, readNiftiHeader, readNiftiLabels } from '../../src/nifti/index.js';

interface Spec {
  version?: 1 | 2;
  little?: boolean;
  dim?: number[]; // dim[0..7]
  pixdim?: number[];
  datatype?: number;
  bitpix?: number;
  voxOffset?: number;
  slope?: number;
  inter?: number;
  qformCode?: number;
  sformCode?: number;
  quatern?: [number, number, number];
  qoffset?: [number, number, number];
  srow?: number[][];
  magic?: string;
  ext?: Uint8Array; // bytes after the header, before vox_offset (flag bytes included)
  xyztUnits?: number;
  values?: number[]; // written with `write`
  write?: (v: DataView, off: number, x: number, little: boolean) => void;
  bytesPer?: number;
  extraBytes?: number;
}

const W = {
  u8: (v: DataView, o: number, x: number) => v.setUint8(o, x),
  i16: (v: DataView, o: number, x: number, le: boolean) => v.setInt16(o, x, le),
  f32: (v: DataView, o: number, x: number, le: boolean) => v.setFloat32(o, x, le),
  i32: (v: DataView, o: number, x: number, le: boolean) => v.setInt32(o, x, le),
};

/** Build a NIfTI-1 or NIfTI-2 single file. */
function build(s: Spec): Uint8Array {
  const version = s.version ?? 1;
  const le = s.little ?? true;
  const hdr = version === 1 ? 348 : 540;
  const dim = s.dim ?? [3, 2, 3, 4, 1, 1, 1, 1];
  const pixdim = s.pixdim ?? [1, 2, 2, 2, 0, 0, 0, 0];
  const values = s.values ?? [];
  const bytesPer = s.bytesPer ?? 2;
  const voxOffset = s.voxOffset ?? hdr + 4;
  const out = new Uint8Array(Math.max(voxOffset, hdr + 4) + values.length * bytesPer + (s.extraBytes ?? 0));
  const v = new DataView(out.buffer);
  v.setInt32(0, hdr, le);
  const magic = s.magic ?? (version === 1 ? 'n+1' : 'n+2');
  const srow = s.srow ?? [[2, 0, 0, -10], [0, 2, 0, -20], [0, 0, 2, -30]];
  const q = s.quatern ?? [0, 0, 0];
  const qo = s.qoffset ?? [0, 0, 0];
  if (version === 1) {
    for (let i = 0; i < 8; i++) { v.setInt16(40 + 2 * i, dim[i] ?? 1, le); v.setFloat32(76 + 4 * i, pixdim[i] ?? 0, le); }
    v.setInt16(70, s.datatype ?? 4, le); v.setInt16(72, s.bitpix ?? 16, le);
    v.setFloat32(108, voxOffset, le); v.setFloat32(112, s.slope ?? 1, le); v.setFloat32(116, s.inter ?? 0, le);
    out[123] = s.xyztUnits ?? 2;
    v.setInt16(252, s.qformCode ?? 0, le); v.setInt16(254, s.sformCode ?? 2, le);
    for (let i = 0; i < 3; i++) { v.setFloat32(256 + 4 * i, q[i]!, le); v.setFloat32(268 + 4 * i, qo[i]!, le); }
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat32(280 + 16 * r + 4 * c, srow[r]![c]!, le);
    for (let i = 0; i < magic.length; i++) out[344 + i] = magic.charCodeAt(i);
  } else {
    for (let i = 0; i < magic.length; i++) out[4 + i] = magic.charCodeAt(i);
    out.set([0x0d, 0x0a, 0x1a, 0x0a], 8);
    v.setInt16(12, s.datatype ?? 4, le); v.setInt16(14, s.bitpix ?? 16, le);
    for (let i = 0; i < 8; i++) { v.setBigInt64(16 + 8 * i, BigInt(dim[i] ?? 1), le); v.setFloat64(104 + 8 * i, pixdim[i] ?? 0, le); }
    v.setBigInt64(168, BigInt(voxOffset), le); v.setFloat64(176, s.slope ?? 1, le); v.setFloat64(184, s.inter ?? 0, le);
    v.setInt32(344, s.qformCode ?? 0, le); v.setInt32(348, s.sformCode ?? 2, le);
    for (let i = 0; i < 3; i++) { v.setFloat64(352 + 8 * i, q[i]!, le); v.setFloat64(376 + 8 * i, qo[i]!, le); }
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) v.setFloat64(400 + 32 * r + 8 * c, srow[r]![c]!, le);
    v.setInt32(500, s.xyztUnits ?? 2, le);
  }
  if (s.ext) out.set(s.ext, hdr);
  const write = s.write ?? W.i16;
  for (let i = 0; i < values.length; i++) write(v, voxOffset + i * bytesPer, values[i]!, le);
  return out;
}

const ramp = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { return (e as { code?: string }).code ?? (e as Error).name; }
  return 'no error';
}

describe('NIfTI reader, built files', () => {
  it('NIfTI-1 little-endian int16 with sform', () => {
    const vals = ramp(24, (i) => i * 7 - 50);
    const v = readNifti(build({ values: vals }));
    expect(Array.from(v.data)).toEqual(vals);
    expect(v.dims).toEqual([2, 3, 4]);
    expect(Array.from(v.affine)).toEqual([2, 0, 0, -10, 0, 2, 0, -20, 0, 0, 2, -30, 0, 0, 0, 1]);
    expect(v.spacing).toEqual([2, 2, 2]);
    expect(v.metadata.totalCounts).toBe(vals.reduce((a, b) => a + b, 0));
    expect(v.metadata.extra.niftiVersion).toBe(1);
  });

  it('NIfTI-2, both byte orders, float32 and int32', () => {
    const vals = ramp(24, (i) => i * 0.5 - 3.25);
    for (const little of [true, false]) {
      const v = readNifti(build({ version: 2, little, datatype: 16, bitpix: 32, bytesPer: 4, write: W.f32, values: vals }));
      expect(Array.from(v.data)).toEqual(vals);
      expect(v.metadata.extra.niftiVersion).toBe(2);
      expect(v.metadata.extra.byteOrder).toBe(little ? 'little' : 'big');
      expect(v.affine[3]).toBe(-10);
      const h = readNiftiHeader(build({ version: 2, little, datatype: 8, bitpix: 32, bytesPer: 4, write: W.i32, values: ramp(24, (i) => 100000 * i) }));
      expect(h.version).toBe(2);
      expect(h.voxOffset).toBe(544);
    }
    const v = readNifti(build({ version: 2, little: false, datatype: 8, bitpix: 32, bytesPer: 4, write: W.i32, values: ramp(24, (i) => 100000 * i - 7) }));
    expect(v.data[23]).toBe(2299993);
  });

  it('big-endian NIfTI-1 int16 with scl_slope/scl_inter', () => {
    const v = readNifti(build({ little: false, slope: 0.5, inter: -1, values: ramp(24) }));
    expect(Array.from(v.data)).toEqual(ramp(24, (i) => i * 0.5 - 1));
    expect(v.metadata.totalCounts).toBe(ramp(24, (i) => i * 0.5 - 1).reduce((a, b) => a + b, 0));
  });

  it('scl_slope 0 or NaN means no scaling (nifti1.h)', () => {
    for (const slope of [0, NaN, Infinity]) {
      const v = readNifti(build({ slope, inter: 100, values: ramp(24) }));
      expect(Array.from(v.data)).toEqual(ramp(24));
    }
  });

  it('qform only: quaternion, pixdim and qfac = -1', () => {
    // 90 degrees about z: a = d = sqrt(1/2); R = [[0,-1,0],[1,0,0],[0,0,1]]
    const d = Math.SQRT1_2;
    const v = readNifti(build({ sformCode: 0, qformCode: 1, quatern: [0, 0, d], qoffset: [5, 6, 7], pixdim: [-1, 2, 3, 4, 0, 0, 0, 0], values: ramp(24) }));
    const want = [0, -3, 0, 5, 2, 0, 0, 6, 0, 0, -4, 7, 0, 0, 0, 1];
    for (let i = 0; i < 16; i++) expect(v.affine[i]).toBeCloseTo(want[i]!, 6);
    expect(v.metadata.extra.affineSource).toBe('qform');
    expect(v.spacing.map((x) => Number(x.toFixed(6)))).toEqual([2, 3, 4]);
  });

  it('sform wins over qform when both are set', () => {
    const v = readNifti(build({ sformCode: 4, qformCode: 1, quatern: [0, 0, 1], values: ramp(24) }));
    expect(v.metadata.extra.affineSource).toBe('sform');
    expect(v.affine[0]).toBe(2);
  });

  it('no transform: pixdim scaling (method 1) with a warning', () => {
    const v = readNifti(build({ sformCode: 0, qformCode: 0, pixdim: [1, 1.5, 2.5, 3.5, 0, 0, 0, 0], values: ramp(24) }));
    expect(Array.from(v.affine)).toEqual([1.5, 0, 0, 0, 0, 2.5, 0, 0, 0, 0, 3.5, 0, 0, 0, 0, 1]);
    expect(v.issues.map((i) => i.code)).toContain('NIFTI_NO_TRANSFORM');
  });

  it('singular sform falls back to a valid qform with a warning', () => {
    const v = readNifti(build({ sformCode: 2, srow: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], qformCode: 1, values: ramp(24) }));
    expect(v.metadata.extra.affineSource).toBe('qform');
    expect(v.issues.map((i) => i.code)).toContain('NIFTI_SFORM_INVALID');
  });

  it('zero or NaN pixdim where it is needed -> INVALID_NIFTI', () => {
    expect(code(() => readNifti(build({ sformCode: 0, qformCode: 1, pixdim: [1, 0, 2, 2], values: ramp(24) })))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(build({ sformCode: 0, qformCode: 0, pixdim: [1, NaN, 2, 2], values: ramp(24) })))).toBe('INVALID_NIFTI');
    // with a valid sform pixdim does not matter
    expect(readNifti(build({ pixdim: [1, 0, 0, 0], values: ramp(24) })).spacing).toEqual([2, 2, 2]);
  });

  it('metres are converted to mm', () => {
    const v = readNifti(build({ xyztUnits: 1, srow: [[0.002, 0, 0, 0], [0, 0.002, 0, 0], [0, 0, 0.002, 0.1]], values: ramp(24) }));
    expect(v.affine[0]).toBeCloseTo(2, 5);
    expect(v.affine[11]).toBeCloseTo(100, 4);
    expect(v.issues.map((i) => i.code)).toContain('NIFTI_SPATIAL_UNITS');
  });

  it('.nii.gz and readNiftiHeader on gzip', () => {
    const raw = build({ values: ramp(24) });
    const gz = gzipSync(raw);
    const v = readNifti(gz);
    expect(Array.from(v.data)).toEqual(ramp(24));
    expect(v.metadata.extra.gzip).toBe(true);
    expect(readNiftiHeader(gz).dim).toEqual([3, 2, 3, 4, 1, 1, 1, 1]);
    // multi-member gzip (RFC 1952 section 2.2), split inside the header
    const a = gzipSync(raw.subarray(0, 100)), b = gzipSync(raw.subarray(100));
    const cat = new Uint8Array(a.length + b.length);
    cat.set(a); cat.set(b, a.length);
    expect(Array.from(readNifti(cat).data)).toEqual(ramp(24));
  });

  it('4-D: first volume with an info issue, or options.frame', () => {
    const vals = ramp(24 * 3, (i) => Math.floor(i / 24) * 100 + (i % 24));
    const f = build({ dim: [4, 2, 3, 4, 3, 1, 1, 1], values: vals });
    const v0 = readNifti(f);
    expect(Array.from(v0.data)).toEqual(ramp(24));
    expect(v0.issues.map((i) => i.code)).toContain('NIFTI_MULTI_VOLUME');
    const v2 = readNifti(f, { frame: 2 });
    expect(Array.from(v2.data)).toEqual(ramp(24, (i) => 200 + i));
    expect(() => readNifti(f, { frame: 3 })).toThrow(RangeError);
    expect(() => readNifti(gzipSync(f), { frame: -1 })).toThrow(RangeError);
    expect(Array.from(readNifti(gzipSync(f), { frame: 1 }).data)).toEqual(ramp(24, (i) => 100 + i));
  });

  it('vox_offset is honoured; the gap is not an extension when the flag is 0', () => {
    const gap = new Uint8Array(4 + 60).fill(0x41); // text in the gap, like the MRIcroGL AAL
    gap[0] = 0; gap[1] = 0; gap[2] = 0; gap[3] = 0;
    const v = readNifti(build({ voxOffset: 416, ext: gap, values: ramp(24) }));
    expect(Array.from(v.data)).toEqual(ramp(24));
    expect(readNiftiHeader(build({ voxOffset: 416, ext: gap, values: ramp(24) })).extensions).toEqual([]);
  });

  it('extensions are listed when the flag is set, bounded by vox_offset', () => {
    const ext = new Uint8Array(4 + 32 + 16);
    const dv = new DataView(ext.buffer);
    ext[0] = 1;
    dv.setInt32(4, 32, true); dv.setInt32(8, 6, true);
    dv.setInt32(36, 1 << 30, true); dv.setInt32(40, 4, true); // runs past vox_offset: walk stops
    const f = build({ voxOffset: 400, ext, values: ramp(24) });
    expect(readNiftiHeader(f).extensions).toEqual([{ code: 6, offset: 360, length: 24 }]);
    expect(Array.from(readNifti(f).data)).toEqual(ramp(24));
  });

  it('datatypes: uint8, int8, uint16, uint32, int64, uint64, float64', () => {
    const cases: [number, number, number, (v: DataView, o: number, x: number, le: boolean) => void, number[]][] = [
      [2, 8, 1, W.u8, [0, 255, 7]],
      [256, 8, 1, (v, o, x) => v.setInt8(o, x), [-128, 127, -1]],
      [512, 16, 2, (v, o, x, le) => v.setUint16(o, x, le), [0, 65535, 40000]],
      [768, 32, 4, (v, o, x, le) => v.setUint32(o, x, le), [0, 4294967295, 3000000000]],
      [1024, 64, 8, (v, o, x, le) => v.setBigInt64(o, BigInt(x), le), [-5, 2 ** 40, -(2 ** 35)]],
      [1280, 64, 8, (v, o, x, le) => v.setBigUint64(o, BigInt(x), le), [0, 2 ** 50, 12345]],
      [64, 64, 8, (v, o, x, le) => v.setFloat64(o, x, le), [0.25, -1e10, 3.5]],
    ];
    for (const [datatype, bitpix, bytesPer, write, vals] of cases) {
      for (const little of [true, false]) {
        const v = readNifti(build({ little, dim: [3, 3, 1, 1, 1, 1, 1, 1], datatype, bitpix, bytesPer, write, values: vals }));
        expect(Array.from(v.data), `datatype ${datatype}`).toEqual(vals.map((x) => Math.fround(x)));
        expect(v.metadata.totalCounts).toBe(vals.reduce((a, b) => a + b, 0));
      }
    }
  });

  it('int64 beyond 2^53 is rounded with a warning', () => {
    const v = readNifti(build({ dim: [3, 1, 1, 1, 1, 1, 1, 1], datatype: 1024, bitpix: 64, bytesPer: 8, values: [0],
      write: (dv, o, _x, le) => dv.setBigInt64(o, 2n ** 60n + 1n, le) }));
    expect(v.data[0]).toBe(2 ** 60);
    expect(v.issues.map((i) => i.code)).toContain('NIFTI_INT64_PRECISION');
  });

  it('NaN voxels become 0 with a warning', () => {
    const v = readNifti(build({ datatype: 16, bitpix: 32, bytesPer: 4, write: W.f32, values: ramp(24, (i) => (i === 3 ? NaN : i)) }));
    expect(v.data[3]).toBe(0);
    expect(v.issues.map((i) => i.code)).toContain('NIFTI_NONFINITE_VOXELS');
    expect(Number.isFinite(v.metadata.totalCounts)).toBe(true);
    const big = readNifti(build({ dim: [3, 2, 1, 1, 1, 1, 1, 1], datatype: 64, bitpix: 64, bytesPer: 8, values: [1e300, 5],
      write: (dv, o, x, le) => dv.setFloat64(o, x, le) }));
    expect(Array.from(big.data)).toEqual([0, 5]);
    expect(big.issues.map((i) => i.code)).toContain('NIFTI_NONFINITE_VOXELS');
  });

  it('RGB and complex -> UNSUPPORTED_PIXEL_FORMAT; unknown code -> INVALID_NIFTI', () => {
    expect(code(() => readNifti(build({ datatype: 128, bitpix: 24, values: ramp(24) })))).toBe('UNSUPPORTED_PIXEL_FORMAT');
    expect(code(() => readNifti(build({ datatype: 32, bitpix: 64, values: ramp(24) })))).toBe('UNSUPPORTED_PIXEL_FORMAT');
    expect(code(() => readNifti(build({ datatype: 3, values: ramp(24) })))).toBe('INVALID_NIFTI');
  });

  it('bad magic, pair files, not NIfTI, short files', () => {
    expect(code(() => readNifti(build({ magic: 'xx1', values: ramp(24) })))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(build({ magic: 'ni1', values: ramp(24) })))).toBe('UNSUPPORTED_FORMAT');
    expect(code(() => readNifti(build({ version: 2, magic: 'ni2', values: ramp(24) })))).toBe('UNSUPPORTED_FORMAT');
    expect(code(() => readNifti(new Uint8Array(1000).fill(7)))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(new Uint8Array(0)))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(build({ values: ramp(24) }).subarray(0, 200)))).toBe('TRUNCATED');
  });

  it('bad dims and vox_offset -> INVALID_NIFTI', () => {
    expect(code(() => readNifti(build({ dim: [3, 2, 0, 4, 1, 1, 1, 1], values: ramp(24) })))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(build({ dim: [3, 2, -3, 4, 1, 1, 1, 1], values: ramp(24) })))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(build({ dim: [9, 2, 3, 4, 1, 1, 1, 1], values: ramp(24) })))).toBe('INVALID_NIFTI');
    expect(code(() => readNifti(build({ voxOffset: 0, values: ramp(24) })))).toBe('INVALID_NIFTI');
  });

  it('truncated data -> TRUNCATED (plain and gzip)', () => {
    const f = build({ values: ramp(24) });
    expect(code(() => readNifti(f.subarray(0, f.length - 1)))).toBe('TRUNCATED');
    expect(code(() => readNifti(gzipSync(f.subarray(0, f.length - 1))))).toBe('TRUNCATED');
    const gz = gzipSync(f);
    expect(code(() => readNifti(gz.subarray(0, gz.length - 12)))).toBe('TRUNCATED');
    const bad = gz.slice(); bad[20] = bad[20]! ^ 0xff; bad[21] = bad[21]! ^ 0xff;
    expect(['MALFORMED', 'TRUNCATED', 'INVALID_NIFTI']).toContain(code(() => readNifti(bad)));
  });

  it('huge declared dims in a tiny file fail fast without allocating', () => {
    expect(code(() => readNifti(build({ dim: [3, 32767, 32767, 32767, 1, 1, 1, 1], values: ramp(24) })))).toBe('RESOURCE_LIMIT');
    // 400^3 float32 = 256 MB, just under the 256 MiB default cap: the size check against the file decides
    expect(code(() => readNifti(build({ dim: [3, 400, 400, 400, 1, 1, 1, 1], values: ramp(24) })))).toBe('TRUNCATED');
    expect(code(() => readNifti(build({ dim: [3, 500, 500, 500, 1, 1, 1, 1], values: ramp(24) })))).toBe('RESOURCE_LIMIT');
    expect(code(() => readNifti(build({ version: 2, dim: [3, 2 ** 40, 2 ** 12, 1, 1, 1, 1, 1], values: ramp(24) })))).toBe('RESOURCE_LIMIT');
    expect(code(() => readNifti(gzipSync(build({ dim: [7, 1000, 1000, 1000, 1000, 1, 1, 1], values: ramp(24) }))))).toBe('RESOURCE_LIMIT');
  });

  it('a gzip bomb is stopped by maxBytes before inflating', () => {
    const f = build({ dim: [3, 200, 200, 200, 1, 1, 1, 1], datatype: 2, bitpix: 8, bytesPer: 1, values: [] , extraBytes: 200 ** 3 });
    const gz = gzipSync(f);
    expect(gz.length).toBeLessThan(100_000);
    expect(code(() => readNifti(gz, { maxBytes: 1_000_000 }))).toBe('RESOURCE_LIMIT');
    expect(readNifti(gz).dims).toEqual([200, 200, 200]);
  });

  it('a .nii.gz declaring 60 MB (240 MB as Float32, under the cap) but holding a few bytes is TRUNCATED (buffer grows only with real data)', () => {
    const gz = gzipSync(build({ dim: [3, 1000, 1000, 60, 1, 1, 1, 1], datatype: 2, bitpix: 8, bytesPer: 1, values: [], extraBytes: 5000 }));
    expect(code(() => readNifti(gz))).toBe('TRUNCATED');
  });

  it('readNiftiLabels keeps exact integers and rejects fractional labels', () => {
    const lab = readNiftiLabels(build({ datatype: 8, bitpix: 32, bytesPer: 4, write: W.i32, values: ramp(24, (i) => (i === 5 ? 33554433 : i)) }));
    expect(lab.labels[5]).toBe(33554433);
    expect(lab.volume.data[5]).toBe(33554432); // Float32 cannot hold it
    expect(lab.volume.issues.map((i) => i.code)).toContain('NIFTI_LABEL_FLOAT32');
    expect(lab.datatype).toBe('int32');
    const f = readNiftiLabels(build({ datatype: 16, bitpix: 32, bytesPer: 4, write: W.f32, values: ramp(24, (i) => i * 2) }));
    expect(Array.from(f.labels)).toEqual(ramp(24, (i) => i * 2));
    expect(code(() => readNiftiLabels(build({ datatype: 16, bitpix: 32, bytesPer: 4, write: W.f32, values: ramp(24, (i) => i + 0.5) })))).toBe('ATLAS_ERROR');
  });
});
