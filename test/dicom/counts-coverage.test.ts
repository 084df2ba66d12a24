/**
 * Counts source (Counts Accumulated before a voxel sum, never a voxel sum under
 * a Real World Value Mapping) and the minimum extent of a head volume.
 */
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { acquisitionCounts, assembleSeries, checkHeadCoverage, readDicom, MIN_HEAD_EXTENT_MM, MIN_HEAD_SLICES } from '../../src/dicom/index.js';
import { seriesCountsAccumulated } from '../../src/dicom/counts.js';
import { writeNmMultiframeWithInfo } from '../../src/dicom-write/index.js';
import { SpectError } from '../../src/errors.js';
import { IssueList } from '../../src/issues.js';
import { createVolume, EMPTY_METADATA } from '../../src/volume/volume.js';
import { el, sq } from './build-dicom.js';
import { nmObject, petSlice } from './fixtures.js';

const frames = (n: number, v = 10) => new Array(6 * n).fill(v);
const rwvm = (slope: number) => sq(0x00409096, [
  el(0x00409216, 'US', [0]), el(0x00409211, 'US', [65535]), el(0x00409225, 'FD', [slope]), el(0x00409224, 'FD', [0]),
  sq(0x004008ea, [el(0x00080100, 'SH', '{counts}'), el(0x00080102, 'SH', 'UCUM'), el(0x00080104, 'LO', 'counts')]),
]);
const counts = (n: string) => el(0x00180070, 'IS', n);

function thrown(f: () => unknown): SpectError | null {
  try { f(); return null; } catch (e) { if (e instanceof SpectError) return e; throw e; }
}

describe('counts source', () => {
  it('Counts Accumulated (0018,0070) wins over the voxel sum', async () => {
    const v = await readDicom(nmObject({ frames: 2, pixels: frames(2), extra: [counts('1234567')] }).bytes);
    expect(v.metadata.totalCounts).toBe(120);
    expect(v.metadata.extra.countsSource).toBe('CountsAccumulated');
    expect(v.metadata.extra.countsAccumulated).toBe(1234567);
    expect(acquisitionCounts(v.metadata)).toBe(1234567);
  });
  it('without it, a voxel sum counts only when nothing says otherwise', async () => {
    const plain = await readDicom(nmObject({ frames: 2, pixels: frames(2) }).bytes);
    expect(plain.metadata.extra.countsSource).toBe('voxelSum');
    expect(acquisitionCounts(plain.metadata)).toBe(120);
    // a Real World Value Mapping labelled {counts} is a calibration, not the camera's counts
    const mapped = await readDicom(nmObject({ frames: 2, pixels: frames(2), extra: [rwvm(0.25)] }).bytes);
    expect(mapped.metadata.units).toBe('{counts}');
    expect(mapped.metadata.totalCounts).toBe(30);
    expect(mapped.metadata.extra.countsSource).toBeNull();
    expect(acquisitionCounts(mapped.metadata)).toBeNull();
    // ... unless the file also has Counts Accumulated
    const both = await readDicom(nmObject({ frames: 2, pixels: frames(2), extra: [rwvm(0.25), counts('5000000')] }).bytes);
    expect(acquisitionCounts(both.metadata)).toBe(5e6);
    // an empty (type 2) or negative Counts Accumulated is absent
    expect((await readDicom(nmObject({ frames: 2, pixels: frames(2), extra: [counts('')] }).bytes)).metadata.extra.countsSource).toBe('voxelSum');
    expect((await readDicom(nmObject({ frames: 2, pixels: frames(2), extra: [counts('-5')] }).bytes)).metadata.extra.countsSource).toBe('voxelSum');
  });
  it('units that are not counts give no counts', async () => {
    const bq = await readDicom(nmObject({ frames: 2, pixels: frames(2), extra: [el(0x00541001, 'CS', 'BQML')] }).bytes);
    expect(bq.metadata.extra.countsSource).toBeNull();
    expect(acquisitionCounts(bq.metadata)).toBeNull();
  });
  it('series: per-slice values are summed, a repeated total taken once, a partial set not used', () => {
    const issues = new IssueList();
    expect(seriesCountsAccumulated([10, 20, 30], issues)).toBe(60);
    expect(seriesCountsAccumulated([500, 500, 500], issues)).toBe(500);
    expect(seriesCountsAccumulated([undefined, undefined], issues)).toBeUndefined();
    expect(issues.length).toBe(0);
    expect(seriesCountsAccumulated([10, undefined, 30], issues)).toBeUndefined();
    expect(issues.toArray().map((i) => i.code)).toEqual(['COUNTS_ACCUMULATED_PARTIAL']);
  });
  it('series assembled from PT slices in CNTS without Counts Accumulated: the voxel sum', async () => {
    const files = [0, 2, 4].map((z) => ({ name: `${z}`, bytes: petSlice({ z, value: 100, uid: `1.9.${z}` }) }));
    const v = await assembleSeries(files);
    expect(v.metadata.extra.countsSource).toBe('voxelSum');
    expect(acquisitionCounts(v.metadata)).toBe(v.metadata.totalCounts);
  });
  it('volumes not read from DICOM keep the older rule', () => {
    expect(acquisitionCounts({ ...EMPTY_METADATA, format: 'nifti', totalCounts: 9 })).toBeNull();
    expect(acquisitionCounts({ ...EMPTY_METADATA, format: 'dicom', totalCounts: 9 })).toBe(9);
    expect(acquisitionCounts({ ...EMPTY_METADATA, format: 'dicom', units: 'BQML', totalCounts: 9 })).toBeNull();
  });
  it('the multi-frame writer\'s Counts Accumulated is read back', async () => {
    const n = 12;
    const data = new Float32Array(n * n * n).fill(3);
    const vol = createVolume({ data, dims: [n, n, n], affine: [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1] });
    for (const style of ['ge', 'siemens', 'hermes'] as const) {
      const v = await readDicom(writeNmMultiframeWithInfo(vol, { style }).bytes);
      expect(v.metadata.extra.countsSource).toBe('CountsAccumulated');
      expect(v.metadata.extra.countsAccumulated).toBe(3 * n * n * n);
    }
  });
});

