/**
 * Malformed NIfTI-1 and Interfile inputs, made by code from writer output
 * (writeNifti) and a synthetic Interfile 3.3 header. NIfTI-1 header offsets
 * from nifti1.h: dim 40 (int16 x 8), datatype 70, bitpix 72, pixdim 76
 * (float32 x 8), vox_offset 108, scl_slope 112, scl_inter 116, qform_code 252,
 * sform_code 254, srow_x/y/z 280/296/312, magic 344.
 */
import { gzipSync } from 'fflate';
import { writeNifti } from '../../src/nifti/index.js';
import { createVolume } from '../../src/volume/volume.js';
import type { Case } from './corpus.js';
import { interfileHeader, smallVolume, u16le } from './targets.js';

/** Small cap used for the NIfTI bomb cases (the tests pass it as maxBytes). */
export const SMALL_CAP = 8 * 1024 * 1024;

type Patch = (dv: DataView) => void;

function niftiWith(patch: Patch, base?: Uint8Array): Uint8Array {
  const b = (base ?? writeNifti(smallVolume(8, 8, 4))).slice();
  patch(new DataView(b.buffer, b.byteOffset, b.byteLength));
  return b;
}
const i16 = (off: number, v: number): Patch => (dv) => dv.setInt16(off, v, true);
const f32 = (off: number, v: number): Patch => (dv) => dv.setFloat32(off, v, true);
const dims = (d: readonly number[]): Patch => (dv) => d.forEach((x, i) => dv.setInt16(40 + 2 * i, x, true));

/** A NIfTI-1 header (352 bytes incl. the 4 extension bytes) declaring `d` float32 voxels, and no data. */
function headerOnly(d: readonly [number, number, number]): Uint8Array {
  const full = writeNifti(smallVolume(2, 2, 2));
  return niftiWith(dims([3, d[0], d[1], d[2], 1, 1, 1, 1]), full.subarray(0, 352));
}

