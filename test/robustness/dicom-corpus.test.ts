/**
 * Malformed DICOM corpus (see corpus.ts): hostile objects, truncation at every
 * element boundary, inverted header bytes and lengths past the buffer, on a
 * writer-made GE NM RECON TOMO file and on the real GE Lu-177 projection file.
 * Each case: allowed outcome, bounded memory, a vitest timeout as a hang guard
 * (1 s for the small files, 5 s for the 11.8 MB real file).
 */
import { describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/index.js';
import { describeShared, hasSharedData, sharedBytes } from '../helpers/shared-data.js';
import { ANY_ERROR, dicomHostileCases, geNmFile, headerFlipCases, lengthPastEndCases, truncationCases } from './corpus.js';
import { expectCase } from './expect-case.js';

/** Hang guard for the small hostile files; the 11.8 MB real file gets 5 s (measured up to ~0.6 s, linear in its size). */
// Hang guards, generous so that a loaded CI machine cannot make them flaky; the
// per-case times measured by the fuzz runner (docs/reliability.md) stay well under 1 s.
const T = 10_000;
const T_BIG = 20_000;

describe('hostile DICOM objects', () => {
  it.each(dicomHostileCases().map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c); }, T);
});

describe('writer-made GE NM RECON TOMO file', () => {
  const ge = geNmFile();
  it('reads as the control volume', async () => {
    const v = await readDicom(ge);
    expect(v.dims).toEqual([16, 16, 8]);
  });
  it.each(truncationCases('GE NM', ge, [ANY_ERROR]).map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c); }, T);
  it.each(lengthPastEndCases('GE NM', ge, ['TRUNCATED', 'MALFORMED']).map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c.make()); }, T);
  it.each(headerFlipCases('GE NM', ge).map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c.make()); }, T);
});

describe('all-zero and pure-noise studies (reader level)', () => {
  it('an all-zero study reads as a volume of zeros (the analysis decides; see analysis.test.ts)', async () => {
    const v = await readDicom(geNmFile(new Float32Array(16 * 16 * 8)));
    expect(v.metadata.totalCounts).toBe(0);
    expect(v.data.every((x) => x === 0)).toBe(true);
  });
  it('a study of pure noise reads as a volume with the same values', async () => {
    let s = 12345;
    const noise = Float32Array.from({ length: 16 * 16 * 8 }, () => { s = (s * 1103515245 + 12345) >>> 0; return s % 1000; });
    const v = await readDicom(geNmFile(noise));
    let sum = 0;
    for (const x of noise) sum += x;
    expect(v.metadata.totalCounts).toBeCloseTo(sum, 6);
  });
});

describeShared('real GE Lu-177 projection file (NM_Lu177_TOMO_bed1_projections.dcm)', () => {
  // describeShared collects the suite even when it skips it: build the cases only when the file exists.
  const lu = hasSharedData ? sharedBytes('dicom/nm/NM_Lu177_TOMO_bed1_projections.dcm') : new Uint8Array(0);
  const truncations = hasSharedData ? truncationCases('Lu177', lu, [ANY_ERROR]) : [];
  const lengths = hasSharedData ? lengthPastEndCases('Lu177', lu, ['volume', ANY_ERROR]) : [];
  it('whole file: projections, not a reconstructed volume', async () => {
    await expect(readDicom(lu)).rejects.toMatchObject({ code: 'NOT_RECONSTRUCTED_VOLUME' });
  });
  it.each(truncations.map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c); }, T_BIG);
  it.each(lengths.map((c) => [c.name, c] as const))('%s', async (_n, c) => { await expectCase(c.make()); }, T_BIG);
});