describe('the low-count check of analyzeStudy reads the better source', () => {
  it('Counts Accumulated over a small {counts} voxel sum; a voxel sum only when it is the source', async () => {
    const { prepareSource, phantomSource, simulateStudy } = await import('../../src/simulate/index.js');
    const sim = simulateStudy(prepareSource(phantomSource()), { cerebellarFactor: 1, matrix: 64, voxelSizeMm: 4.4, fwhmMm: 10, totalCounts: 3e6, ageYears: 30, tracer: 'HMPAO' }, 5);
    const scaled = Float32Array.from(sim.volume.data, (x) => x * 0.03); // a calibration: the voxel sum is about 9e4
    let sum = 0;
    for (const x of scaled) sum += x;
    const study = (extra: Record<string, string | number | null>) => createVolume({
      data: scaled, dims: sim.volume.dims, affine: sim.volume.affine,
      metadata: { ...sim.volume.metadata, format: 'dicom', units: '{counts}', totalCounts: sum, extra },
    });
    const reasons = (extra: Record<string, string | number | null>) => analyzeStudy(study(extra), { ageYears: 30, tracer: 'HMPAO' }).report.classification.reasons.join(' ');
    expect(reasons({ countsSource: 'CountsAccumulated', countsAccumulated: 3e6 })).not.toMatch(/too few counts/);
    expect(reasons({ countsSource: null, countsAccumulated: null })).not.toMatch(/too few counts/);
    expect(reasons({ countsSource: 'voxelSum', countsAccumulated: null })).toMatch(`too few counts (${Math.round(sum)}, minimum 200000)`);
  }, 60_000);
});

describe('minimum extent of a head volume', () => {
  const vol = (nz: number, dz: number) => ({ dims: [64, 64, nz] as const, spacing: [4.4, 4.4, dz] as const });
  it(`at least ${MIN_HEAD_SLICES} voxels and ${MIN_HEAD_EXTENT_MM} mm along every axis`, () => {
    expect(thrown(() => checkHeadCoverage(vol(64, 4.4)))).toBeNull();
    expect(thrown(() => checkHeadCoverage(vol(19, 4.4)))).toBeNull(); // 83.6 mm
    expect(thrown(() => checkHeadCoverage(vol(18, 4.4)))?.code).toBe('TOO_FEW_SLICES'); // 79.2 mm
    expect(thrown(() => checkHeadCoverage(vol(7, 12)))?.code).toBe('TOO_FEW_SLICES'); // 84 mm but 7 slices
    expect(thrown(() => checkHeadCoverage({ dims: [16, 64, 64], spacing: [4.4, 4.4, 4.4] }))?.details).toMatchObject({ axis: 0, voxels: 16 });
    const one = thrown(() => checkHeadCoverage(vol(1, 4.4)));
    expect(one?.code).toBe('TOO_FEW_SLICES');
    expect(one?.message).toMatch(/^one slice of a series: pass the folder that holds all of its files/);
    expect(thrown(() => checkHeadCoverage(vol(5, 4.4)))?.message).toMatch(/only 5 voxels \(22\.0 mm\) along axis k/);
  });
  it('analyzeStudy refuses a thin volume before registration', () => {
    const thin = createVolume({ data: new Float32Array(64 * 64 * 3).fill(1), dims: [64, 64, 3], affine: [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1] });
    expect(thrown(() => analyzeStudy(thin))?.code).toBe('TOO_FEW_SLICES');
  });
});