/** Malformed NIfTI cases; `maxBytes` (when set) is the reader cap to use. */
export function niftiCases(): (Case & { readonly maxBytes?: number })[] {
  const n = (name: string, bytes: Uint8Array, expect: readonly string[], extra: { issue?: string; maxBytes?: number } = {}) =>
    ({ name, target: 'nifti' as const, bytes, expect, ...extra });
  const valid = writeNifti(smallVolume(8, 8, 4));
  const withNaN = (() => {
    const v = smallVolume(8, 8, 4);
    const d = v.data.slice();
    d[3] = Number.NaN; d[10] = Number.POSITIVE_INFINITY;
    // writeNifti refuses non-finite data, so patch the float32 voxels after writing.
    const b = writeNifti(createVolume({ data: v.data, dims: v.dims, affine: v.affine })).slice();
    const dv = new DataView(b.buffer);
    const off = dv.getFloat32(108, true);
    dv.setFloat32(off + 4 * 3, Number.NaN, true);
    dv.setFloat32(off + 4 * 10, Number.POSITIVE_INFINITY, true);
    return b;
  })();
  const bombHeader = headerOnly([2048, 2048, 2]); // 32 MiB of float32 declared
  const bomb = new Uint8Array(bombHeader.length + 32 * 1024 * 1024);
  bomb.set(bombHeader);
  const smallWithTail = new Uint8Array(valid.length + 32 * 1024 * 1024);
  smallWithTail.set(valid);
  const gz = gzipSync(valid);
  return [
    n('valid control file', valid, ['volume']),
    n('dim[1..3] = 32767', niftiWith(dims([3, 32767, 32767, 32767, 1, 1, 1, 1])), ['RESOURCE_LIMIT']),
    n('dim = 512 x 512 x 240 float32 (252 MB, under the 256 MiB cap), 1 KiB of data', headerOnly([512, 512, 240]), ['TRUNCATED']),
    n('dim = 1024 x 1024 x 400 float32 (1.6 GB, over the 256 MiB cap), 1 KiB of data', headerOnly([1024, 1024, 400]), ['RESOURCE_LIMIT']),
    n('dim[4..7] = 32767 each (frames overflow)', niftiWith(dims([7, 8, 8, 4, 32767, 32767, 32767, 32767])), ['RESOURCE_LIMIT', 'INVALID_NIFTI']),
    n('negative dim[2]', niftiWith(dims([3, 8, -8, 4, 1, 1, 1, 1])), ['INVALID_NIFTI']),
    n('dim[0] = 0', niftiWith(i16(40, 0)), ['INVALID_NIFTI']),
    n('dim[0] = 9', niftiWith(i16(40, 9)), ['INVALID_NIFTI']),
    n('dim[3] = 0', niftiWith(i16(46, 0)), ['INVALID_NIFTI']),
    n('vox_offset past the end', niftiWith(f32(108, 1e6)), ['TRUNCATED']),
    n('vox_offset 1e30', niftiWith(f32(108, 1e30)), ['TRUNCATED', 'INVALID_NIFTI', 'RESOURCE_LIMIT']),
    n('vox_offset NaN', niftiWith(f32(108, Number.NaN)), ['INVALID_NIFTI']),
    n('vox_offset negative', niftiWith(f32(108, -352)), ['INVALID_NIFTI']),
    n('vox_offset 100 (inside the header)', niftiWith(f32(108, 100)), ['INVALID_NIFTI']),
    n('vox_offset 352.5 (fractional)', niftiWith(f32(108, 352.5)), ['INVALID_NIFTI']),
    n('unknown datatype 9999', niftiWith(i16(70, 9999)), ['INVALID_NIFTI']),
    n('complex64 datatype', niftiWith(i16(70, 32)), ['UNSUPPORTED_PIXEL_FORMAT']),
    n('RGB24 datatype', niftiWith(i16(70, 128)), ['UNSUPPORTED_PIXEL_FORMAT']),
    n('bitpix 3 (inconsistent)', niftiWith(i16(72, 3)), ['volume', 'INVALID_NIFTI']),
    n('NaN and +Inf voxels', withNaN, ['volume'], { issue: 'NIFTI_NONFINITE_VOXELS' }),
    n('scl_slope = Inf', niftiWith(f32(112, Number.POSITIVE_INFINITY)), ['volume', 'INVALID_NIFTI']),
    n('scl_slope = 3e38 (values beyond Float32)', niftiWith(f32(112, 3e38)), ['volume', 'INVALID_NIFTI'], { issue: 'NIFTI_NONFINITE_VOXELS' }),
    n('scl_inter = NaN', niftiWith(f32(116, Number.NaN)), ['volume'], { issue: 'NIFTI_SCL_INTER_INVALID' }),
    n('sform singular (all zero) and qform_code 0', niftiWith((dv) => { dv.setInt16(252, 0, true); for (let i = 0; i < 12; i++) dv.setFloat32(280 + 4 * i, 0, true); }), ['INVALID_NIFTI']),
    n('sform with NaN, qform usable', niftiWith((dv) => { dv.setInt16(252, 1, true); dv.setFloat32(76 + 4, 2, true); dv.setFloat32(76 + 8, 2, true); dv.setFloat32(76 + 12, 2, true); dv.setFloat32(280, Number.NaN, true); }), ['volume', 'INVALID_NIFTI']),
    n('no transform and pixdim zero', niftiWith((dv) => { dv.setInt16(252, 0, true); dv.setInt16(254, 0, true); dv.setFloat32(80, 0, true); }), ['INVALID_NIFTI']),
    n('bad magic', niftiWith((dv) => dv.setUint32(344, 0x41424344, true)), ['INVALID_NIFTI']),
    n('header cut at 200 bytes', valid.subarray(0, 200), ['INVALID_NIFTI', 'TRUNCATED']),
    n('header only (no voxel data)', valid.subarray(0, 352), ['TRUNCATED']),
    n('one voxel byte missing', valid.subarray(0, valid.length - 1), ['TRUNCATED']),
    n('empty file', new Uint8Array(0), ['INVALID_NIFTI']),
    n('348 zero bytes', new Uint8Array(348), ['INVALID_NIFTI']),
    n('gzip bomb: 32 MiB declared and inflated, 8 MiB cap', gzipSync(bomb), ['RESOURCE_LIMIT'], { maxBytes: SMALL_CAP }),
    n('gzip bomb: small image followed by 32 MiB of zeros (inflation stops at the image)', gzipSync(smallWithTail), ['volume'], { maxBytes: SMALL_CAP }),
    n('gzip stream cut in half', gz.subarray(0, gz.length >> 1), ['TRUNCATED']),
    n('gzip stream with a corrupted DEFLATE block', (() => { const g = gz.slice(); for (let i = 20; i < 40 && i < g.length - 8; i++) g[i] = 0xff; return g; })(), ['MALFORMED', 'TRUNCATED', 'INVALID_NIFTI']),
    n('gzip magic only', Uint8Array.from([0x1f, 0x8b]), ['MALFORMED', 'TRUNCATED', 'INVALID_NIFTI']),
  ];
}

