import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleSeries, groupDicomFiles, pickSpectSeries, readSeriesGroup } from '../../src/dicom/index.js';
import { loadDicomDirectory } from '../../src/node/dicom-dir.js';
import { SpectError } from '../../src/errors.js';
import { nmObject, petSlice } from './fixtures.js';
import { el } from './build-dicom.js';

const slice = (z: number, i = z) => ({ name: `f${i}.dcm`, bytes: petSlice({ z, value: 100 + z, uid: `1.2.3.${i}` }) });
async function code(p: Promise<unknown>): Promise<string> {
  try { await p; return 'resolved'; } catch (e) { return e instanceof SpectError ? e.code : `untyped ${String(e)}`; }
}

describe('assembleSeries (single-frame slices)', () => {
  it('sorts by position along the normal, not by file order', async () => {
    const files = [slice(4), slice(0), slice(8), slice(2), slice(6)];
    const v = await assembleSeries(files);
    expect(v.dims).toEqual([2, 2, 5]);
    // slice k holds z = 2k, value (100 + z) * slope 2
    for (let k = 0; k < 5; k++) expect(v.data[4 * k]).toBe((100 + 2 * k) * 2);
    expect(Array.from(v.affine)).toEqual([-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(v.metadata.totalCounts).toBe(4 * 2 * (100 * 5 + 20));
  });

  it('a missing slice is INCONSISTENT_SERIES', async () => {
    expect(await code(assembleSeries([slice(0), slice(2), slice(6), slice(8)]))).toBe('INCONSISTENT_SERIES');
  });

  it('the same file twice is dropped with an issue; two images at one position are an error', async () => {
    const v = await assembleSeries([slice(0), slice(2), slice(2), slice(4)]);
    expect(v.dims[2]).toBe(3);
    expect(v.issues.map((i) => i.code)).toContain('DUPLICATE_FILE');
    const other = { name: 'x', bytes: petSlice({ z: 2, value: 7, uid: '9.9.9' }) };
    expect(await code(assembleSeries([slice(0), slice(2), other, slice(4)]))).toBe('INCONSISTENT_SERIES');
  });

  it('uneven spacing gives an issue', async () => {
    const v = await assembleSeries([slice(0), slice(2), slice(4.1), slice(6)]);
    expect(v.issues.map((i) => i.code)).toContain('UNEVEN_SLICE_SPACING');
    expect(v.affine[10]).toBeCloseTo(2, 12);
  });

  it('mixed sizes, orientations or series are INCONSISTENT_SERIES', async () => {
    const big = { name: 'b', bytes: petSlice({ z: 4, value: 1, uid: '8.8', rows: 3 }) };
    expect(await code(assembleSeries([slice(0), slice(2), big]))).toBe('INCONSISTENT_SERIES');
    const tilted = { name: 't', bytes: petSlice({ z: 4, value: 1, uid: '8.9', iop: '1\\0\\0\\0\\0\\1' }) };
    expect(await code(assembleSeries([slice(0), slice(2), tilted]))).toBe('INCONSISTENT_SERIES');
    const otherSeries = { name: 's', bytes: petSlice({ z: 4, value: 1, uid: '8.7', series: '5.5' }) };
    expect(await code(assembleSeries([slice(0), slice(2), otherSeries]))).toBe('INCONSISTENT_SERIES');
  });
});

describe('groupDicomFiles / pickSpectSeries', () => {
  const recon = { name: 'recon.dcm', bytes: nmObject({ frames: 2, pixels: new Array(12).fill(5) }).bytes };
  const proj = { name: 'proj.dcm', bytes: nmObject({ frames: 2, pixels: new Array(12).fill(5), imageType: 'TOMO' }).bytes };
  const junk = { name: 'notes.txt', bytes: new TextEncoder().encode('hello, not a DICOM file at all, no no') };

  it('prefers the NM RECON TOMO object, skips non-DICOM files with an issue', async () => {
    const g = groupDicomFiles([slice(0), slice(2), proj, junk, recon, slice(4)]);
    expect(g.series).toHaveLength(3);
    expect(g.issues.map((i) => i.code)).toEqual(['FILE_SKIPPED']);
    const chosen = pickSpectSeries(g.series);
    expect(chosen.summary.nmReconstructed).toBe(true);
    expect(chosen.files[0]!.name).toBe('recon.dcm');
    const v = await readSeriesGroup(chosen);
    expect(v.dims).toEqual([3, 2, 2]);
    expect(JSON.stringify(g.series.map((s) => s.summary))).not.toContain('1.2.3.4.6');
  });

  it('falls back to the PT series with most slices, else NO_VOLUME_FOUND with a list', async () => {
    const g = groupDicomFiles([slice(0), slice(2), slice(4), proj]);
    const chosen = pickSpectSeries(g.series);
    expect(chosen.summary.modality).toBe('PT');
    expect((await readSeriesGroup(chosen)).dims[2]).toBe(3);
    const only = groupDicomFiles([proj, junk]);
    expect(() => pickSpectSeries(only.series)).toThrow(/NM .*TOMO.*1 file\(s\) x 2 frame\(s\)/);
    try { pickSpectSeries(only.series); } catch (e) { expect((e as SpectError).code).toBe('NO_VOLUME_FOUND'); }
  });
});

describe('single-frame NM RECON TOMO files (built without the project writer)', () => {
  // one slice per file, IPP/IOP only in the Detector Information Sequence, Instance Numbers opposite to position
  const nmSlice = (z: number, n: number) => ({
    name: `nm${n}.dcm`,
    bytes: nmObject({
      frames: 1, pixels: new Array(6).fill(10 * z + 1), inDetector: true, ipp: `-10\\-20\\${z}`, spacing: '4',
      extra: [el(0x00080018, 'UI', `1.2.3.77.${n}`), el(0x00200013, 'IS', String(n))],
    }).bytes,
  });
  const files = [nmSlice(8, 2), nmSlice(0, 4), nmSlice(12, 1), nmSlice(4, 3)];

  it('are one series, sorted along the normal, never by Instance Number', async () => {
    const g = groupDicomFiles(files);
    expect(g.series).toHaveLength(1);
    expect(g.series[0]!.summary).toMatchObject({ modality: 'NM', files: 4, framesPerFile: 1, nmReconstructed: true });
    const v = await readSeriesGroup(pickSpectSeries(g.series));
    expect(v.dims).toEqual([3, 2, 4]);
    expect([0, 1, 2, 3].map((k) => v.data[6 * k])).toEqual([1, 41, 81, 121]);
    // LPS z = 0, 4, 8, 12 -> RAS z the same; IPP (-10, -20) LPS -> (10, 20) RAS
    expect(Array.from(v.affine)).toEqual([-3, 0, 0, 10, 0, -2, 0, 20, 0, 0, 4, 0, 0, 0, 0, 1]);
    expect(v.metadata.extra.positionOrientationSource).toBe('DetectorInformationSequence[0]');
  });
  it('a lone file, a gap or a mixed Image Type are refused', async () => {
    expect(await code(assembleSeries([files[0]!]))).toBe('TOO_FEW_SLICES');
    expect(await code(assembleSeries([files[1]!, files[2]!, files[3]!, nmSlice(16, 5)]))).toBe('INCONSISTENT_SERIES'); // 0, 4, 12, 16: 8 missing
    const gated = { name: 'g', bytes: nmObject({ frames: 1, pixels: new Array(6).fill(1), imageType: 'RECON GATED TOMO', ipp: '-10\\-20\\16', sliceVector: [1], extra: [el(0x00080018, 'UI', '1.2.3.77.9')] }).bytes };
    expect(await code(assembleSeries([...files, gated]))).toBe('INCONSISTENT_SERIES');
  });
});

describe('loadDicomDirectory', () => {
  it('walks folders, skips DICOMDIR and junk, returns the volume and the series', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spect-dicom-'));
    try {
      mkdirSync(join(dir, 'a', 'b'), { recursive: true });
      writeFileSync(join(dir, 'a', 'b', 'recon.dcm'), nmObject({ frames: 2, pixels: new Array(12).fill(5) }).bytes);
      writeFileSync(join(dir, 'a', 'x1'), petSlice({ z: 0, value: 1, uid: '1.1' }));
      writeFileSync(join(dir, 'DICOMDIR'), 'garbage');
      writeFileSync(join(dir, 'readme.txt'), 'not dicom');
      const r = await loadDicomDirectory(dir);
      expect(r.volume.dims).toEqual([3, 2, 2]);
      expect(r.series).toHaveLength(2);
      expect(r.issues.map((i) => i.code)).toEqual(['FILE_SKIPPED']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
