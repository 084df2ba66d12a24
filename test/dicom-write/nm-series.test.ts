/**
 * Single-frame NM RECON TOMO series (one reconstructed slice per file) written by
 * the project's writer in every vendor style and read back through
 * groupDicomFiles -> pickSpectSeries -> readSeriesGroup: voxel for voxel equal
 * to the simulated volume (to the quantisation), with the right RAS affine,
 * whatever the file order, slice order, Instance Numbers, rescale or byte order.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { groupDicomFiles, pickSpectSeries, readDicom, readSeriesGroup, type DicomFileInput } from '../../src/dicom/index.js';
import { writeSingleFrameSeries, NM_SERIES_STYLES, writeNmMultiframe, type SeriesWriteOptions } from '../../src/dicom-write/index.js';
import { SpectError } from '../../src/errors.js';
import { prepareSource, renderStudy, simulateStudy } from '../../src/simulate/index.js';
import { NM_SERIES_RENDER_FORMATS } from '../../src/simulate/render.js';
import { applyAffine } from '../../src/volume/affine.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { syntheticSource } from '../simulate/synthetic-source.js';
import { maxVoxelDiff } from '../helpers/volume-diff.js';

const dir = mkdtempSync(join(tmpdir(), 'nmseries-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function which(tool: string): boolean {
  const found = spawnSync('which', [tool]).status === 0;
  if (!found && process.env.REQUIRE_DICOM_TOOLS === '1') throw new Error(`${tool} is required (REQUIRE_DICOM_TOOLS=1)`);
  return found;
}

const sim = simulateStudy(prepareSource(syntheticSource()), {
  cerebellarFactor: 0.7, matrix: 64, voxelSizeMm: 4.4, fwhmMm: 9, totalCounts: 4e6,
  pose: { rotationsDeg: [4, -6, 8], translationMm: [2, -5, 7] }, ageYears: 5, sex: 'F', tracer: 'HMPAO',
}, 31);

/** The simulated volume with one hot voxel on the left (RAS x < 0), superior (z > 0) side. */
function withMarker(v: Volume): { volume: Volume; marker: [number, number, number] } {
  const [nx, ny, nz] = v.dims;
  const data = new Float32Array(v.data);
  let best = -1, bestScore = -Infinity;
  for (let k = 0; k < nz; k += 3) for (let j = 0; j < ny; j += 3) for (let i = 0; i < nx; i += 3) {
    const w = applyAffine(v.affine, i, j, k);
    const score = -w[0] + w[2] - Math.abs(w[1]) - 0.5 * Math.hypot(w[0] + 50, w[2] - 50);
    if (score > bestScore) { bestScore = score; best = i + nx * (j + ny * k); }
  }
  let max = 0;
  for (const x of data) max = Math.max(max, x);
  data[best] = 3 * max;
  const i = best % nx, j = Math.floor(best / nx) % ny, k = Math.floor(best / (nx * ny));
  const w = applyAffine(v.affine, i, j, k);
  expect(w[0]).toBeLessThan(-20); // left
  expect(w[2]).toBeGreaterThan(20); // superior
  return { volume: createVolume({ data, dims: v.dims, affine: v.affine, metadata: v.metadata }), marker: [w[0], w[1], w[2]] };
}
const { volume, marker } = withMarker(sim.volume);

/** The same voxels, the slice axis running the other way (k = 0 at the other end). */
function flipK(v: Volume): Volume {
  const a = Float64Array.from(v.affine);
  const nz = v.dims[2];
  for (let r = 0; r < 3; r++) { a[4 * r + 3] = a[4 * r + 3]! + a[4 * r + 2]! * (nz - 1); a[4 * r + 2] = -a[4 * r + 2]!; }
  const n = v.dims[0] * v.dims[1];
  const data = new Float32Array(v.data.length);
  for (let k = 0; k < nz; k++) data.set(v.data.subarray((nz - 1 - k) * n, (nz - k) * n), k * n);
  return createVolume({ data, dims: v.dims, affine: a, metadata: v.metadata });
}

const maxDiff = maxVoxelDiff;

/** World position (RAS mm) of the hottest voxel. */
function hottest(v: Volume): [number, number, number] {
  let best = 0;
  for (let p = 1; p < v.data.length; p++) if (v.data[p]! > v.data[best]!) best = p;
  const [nx, ny] = v.dims;
  const w = applyAffine(v.affine, best % nx, Math.floor(best / nx) % ny, Math.floor(best / (nx * ny)));
  return [w[0], w[1], w[2]];
}

/** Deterministic shuffle (file order as a folder listing might give it). */
function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = list.slice();
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function code(p: Promise<unknown>): Promise<string> {
  try { await p; return 'resolved'; } catch (e) { return e instanceof SpectError ? e.code : `untyped ${String(e)}`; }
}