/** Malformed Interfile inputs: header text + data bytes. */
export function interfileCases(): Case[] {
  const v = smallVolume(8, 8, 4);
  const data = u16le(v);
  const hdr = interfileHeader(v.dims);
  const without = (key: string) => hdr.split('\r\n').filter((l) => !l.toLowerCase().includes(key)).join('\r\n');
  const replace = (key: string, line: string) => hdr.split('\r\n').map((l) => (l.toLowerCase().includes(key) ? line : l)).join('\r\n');
  const f = (name: string, header: string, bytes: Uint8Array, expect: readonly string[], issue?: string): Case =>
    ({ name, target: 'interfile', header, bytes, expect, ...(issue ? { issue } : {}) });
  const float = (() => {
    const b = new Uint8Array(8 * 8 * 4 * 4);
    const dv = new DataView(b.buffer);
    for (let i = 0; i < 256; i++) dv.setFloat32(4 * i, i === 9 ? Number.NaN : i === 11 ? Number.NEGATIVE_INFINITY : i, true);
    return b;
  })();
  const floatHdr = hdr.replace('!number format := unsigned integer', '!number format := short float').replace('!number of bytes per pixel := 2', '!number of bytes per pixel := 4');
  const cases: Case[] = [
    f('valid control', hdr, data, ['volume'], 'INTERFILE_ORIENTATION_ASSUMED'),
    f('data one byte short', hdr, data.subarray(0, data.length - 1), ['TRUNCATED']),
    f('no data', hdr, new Uint8Array(0), ['TRUNCATED']),
    f('data one byte too long', hdr, new Uint8Array(data.length + 1), ['INVALID_INTERFILE']),
    f('matrix 1e9 x 1e9 x 1e9', replace('matrix size [1]', '!matrix size [1] := 1000000000').replace(/!matrix size \[2\] := \d+/, '!matrix size [2] := 1000000000').replace(/!number of slices := \d+/, '!number of slices := 1000000000'), data, ['TRUNCATED', 'RESOURCE_LIMIT', 'INVALID_INTERFILE']),
    f('matrix 65535 x 65535 x 65535', replace('matrix size [1]', '!matrix size [1] := 65535').replace(/!matrix size \[2\] := \d+/, '!matrix size [2] := 65535').replace(/!number of slices := \d+/, '!number of slices := 65535'), data, ['TRUNCATED', 'RESOURCE_LIMIT']),
    f('matrix size 1e400', replace('matrix size [1]', '!matrix size [1] := 1e400'), data, ['INVALID_INTERFILE']),
    f('matrix size -8', replace('matrix size [1]', '!matrix size [1] := -8'), data, ['INVALID_INTERFILE']),
    f('matrix size 2.5', replace('matrix size [1]', '!matrix size [1] := 2.5'), data, ['INVALID_INTERFILE']),
    f('matrix size "abc"', replace('matrix size [1]', '!matrix size [1] := abc'), data, ['INVALID_INTERFILE']),
    f('data offset past the end', hdr.replace('!END OF INTERFILE :=', 'data offset in bytes := 100000\r\n!END OF INTERFILE :='), data, ['TRUNCATED']),
    f('keys after !END OF INTERFILE are ignored', hdr + '\r\ndata offset in bytes := 100000', data, ['volume']),
    f('data offset negative', hdr.replace('!END OF INTERFILE :=', 'data offset in bytes := -4\r\n!END OF INTERFILE :='), data, ['INVALID_INTERFILE']),
    f('data starting block 1e12', hdr.replace('!END OF INTERFILE :=', 'data starting block := 1000000000000\r\n!END OF INTERFILE :='), data, ['TRUNCATED', 'INVALID_INTERFILE']),
    f('byte order "MIDDLEENDIAN"', replace('byte order', 'imagedata byte order := MIDDLEENDIAN'), data, ['INVALID_INTERFILE']),
    f('number format "bit"', replace('number format', '!number format := bit'), data, ['UNSUPPORTED_PIXEL_FORMAT']),
    f('unsigned integer with 3 bytes per pixel', replace('bytes per pixel', '!number of bytes per pixel := 3'), data, ['INVALID_INTERFILE']),
    f('NaN and -Inf float voxels', floatHdr, float, ['volume'], 'INTERFILE_NONFINITE_VOXELS'),
    f('type of data Static', replace('type of data', '!type of data := Static'), data, ['NOT_RECONSTRUCTED_VOLUME']),
    f('process status Acquired', replace('process status', 'process status := Acquired'), data, ['NOT_RECONSTRUCTED_VOLUME']),
    f('scaling factor 0', replace('scaling factor (mm/pixel) [1]', 'scaling factor (mm/pixel) [1] := 0'), data, ['INVALID_INTERFILE']),
    f('empty header', '', data, ['INVALID_INTERFILE']),
    f('binary garbage header', String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 131 + 7) & 0xff)), data, ['INVALID_INTERFILE']),
    f('header of 5 MiB', '!INTERFILE :=\r\n' + ';'.repeat(5 * 1024 * 1024), data, ['RESOURCE_LIMIT']),
    f('10,000 duplicated keys', hdr.replace('!END OF INTERFILE :=', 'patient name := x\r\n'.repeat(10_000) + '!END OF INTERFILE :='), data, ['volume']),
  ];
  for (const key of ['matrix size [1]', 'matrix size [2]', 'number of slices', 'number format', 'number of bytes per pixel', 'scaling factor (mm/pixel) [1]']) {
    cases.push(f(`missing "${key}"`, without(key), data, ['INVALID_INTERFILE']));
  }
  return cases;
}
