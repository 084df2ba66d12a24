/**
 * Interfile 3.3 parsing and reading on headers and data built here.
 */
import { describe, expect, it } from 'vitest';
import { normaliseKey, parseInterfileHeader, parseInterfileNumber, readInterfile } from '../../src/interfile/index.js';

function header(lines: string[]): string {
  return ['!INTERFILE :=', ...lines, '!END OF INTERFILE :='].join('\r\n');
}

const BASE = [
  '!imaging modality := nucmed',
  '!type of data := Tomographic',
  '!matrix size [1] := 3',
  '!matrix size [2] := 2',
  '!number of slices := 2',
  '!number format := unsigned integer',
  '!number of bytes per pixel := 2',
  'imagedata byte order := LITTLEENDIAN',
  'scaling factor (mm/pixel) [1] := 3.3',
  'scaling factor (mm/pixel) [2] := 3.3',
  'slice thickness (pixels) := 1',
  'quantification units := counts',
];

function u16(values: number[], little = true, offset = 0): Uint8Array {
  const b = new Uint8Array(offset + values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setUint16(offset + 2 * i, x, little));
  return b;
}

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i * 10);

function code(fn: () => unknown): string {
  try { fn(); } catch (e) { return (e as { code?: string }).code ?? (e as Error).name; }
  return 'no error';
}

function replace(key: string, line: string | null): string[] {
  const out = BASE.filter((l) => !l.toLowerCase().includes(key));
  return line === null ? out : [...out, line];
}

describe('Interfile numbers and keys', () => {
  it('parses exponents with and without E', () => {
    expect(parseInterfileNumber('+2.000000+00')).toBe(2);
    expect(parseInterfileNumber('1.25-03')).toBeCloseTo(0.00125, 15);
    expect(parseInterfileNumber('-4.5e2')).toBe(-450);
    expect(parseInterfileNumber(' 7 ')).toBe(7);
    expect(parseInterfileNumber('.5')).toBe(0.5);
    expect(parseInterfileNumber('3.3E+01')).toBeCloseTo(33, 12);
    expect(parseInterfileNumber('abc')).toBeNull();
    expect(parseInterfileNumber('2..0')).toBeNull();
    expect(parseInterfileNumber('')).toBeNull();
  });

  it('normalises keys: case, !, spaces, index brackets', () => {
    expect(normaliseKey('!Matrix  Size[1] ')).toBe('matrix size [1]');
    expect(normaliseKey('  !NUMBER OF BYTES PER PIXEL')).toBe('number of bytes per pixel');
  });

  it('keeps entries, first value of repeated keys, skips comments', () => {
    const h = parseInterfileHeader('!INTERFILE:=\n; a comment\n!Name Of Data File := a.img\nname of data file := b.img\nnonsense line\n!END OF INTERFILE :=\nafter := 1\n');
    expect(h.keys['name of data file']).toBe('a.img');
    expect(h.keys['after']).toBeUndefined();
    expect(h.entries.map((e) => e.key)).toEqual(['interfile', 'name of data file', 'name of data file', 'end of interfile']);
    expect(h.issues.map((i) => i.code).sort()).toEqual(['INTERFILE_BAD_LINES', 'INTERFILE_REPEATED_KEY']);
  });

  it('rejects text that is not Interfile', () => {
    expect(code(() => parseInterfileHeader('hello := 1\n'))).toBe('INVALID_INTERFILE');
    expect(code(() => parseInterfileHeader(''))).toBe('INVALID_INTERFILE');
  });
});