function write(v: Volume, o: SeriesWriteOptions): { files: DicomFileInput[]; tol: number } {
  const written = writeSingleFrameSeries(v, { modality: 'NM', seedForUids: 5, patient: { age: 5, sex: 'F' }, radiopharmaceutical: { code: 'HMPAO' }, ...o });
  let q = 0;
  for (const f of written) q = Math.max(q, f.quantisation.maxError);
  return { files: written.map((f) => ({ name: f.name, bytes: f.bytes })), tol: q * 1.001 + 1e-3 }; // + float32 rounding of the reader
}

async function readFolder(files: readonly DicomFileInput[]): Promise<Volume> {
  const g = groupDicomFiles(files);
  expect(g.series).toHaveLength(1);
  expect(g.series[0]!.summary.nmReconstructed).toBe(true);
  return readSeriesGroup(pickSpectSeries(g.series));
}

const variants: [string, SeriesWriteOptions][] = [
  ['ascending', {}],
  ['descending slice order', { sliceOrder: 'descending' }],
  ['Instance Numbers opposite to position', { reverseInstanceNumbers: true }],
  ['descending and reversed numbers, per-slice slopes', { sliceOrder: 'descending', reverseInstanceNumbers: true, perSliceRescale: true }],
  ['shuffled numbers, big endian', { shuffleInstanceNumbers: true, bigEndian: true }],
  ['per-slice slopes, big endian', { perSliceRescale: true, bigEndian: true }],
];

describe.each(NM_SERIES_STYLES)('single-frame NM series, style %s', (nmStyle) => {
  it.each(variants)('%s: the simulated volume voxel for voxel, superior stays superior, left stays left', async (_name, o) => {
    for (const v of [volume, flipK(volume)]) {
      const { files, tol } = write(v, { nmStyle, ...o });
      expect(files).toHaveLength(64);
      const back = await readFolder(shuffled(files, 7));
      expect(back.dims).toEqual([64, 64, 64]);
      expect(maxDiff(v, back)).toBeLessThanOrEqual(tol);
      const h = hottest(back);
      for (let a = 0; a < 3; a++) expect(h[a]).toBeCloseTo(marker[a]!, 3);
      // reader slices ascend along row x column: the affine's k column points along the normal
      expect(back.metadata.extra.nmImageType).toBe('RECON TOMO');
      expect(back.metadata.extra.positionOrientationSource).toBe(nmStyle === 'mediso' ? 'DetectorInformationSequence[0]' : 'top-level');
      expect(back.metadata.extra.transferSyntaxUid).toBe(o.bigEndian ? '1.2.840.10008.1.2.2' : '1.2.840.10008.1.2.1');
      expect(back.metadata.extra.perSliceRescale).toBe(o.perSliceRescale === true);
      expect(back.metadata.patientAgeYears).toBe(5);
      expect(back.metadata.radiopharmaceutical?.code).toBe('HMPAO');
    }
  });

  it('writes the layout of the style', () => {
    const { files } = write(volume, { nmStyle });
    const ds = dicomParser.parseDicom(files[10]!.bytes);
    const det = ds.elements.x00540022!.items![0]!.dataSet!;
    const top = ds.elements.x00200032 !== undefined;
    const inDet = (det.elements.x00200032?.length ?? 0) > 0;
    expect(top).toBe(nmStyle !== 'mediso');
    expect(inDet).toBe(nmStyle === 'generic' || nmStyle === 'toshiba' || nmStyle === 'mediso');
    expect(ds.elements.x00280008 === undefined).toBe(nmStyle === 'philips');
    expect(ds.string('x00080008')).toBe('ORIGINAL\\PRIMARY\\RECON TOMO\\EMISSION');
    if (nmStyle === 'mim') {
      expect(ds.attributeTag('x00280009')).toBe('x00540080');
      expect(ds.uint16('x00540080')).toBe(11); // the slice's own number
      expect(ds.uint16('x00540081')).toBe(64);
    }
  });

  it('one file alone is refused with TOO_FEW_SLICES (one slice of a series)', async () => {
    const { files } = write(volume, { nmStyle });
    await expect(readDicom(files[20]!.bytes)).rejects.toMatchObject({ code: 'TOO_FEW_SLICES' });
    await expect(readDicom(files[20]!.bytes)).rejects.toThrow(/one slice of a series: pass the folder that holds all of its files/);
    const g = groupDicomFiles([files[20]!]);
    expect(await code(readSeriesGroup(pickSpectSeries(g.series)))).toBe('TOO_FEW_SLICES');
  });

  it.runIf(which('dciodvfy'))('dciodvfy: only the deviations the style is meant to have', () => {
    const { files } = write(volume, { nmStyle, perSliceRescale: true });
    const p = join(dir, `${nmStyle}.dcm`);
    writeFileSync(p, files[5]!.bytes);
    const r = spawnSync('dciodvfy', [p], { encoding: 'utf8' });
    const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.startsWith('Error'));
    const expected: Record<string, RegExp[]> = {
      generic: [],
      mediso: [],
      philips: [/FrameIncrementPointer/, /NumberOfFrames/, /FrameIncrementPointer/],
      toshiba: [/Frame Increment Pointer/],
      mim: [/Slice Vector/, /Number of Slices/],
    };
    expect(errors).toHaveLength(expected[nmStyle]!.length);
    for (const re of expected[nmStyle]!) expect(errors.some((e) => re.test(e)), String(re)).toBe(true);
  });
});

