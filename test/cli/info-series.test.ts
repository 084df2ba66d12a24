/**
 * `info` on folders (series found, the one picked and why) and on files that are
 * not volumes it can analyse (header facts, then the error), text and --json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { writeSingleFrameSeries } from '../../src/dicom-write/index.js';
import { createVolume } from '../../src/volume/volume.js';
import { REPO_ROOT, describeShared, golden, sharedPath } from '../helpers/shared-data.js';
import { nmObject, petSlice } from '../dicom/fixtures.js';

const tmp = mkdtempSync(join(tmpdir(), 'spect-info-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


const n = 24;
const data = new Float32Array(n * n * n);
for (let p = 0; p < data.length; p++) data[p] = 10 + (p % 37);
const vol = createVolume({ data, dims: [n, n, n], affine: [-4, 0, 0, 46, 0, -4, 0, 46, 0, 0, 4, -46, 0, 0, 0, 1] });
const nmFiles = writeSingleFrameSeries(vol, { modality: 'NM', nmStyle: 'mim', reverseInstanceNumbers: true, seriesDescription: 'BRAIN RECON', seedForUids: 3 });
const ptFiles = writeSingleFrameSeries(vol, { modality: 'PT', seedForUids: 4, seriesDescription: 'PET' });

function folder(name: string, files: { name: string; bytes: Uint8Array }[]): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const f of files) {
    mkdirSync(join(d, f.name, '..'), { recursive: true });
    writeFileSync(join(d, f.name), f.bytes);
  }
  return d;
}

describe('info on a folder', () => {
  const projections = { name: 'proj/tomo.dcm', bytes: nmObject({ frames: 2, pixels: new Array(12).fill(5), imageType: 'TOMO' }).bytes };
  const d = folder('mixed', [
    ...nmFiles.map((f) => ({ name: `nm/${f.name}`, bytes: f.bytes })),
    ...ptFiles.map((f) => ({ name: `pt/${f.name}`, bytes: f.bytes })),
    projections,
  ]);

  it('lists the series found and which was picked, with the reason (text)', async () => {
    const r = await run('info', d);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/series found {2}3/);
    // the Series Description is free text (it can carry a name): only with --include-identifiers
    expect(r.out).toMatch(/NM ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION, 24 file\(s\) x 1 frame\(s\), 24x24 {3}<- picked/);
    expect(r.out).not.toContain('BRAIN RECON');
    expect((await run('info', d, '--include-identifiers')).out).toMatch(/24x24, "BRAIN RECON" {3}<- picked/);
    expect(r.out).toMatch(/PT ORIGINAL\\PRIMARY, 24 file\(s\)/);
    expect(r.out).toMatch(/NM ORIGINAL\\PRIMARY\\TOMO\\EMISSION, 1 file\(s\) x 2 frame\(s\)/);
    expect(r.out).toMatch(/picked {8}#\d: NM RECON TOMO \(24 single-frame files\)/);
    expect(r.out).toMatch(/dims {10}24 x 24 x 24/);
  });

  it('--json: series, picked, and the volume at the top level', async () => {
    const r = await run('info', d, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.dims).toEqual([24, 24, 24]);
    expect(j.affine).toHaveLength(16);
    expect(j.series).toHaveLength(3);
    const picked = j.series.find((s: { index: number }) => s.index === j.picked.index);
    expect(picked).toMatchObject({ modality: 'NM', files: 24, slices: 24, nmReconstructed: true, seriesDescription: null, columns: 24, rows: 24 });
    expect(j.picked.reason).toMatch(/NM RECON TOMO/);
    expect(j.metadata.extra.nmImageType).toBe('RECON TOMO');
  });

  it('a folder with part of a series: the series, then TOO_FEW_SLICES', async () => {
    const part = folder('part', nmFiles.slice(3, 8).map((f) => ({ name: f.name, bytes: f.bytes })));
    const r = await run('info', part, '--json');
    expect(r.code).toBe(4);
    const j = JSON.parse(r.out);
    expect(j.series).toHaveLength(1);
    expect(j.dims).toEqual([24, 24, 5]);
    expect(j.error.code).toBe('TOO_FEW_SLICES');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^error TOO_FEW_SLICES: only 5 voxels/);
  });

  it('a folder with no volume: the series, then NO_VOLUME_FOUND', async () => {
    const none = folder('none', [projections]);
    const r = await run('info', none);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/series found {2}1/);
    expect(r.out).toMatch(/picked {8}none/);
    expect(r.err).toMatch(/^error NO_VOLUME_FOUND/);
  });
});

describe('info on a file that is not a volume', () => {
  it('one file of a single-frame NM series: header facts, then "one slice of a series"', async () => {
    const f = join(tmp, 'slice.dcm');
    writeFileSync(f, nmFiles[4]!.bytes);
    const t = await run('info', f);
    expect(t.code).toBe(4);
    expect(t.out).toMatch(/header {8}NM \(NM Image\) {3}image type ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION/);
    expect(t.out).toMatch(/image {9}24 x 24, Number of Frames 1, Number of Slices 24/);
    expect(t.err.trim().split('\n')).toHaveLength(1);
    expect(t.err).toMatch(/^error TOO_FEW_SLICES: one slice of a series: pass the folder that holds all of its files/);
    const j = await run('info', f, '--json');
    expect(j.code).toBe(4);
    const o = JSON.parse(j.out);
    expect(o.header).toMatchObject({ modality: 'NM', imageType: ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION'], rows: 24, columns: 24, positionOrientation: 'top-level' });
    expect(o.error.code).toBe('TOO_FEW_SLICES');
    expect(j.out).not.toContain('SIMULATED^SUBJECT');
  });

  it('TOMO projections: header facts, then NOT_RECONSTRUCTED_VOLUME', async () => {
    const f = join(tmp, 'tomo.dcm');
    writeFileSync(f, nmObject({ frames: 2, pixels: new Array(12).fill(5), imageType: 'TOMO', inDetector: true }).bytes);
    const j = await run('info', f, '--json');
    expect(j.code).toBe(3);
    const o = JSON.parse(j.out);
    expect(o.header.imageType[2]).toBe('TOMO');
    expect(o.header.numberOfFrames).toBe(2);
    expect(o.header.positionOrientation).toBe('DetectorInformationSequence');
    expect(o.error.code).toBe('NOT_RECONSTRUCTED_VOLUME');
    expect(j.err).toMatch(/^error NOT_RECONSTRUCTED_VOLUME: TOMO projection data/);
  });

  it('one PET slice: the volume it is, then TOO_FEW_SLICES', async () => {
    const f = join(tmp, 'pet.dcm');
    writeFileSync(f, petSlice({ z: 0, value: 3, uid: '1.2.3.99' }));
    const j = await run('info', f, '--json');
    expect(j.code).toBe(4);
    const o = JSON.parse(j.out);
    expect(o.dims).toEqual([2, 2, 1]);
    expect(o.error.code).toBe('TOO_FEW_SLICES');
  });

  it('a file that is not DICOM at all: only the one-line error, as before', async () => {
    const r = await run('info', join(REPO_ROOT, 'package.json'));
    expect(r.code).toBe(3);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});

describeShared('info on real files (../shared/data)', () => {
  it('GE Lu-177 TOMO projections: the golden header facts, then NOT_RECONSTRUCTED_VOLUME', async () => {
    const rel = 'dicom/nm/NM_Lu177_TOMO_bed1_projections.dcm';
    const g = golden<{ header: { rows: number; columns: number; number_of_frames: number; modality: string; other: { ImageType: string[] } } }>(rel);
    const r = await run('info', sharedPath(rel), '--json');
    expect(r.code).toBe(3);
    const o = JSON.parse(r.out);
    expect(o.header.modality).toBe(g.header.modality);
    expect(o.header.imageType).toEqual(g.header.other.ImageType);
    expect([o.header.rows, o.header.columns, o.header.numberOfFrames]).toEqual([g.header.rows, g.header.columns, g.header.number_of_frames]);
    expect(o.header.positionOrientation).toBe('DetectorInformationSequence');
    expect(o.error.code).toBe('NOT_RECONSTRUCTED_VOLUME');
  });
  it('NEMA NM1 (a WHOLE BODY Secondary Capture without geometry): header facts, then INVALID_GEOMETRY', async () => {
    const r = await run('info', sharedPath('dicom/nm/NM1_UNC.dcm'));
    expect(r.code).toBe(4);
    expect(r.out).toMatch(/header {8}NM \(Secondary Capture Image\) {3}image type ORIGINAL\\PRIMARY\\WHOLE BODY\\EMISSION/);
    expect(r.out).toMatch(/image {9}256 x 1024/);
    expect(r.err).toMatch(/^error INVALID_GEOMETRY/);
  });
});