describe('readInterfile', () => {
  it('reads a little-endian uint16 volume with units, spacing and the documented affine', () => {
    const v = readInterfile(header(BASE), u16(ramp(12)));
    expect(Array.from(v.data)).toEqual(ramp(12));
    expect(v.dims).toEqual([3, 2, 2]);
    expect(v.spacing.map((x) => Number(x.toFixed(9)))).toEqual([3.3, 3.3, 3.3]);
    expect(v.metadata.units).toBe('counts');
    expect(v.metadata.totalCounts).toBe(660);
    // diag(-3.3, -3.3, 3.3), centre (1, 0.5, 0.5) at the origin
    const want = [-3.3, 0, 0, 3.3, 0, -3.3, 0, 1.65, 0, 0, 3.3, -1.65, 0, 0, 0, 1];
    for (let i = 0; i < 16; i++) expect(v.affine[i]).toBeCloseTo(want[i]!, 12);
    expect(v.issues.map((i) => i.code)).toEqual(['INTERFILE_ORIENTATION_ASSUMED']);
  });

  it('patient orientation / rotation keys flip axes', () => {
    const ff = readInterfile(header([...BASE, 'patient orientation := feet_in']), u16(ramp(12)));
    expect([ff.affine[0], ff.affine[5], ff.affine[10]].map((x) => Number(x!.toFixed(6)))).toEqual([3.3, -3.3, -3.3]);
    const pr = readInterfile(header([...BASE, 'patient rotation := prone']), u16(ramp(12)));
    expect([pr.affine[0], pr.affine[5], pr.affine[10]].map((x) => Number(x!.toFixed(6)))).toEqual([3.3, 3.3, 3.3]);
  });

  it('big endian and the BIGENDIAN default with a warning', () => {
    const be = readInterfile(header(replace('byte order', 'imagedata byte order := BIGENDIAN')), u16(ramp(12), false));
    expect(Array.from(be.data)).toEqual(ramp(12));
    const def = readInterfile(header(replace('byte order', null)), u16(ramp(12), false));
    expect(Array.from(def.data)).toEqual(ramp(12));
    expect(def.issues.map((i) => i.code)).toContain('INTERFILE_BYTE_ORDER_DEFAULT');
  });

  it('number formats: signed integer, short float, long float', () => {
    const s = new Uint8Array(12 * 2); const sv = new DataView(s.buffer);
    for (let i = 0; i < 12; i++) sv.setInt16(2 * i, -i * 3, true);
    const lines = replace('number format', '!number format := signed integer');
    expect(Array.from(readInterfile(header(lines), s).data)).toEqual(Array.from({ length: 12 }, (_, i) => -i * 3 || 0));
    const f = new Uint8Array(12 * 4); const fv = new DataView(f.buffer);
    for (let i = 0; i < 12; i++) fv.setFloat32(4 * i, i * 0.25, true);
    const fl = replace('number format', '!number format := short float').filter((l) => !l.includes('bytes per pixel'));
    expect(Array.from(readInterfile(header(fl), f).data)).toEqual(Array.from({ length: 12 }, (_, i) => i * 0.25));
    const d = new Uint8Array(12 * 8); const dv = new DataView(d.buffer);
    for (let i = 0; i < 12; i++) dv.setFloat64(8 * i, i / 8, true);
    const dl = [...replace('number format', '!number format := long float').filter((l) => !l.includes('bytes per pixel')), '!number of bytes per pixel := 8'];
    expect(Array.from(readInterfile(header(dl), d).data)).toEqual(Array.from({ length: 12 }, (_, i) => i / 8));
    expect(code(() => readInterfile(header(replace('number format', '!number format := bit')), u16(ramp(12))))).toBe('UNSUPPORTED_PIXEL_FORMAT');
    expect(code(() => readInterfile(header(replace('bytes per pixel', '!number of bytes per pixel := 3')), u16(ramp(12))))).toBe('INVALID_INTERFILE');
  });

  it('data offset in bytes is honoured', () => {
    const v = readInterfile(header([...BASE, '!data offset in bytes := 10']), u16(ramp(12), true, 10));
    expect(Array.from(v.data)).toEqual(ramp(12));
  });

  it('data size must match the header exactly', () => {
    expect(code(() => readInterfile(header(BASE), u16(ramp(11))))).toBe('TRUNCATED');
    expect(code(() => readInterfile(header(BASE), u16(ramp(13))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header([...BASE, '!data offset in bytes := 100']), u16(ramp(12))))).toBe('TRUNCATED');
  });

  it('huge declared matrix in a tiny file fails fast', () => {
    const lines = replace('matrix size [1]', '!matrix size [1] := 100000').concat('!matrix size [3] := 100000');
    expect(code(() => readInterfile(header(lines), u16(ramp(12))))).toBe('TRUNCATED');
  });

  it('projections and planar data -> NOT_RECONSTRUCTED_VOLUME', () => {
    const noSlices = replace('number of slices', null);
    expect(code(() => readInterfile(header([...noSlices, '!number of projections := 120', '!total number of images := 2']), u16(ramp(12))))).toBe('NOT_RECONSTRUCTED_VOLUME');
    // 3.3 reconstructed SPECT headers keep the projection count of the acquisition
    const recon = readInterfile(header([...BASE, '!number of projections := 120', 'process status := Reconstructed']), u16(ramp(12)));
    expect(recon.dims).toEqual([3, 2, 2]);
    expect(code(() => readInterfile(header([...BASE, '!number of projections := 120', 'process status := Acquired']), u16(ramp(12))))).toBe('NOT_RECONSTRUCTED_VOLUME');
    expect(code(() => readInterfile(header([...BASE, 'process status := Acquired']), u16(ramp(12))))).toBe('NOT_RECONSTRUCTED_VOLUME');
    expect(code(() => readInterfile(header(replace('type of data', '!type of data := Static')), u16(ramp(12))))).toBe('NOT_RECONSTRUCTED_VOLUME');
  });

  it('missing or bad required keys -> INVALID_INTERFILE', () => {
    expect(code(() => readInterfile(header(replace('matrix size [2]', null)), u16(ramp(12))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header(replace('number of slices', null)), u16(ramp(12))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header(replace('number format', null)), u16(ramp(12))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header(replace('matrix size [1]', '!matrix size [1] := -3')), u16(ramp(12))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header(replace('matrix size [1]', '!matrix size [1] := three')), u16(ramp(12))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header(replace('scaling factor', null)), u16(ramp(12))))).toBe('INVALID_INTERFILE');
    expect(code(() => readInterfile(header(replace('byte order', 'imagedata byte order := MIDDLE')), u16(ramp(12))))).toBe('INVALID_INTERFILE');
  });

  it('slice spacing: scaling factor [3], pixels (strict), the GATE-style mm case, and overrides', () => {
    const s3 = readInterfile(header([...BASE, 'scaling factor (mm/pixel) [3] := 4.5']), u16(ramp(12)));
    expect(s3.spacing[2]).toBeCloseTo(4.5, 12);
    const two = replace('slice thickness', 'centre-centre slice separation (pixels) := 2');
    expect(readInterfile(header(two), u16(ramp(12))).spacing[2]).toBeCloseTo(6.6, 12);
    const gate = replace('scaling factor', null).concat('scaling factor (mm/pixel) [1] := +2.000000+00', 'scaling factor (mm/pixel) [2] := +2.000000+00', 'slice thickness (pixels) := 2').filter((l) => !l.includes(':= 1'));
    const g = readInterfile(header(gate), u16(ramp(12)));
    expect(g.spacing).toEqual([2, 2, 2]);
    expect(g.issues.map((i) => i.code)).toContain('INTERFILE_SLICE_SEPARATION_AS_MM');
    expect(readInterfile(header(gate), u16(ramp(12)), { sliceSeparation: 'pixels' }).spacing).toEqual([2, 2, 4]);
    expect(readInterfile(header(gate), u16(ramp(12)), { voxelSizeMm: [1, 2, 3] }).spacing).toEqual([1, 2, 3]);
    const none = readInterfile(header(replace('slice thickness', null)), u16(ramp(12)));
    expect(none.issues.map((i) => i.code)).toContain('INTERFILE_SLICE_SPACING_ASSUMED');
  });

  it('multiple time frames: first volume with a warning', () => {
    const v = readInterfile(header([...BASE, 'number of time frames := 2']), u16(ramp(24)));
    expect(Array.from(v.data)).toEqual(ramp(12));
    expect(v.issues.map((i) => i.code)).toContain('INTERFILE_MULTI_VOLUME');
  });
});