describe('single-frame NM series: broken folders', () => {
  const { files } = write(volume, { nmStyle: 'philips', reverseInstanceNumbers: true });
  it('a missing slice in the middle is INCONSISTENT_SERIES (gap)', async () => {
    const gap = files.filter((_, i) => i !== 30);
    expect(await code(readFolder(gap))).toBe('INCONSISTENT_SERIES');
  });
  it('the same file twice is dropped with DUPLICATE_FILE; another image at a taken position is an error', async () => {
    const back = await readFolder([...files, files[12]!]);
    expect(back.dims[2]).toBe(64);
    expect(back.issues.map((i) => i.code)).toContain('DUPLICATE_FILE');
    const ds = dicomParser.parseDicom(files[0]!.bytes);
    const uids = { study: ds.string('x0020000d')!, series: ds.string('x0020000e')!, frameOfReference: ds.string('x00200052')! };
    // the same series, slice 12 written again with another SOP Instance UID: two images at one position
    const other = write(volume, { nmStyle: 'philips', reverseInstanceNumbers: true, seedForUids: 99, study: { uids } }).files[12]!;
    expect(dicomParser.parseDicom(other.bytes).string('x00080018')).not.toBe(dicomParser.parseDicom(files[12]!.bytes).string('x00080018'));
    expect(groupDicomFiles([...files, other]).series).toHaveLength(1);
    expect(await code(readFolder([...files, other]))).toBe('INCONSISTENT_SERIES');
    // another series of the same study: grouped apart
    expect(groupDicomFiles([...files, write(volume, { nmStyle: 'philips', seedForUids: 99 }).files[12]!]).series).toHaveLength(2);
  });
  it('two series in one folder (an NM series, a PT series, projections) are grouped apart; the NM reconstruction is picked', async () => {
    const pt = writeSingleFrameSeries(volume, { modality: 'PT', seedForUids: 8 }).map((f) => ({ name: `pt/${f.name}`, bytes: f.bytes }));
    const nm = write(volume, { nmStyle: 'mediso', seedForUids: 9 }).files;
    const g = groupDicomFiles(shuffled([...pt, ...nm], 3));
    expect(g.series.map((s) => `${s.summary.modality}:${s.summary.files}`).sort()).toEqual(['NM:64', 'PT:64']);
    const chosen = pickSpectSeries(g.series);
    expect(chosen.summary.modality).toBe('NM');
    expect(maxDiff(volume, await readSeriesGroup(chosen))).toBeLessThanOrEqual(write(volume, { nmStyle: 'mediso' }).tol);
  });
  it('a multi-frame NM reconstruction keeps being one group of its own', async () => {
    const mf = { name: 'recon.dcm', bytes: writeNmMultiframe(volume, { style: 'siemens' }) };
    const g = groupDicomFiles([mf, ...files.slice(0, 3)]);
    expect(g.series.map((s) => [s.summary.files, s.summary.framesPerFile])).toEqual([[1, 64], [3, 1]]);
    expect(pickSpectSeries(g.series).files[0]!.name).toBe('recon.dcm');
  });
});

describe('renderStudy: single-frame NM formats', () => {
  it.each(NM_SERIES_RENDER_FORMATS)('%s reads back to the simulated volume, counts from Counts Accumulated', async (format) => {
    const r = renderStudy(sim, { format });
    expect(r.files).toHaveLength(64);
    const back = await readFolder(r.files);
    expect(maxDiff(sim.volume, back)).toBeLessThanOrEqual(r.maxQuantisationError * 1.001 + 1e-3);
    expect(back.metadata.extra.countsSource).toBe('CountsAccumulated');
    // every file repeats the study's total: taken once
    expect(Math.abs(Number(back.metadata.extra.countsAccumulated) - sim.truth.totalCountsNoisy)).toBeLessThanOrEqual(1);
  });
});
