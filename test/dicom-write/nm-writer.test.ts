import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { isSpectError } from '../../src/errors.js';
import { formatDS, isValidUid, writeNmMultiframe, writeNmMultiframeWithInfo, writeSingleFrameSeries } from '../../src/dicom-write/index.js';
import { readDicom } from '../../src/dicom/read.js';
import { assembleSeries } from '../../src/dicom/series.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { maxVoxelDiff } from '../helpers/volume-diff.js';
import { obliqueVolume } from '../helpers/oblique-volume.js';

const dir = mkdtempSync(join(tmpdir(), 'nmwrite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** True when the tool is installed; with REQUIRE_DICOM_TOOLS=1 (set by .ci/run) a missing tool is a failure. */
function which(tool: string): boolean {
  const found = spawnSync('which', [tool]).status === 0;
  if (!found && process.env.REQUIRE_DICOM_TOOLS === '1') throw new Error(`${tool} is required (REQUIRE_DICOM_TOOLS=1)`);
  return found;
}

/** 9x7x6 volume with a rotated (oblique) but orthogonal affine and float values. */
function testVolume(maxValue = 900): Volume {
  return obliqueVolume({
    dims: [9, 7, 6], angles: [0.35, -0.2], spacing: [3.9, 3.9, 4.2], origin: [-12.5, 20.25, -31],
    value: (i, j, k) => ((i * 31 + j * 17 + k * 7) % 97) / 96 * maxValue + 0.3,
  });
}

const parse = (b: Uint8Array) => dicomParser.parseDicom(b);
const nums = (ds: dicomParser.DataSet, tag: string): number[] => (ds.string(tag) ?? '').split('\\').filter((x) => x !== '').map(Number);

function storedValues(ds: dicomParser.DataSet, signed: boolean): number[] {
  const el = ds.elements.x7fe00010!;
  const dv = new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + el.dataOffset, el.length);
  const out: number[] = [];
  for (let o = 0; o < el.length; o += 2) out.push(signed ? dv.getInt16(o, true) : dv.getUint16(o, true));
  return out;
}

/** Compare a read-back volume with the original voxel by voxel, through the affines (grids coincide exactly). */
function expectSameVolume(orig: Volume, back: Volume, tol: number): void {
  expect(maxVoxelDiff(orig, back)).toBeLessThanOrEqual(tol);
}

describe('formatDS', () => {
  it('keeps 16 characters and the value', () => {
    for (const x of [0, 1, -3.3, 1 / 3, -123456.789012345, 1e-7, 2.5e20, 0.0015259021896696422]) {
      const s = formatDS(x);
      expect(s.length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(s) - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-10);
    }
  });
});

describe.each(['ge', 'siemens', 'hermes'] as const)('writeNmMultiframe style %s', (style) => {
  const vol = style === 'ge' ? createVolume({ ...testVolume(), data: testVolume().data.map(Math.round) }) : testVolume();
  const w = writeNmMultiframeWithInfo(vol, {
    style, seedForUids: 7, patient: { name: 'SIM^A', id: 'X1', sex: 'F', age: 6, birthDate: '20200101' },
    study: { date: '20260310', description: 'perfusion' }, radiopharmaceutical: { code: 'HMPAO', doseMBq: 370 },
  });
  const file = join(dir, `${style}.dcm`);
  writeFileSync(file, w.bytes);
  const ds = parse(w.bytes);

  it('is a Part 10 NM Image Storage file, explicit VR LE', () => {
    expect(String.fromCharCode(...w.bytes.subarray(128, 132))).toBe('DICM');
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ds.string('x00020002')).toBe('1.2.840.10008.5.1.4.1.1.20');
    expect(ds.string('x00080016')).toBe('1.2.840.10008.5.1.4.1.1.20');
    expect(ds.string('x00020003')).toBe(ds.string('x00080018'));
    expect(ds.string('x00080008')).toBe('ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION');
    expect(ds.string('x00080060')).toBe('NM');
    expect(ds.string('x00101010')).toBe('006Y');
    expect(ds.intString('x00280008')).toBe(6);
    expect(ds.uint16('x00280010')).toBe(7);
    expect(ds.uint16('x00280011')).toBe(9);
    expect(ds.attributeTag('x00280009')).toBe('x00540080');
    for (const t of ['x0020000d', 'x0020000e', 'x00200052', 'x00080018']) {
      const u = ds.string(t)!;
      expect(u.startsWith('2.25.')).toBe(true);
      expect(isValidUid(u)).toBe(true);
    }
    const rp = ds.elements.x00540016!.items![0]!.dataSet!;
    expect(rp.elements.x00540300!.items![0]!.dataSet!.string('x00080100')).toBe('72454006');
    expect(rp.elements.x00540304!.items![0]!.dataSet!.string('x00080100')).toBe('77313009');
    expect(rp.elements.x00540304!.items![0]!.dataSet!.string('x00080102')).toBe('SCT');
  });

  it('writes the style-specific geometry and value encoding', () => {
    const det = ds.elements.x00540022!.items![0]!.dataSet!;
    const ipp = nums(det, 'x00200032');
    expect(ipp).toHaveLength(3);
    expect(nums(det, 'x00200037')).toHaveLength(6);
    const spacing = Number(ds.string('x00180088'));
    expect(Math.abs(spacing)).toBeCloseTo(4.2, 6);
    if (style === 'ge') {
      expect(spacing).toBeLessThan(0);
      expect(ds.elements.x00200032).toBeUndefined();
      expect(ds.uint16('x00280103')).toBe(1);
      expect(ds.elements.x00281053).toBeUndefined();
    } else {
      expect(spacing).toBeGreaterThan(0);
      expect(nums(ds, 'x00200032')).toEqual(ipp);
      expect(ds.uint16('x00280103')).toBe(0);
    }
    if (style === 'hermes') {
      const rw = ds.elements.x00409096!.items![0]!.dataSet!;
      expect(rw.double('x00409225')).toBe(w.quantisation.slope);
      expect(rw.elements.x004008ea!.items![0]!.dataSet!.string('x00080100')).toBe('{counts}');
      expect(ds.elements.x00281053).toBeUndefined();
    }
    if (style === 'siemens') expect(Number(ds.string('x00281053'))).toBe(w.quantisation.slope);
    // The first frame is the slice at IPP; the volume's slice 0 is at affine translation (RAS -> LPS).
    const a = vol.affine;
    const first = [-(a[3]!), -(a[7]!), a[11]!];
    const lastK = vol.dims[2] - 1;
    const last = [-(a[2]! * lastK + a[3]!), -(a[6]! * lastK + a[7]!), a[10]! * lastK + a[11]!];
    const expected = style === 'ge' ? last : first; // this affine's slice axis is along row x column
    for (let c = 0; c < 3; c++) expect(ipp[c]).toBeCloseTo(expected[c]!, 4);
  });

  it('stores values that round-trip to the reported quantisation', () => {
    const stored = storedValues(ds, style === 'ge');
    const { slope, intercept, maxError } = w.quantisation;
    expect(maxError).toBeLessThanOrEqual(style === 'ge' ? 0 : slope / 2 + 1e-9);
    // frame order: GE reverses the slices of this volume
    const [nx, ny, nz] = vol.dims;
    for (let f = 0; f < nz; f++) {
      const k = style === 'ge' ? nz - 1 - f : f;
      for (let p = 0; p < nx * ny; p += 5) {
        expect(Math.abs(stored[f * nx * ny + p]! * slope + intercept - vol.data[k * nx * ny + p]!)).toBeLessThanOrEqual(maxError + 1e-9);
      }
    }
  });

  it('reads back through readDicom with the same geometry and values', async () => {
    const back = await readDicom(w.bytes);
    expectSameVolume(vol, back, w.quantisation.maxError * 1.001 + 1e-4);
  });

  it.runIf(which('dciodvfy'))('passes dciodvfy without errors', () => {
    const r = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    const errors = out.split('\n').filter((l) => l.startsWith('Error'));
    expect(errors).toEqual([]);
  });
  it.runIf(which('dcmdump'))('parses with dcmdump', () => {
    const out = execFileSync('dcmdump', ['+P', '0054,0081', file], { encoding: 'utf8' });
    expect(out).toContain('US 6');
  });
  it.runIf(which('dcm2niix'))('converts with dcm2niix', () => {
    const od = mkdtempSync(join(dir, 'n'));
    const r = spawnSync('dcm2niix', ['-o', od, '-f', 'out', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readdirSync(od).some((f) => f.endsWith('.nii'))).toBe(true);
  });
});

describe('writeNmMultiframe determinism and errors', () => {
  it('same seed gives identical bytes; another seed changes the UIDs', () => {
    const v = testVolume();
    const a = writeNmMultiframe(v, { style: 'siemens', seedForUids: 3 });
    const b = writeNmMultiframe(v, { style: 'siemens', seedForUids: 3 });
    const c = writeNmMultiframe(v, { style: 'siemens', seedForUids: 4 });
    expect(a).toEqual(b);
    expect(parse(a).string('x0020000e')).not.toBe(parse(c).string('x0020000e'));
  });
  it('slices stacked against row x column (negative k axis) round-trip in both spacing conventions', async () => {
    const v = testVolume();
    const a = Float64Array.from(v.affine);
    const nz = v.dims[2] - 1;
    for (let r = 0; r < 3; r++) { a[4 * r + 3] = a[4 * r + 3]! + a[4 * r + 2]! * nz; a[4 * r + 2] = -a[4 * r + 2]!; }
    const flipped = createVolume({ data: v.data.map(Math.round), dims: v.dims, affine: a });
    for (const style of ['ge', 'siemens', 'hermes'] as const) {
      const w = writeNmMultiframeWithInfo(flipped, { style });
      const sp = Number(parse(w.bytes).string('x00180088'));
      expect(Math.sign(sp)).toBe(style === 'ge' ? -1 : 1);
      expectSameVolume(flipped, await readDicom(w.bytes), w.quantisation.maxError * 1.001 + 1e-4); // + float32 rounding of the reader
    }
  });
  it('rejects NaN, GE values outside int16 and sheared affines with codes', () => {
    const v = testVolume();
    const nan = createVolume({ data: v.data.map((x, i) => (i === 3 ? NaN : x)), dims: v.dims, affine: v.affine });
    const big = createVolume({ data: v.data.map((x) => x * 100), dims: v.dims, affine: v.affine });
    const shear = createVolume({ data: v.data, dims: v.dims, affine: [2, 0, 0.5, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1] });
    const code = (f: () => unknown) => { try { f(); } catch (e) { return isSpectError(e) ? e.code : 'other'; } return 'none'; };
    expect(code(() => writeNmMultiframe(nan, { style: 'siemens' }))).toBe('UNREPRESENTABLE_VALUES');
    expect(code(() => writeNmMultiframe(big, { style: 'ge' }))).toBe('UNREPRESENTABLE_VALUES');
    expect(code(() => writeNmMultiframe(shear, { style: 'hermes' }))).toBe('INVALID_GEOMETRY');
  });
});

describe.each(['PT', 'NM'] as const)('writeSingleFrameSeries %s', (modality) => {
  const vol = testVolume();
  const files = writeSingleFrameSeries(vol, { modality, shuffleInstanceNumbers: true, seedForUids: 11, radiopharmaceutical: { code: 'ECD' } });
  const sub = mkdtempSync(join(dir, modality));
  for (const f of files) writeFileSync(join(sub, f.name), f.bytes);

  it('one file per slice, shared series, positions along the normal, shuffled numbers', () => {
    expect(files).toHaveLength(6);
    const sets = files.map((f) => parse(f.bytes));
    expect(new Set(sets.map((d) => d.string('x0020000e'))).size).toBe(1);
    expect(new Set(sets.map((d) => d.string('x00080018'))).size).toBe(6);
    const numbers = sets.map((d) => d.intString('x00200013'));
    expect(numbers.slice().sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbers).not.toEqual([1, 2, 3, 4, 5, 6]);
    const o = nums(sets[0]!, 'x00200037');
    const n = [o[1]! * o[5]! - o[2]! * o[4]!, o[2]! * o[3]! - o[0]! * o[5]!, o[0]! * o[4]! - o[1]! * o[3]!];
    const d = sets.map((s) => { const p = nums(s, 'x00200032'); return p[0]! * n[0]! + p[1]! * n[1]! + p[2]! * n[2]!; });
    for (let f = 1; f < 6; f++) expect(d[f]! - d[f - 1]!).toBeCloseTo(4.2, 4);
    expect(sets[0]!.string('x00080016')).toBe(modality === 'PT' ? '1.2.840.10008.5.1.4.1.1.128' : '1.2.840.10008.5.1.4.1.1.20');
  });
  it('values match to the slope', () => {
    const [nx, ny] = vol.dims;
    files.forEach((f, idx) => {
      const ds = parse(f.bytes);
      const st = storedValues(ds, ds.uint16('x00280103') === 1);
      const slope = Number(ds.string('x00281053'));
      const inter = Number(ds.string('x00281052'));
      for (let p = 0; p < nx * ny; p += 3) expect(Math.abs(st[p]! * slope + inter - vol.data[idx * nx * ny + p]!)).toBeLessThanOrEqual(f.quantisation.maxError + 1e-9);
    });
  });
  it('reads back through assembleSeries (sorted by position, not Instance Number)', async () => {
    const back = await assembleSeries(files.map((f) => ({ name: f.name, bytes: f.bytes })));
    let maxQ = 0;
    for (const f of files) maxQ = Math.max(maxQ, f.quantisation.maxError);
    expectSameVolume(vol, back, maxQ * 1.001 + 1e-4);
  });
  it.runIf(which('dciodvfy'))('passes dciodvfy without errors', () => {
    for (const f of files) {
      const r = spawnSync('dciodvfy', [join(sub, f.name)], { encoding: 'utf8' });
      expect(`${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('Error'))).toEqual([]);
    }
  });
  it.runIf(which('dcm2niix'))('dcm2niix stacks the series into one volume', () => {
    const od = mkdtempSync(join(dir, 'n'));
    const r = spawnSync('dcm2niix', ['-o', od, '-f', 'out', sub], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readdirSync(od).filter((f) => f.endsWith('.nii'))).toHaveLength(1);
  });
});
