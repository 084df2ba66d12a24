/**
 * The attenuation step inside analyzeStudy: a study the file says is uncorrected is Chang-corrected
 * (issue), a corrected one is left alone, and a study of unknown status is analysed in whichever
 * form fits the template better - checked on a corrected and an uncorrected simulation of the same
 * head (source a; the truth attenuation has a skull and a face the correction does not know).
 */
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { phantomSource, prepareSource, simulateStudy } from '../../src/simulate/index.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';

const src = prepareSource(phantomSource());
const params = { cerebellarFactor: 0.9, matrix: 64 as const, voxelSizeMm: 4, fwhmMm: 12, totalCounts: 2e6, scalpFraction: 0.2,
  pose: { rotationsDeg: [10, -6, 8] as [number, number, number], translationMm: [5, -4, 6] as [number, number, number] } };
const hide = (v: Volume) => createVolume({ data: v.data, dims: v.dims, affine: v.affine, metadata: { ...v.metadata, attenuationCorrected: null } });
const codes = (r: ReturnType<typeof analyzeStudy>) => r.report.issues.map((i) => i.code);

describe('attenuation correction in the analysis', () => {
  const ac = simulateStudy(src, params, 12).volume;
  const nac = simulateStudy(src, { ...params, attenuationPerCm: 0.13 }, 12).volume;

  it('status from the file: corrected left alone, uncorrected Chang-corrected with an issue that says so', () => {
    expect(ac.metadata.attenuationCorrected).toBe(true);
    expect(nac.metadata.attenuationCorrected).toBe(false);
    const a = analyzeStudy(ac, { ageYears: 30, tracer: 'HMPAO' });
    expect(codes(a)).not.toContain('ATTENUATION_CORRECTED_BY_LIBRARY');
    const n = analyzeStudy(nac, { ageYears: 30, tracer: 'HMPAO' });
    expect(codes(n)).toContain('ATTENUATION_CORRECTED_BY_LIBRARY');
    // the corrected copy fits the (corrected) template better than the raw study does
    const raw = analyzeStudy(nac, { ageYears: 30, tracer: 'HMPAO', attenuationCorrected: true });
    expect(n.registration.similarity).toBeGreaterThan(raw.registration.similarity + 0.01);
    expect(n.volumeRef.data).not.toBe(nac.data);
  }, 120_000);

  it('unknown status: the uncorrected study is corrected, the corrected one is not (both registered, better fit kept)', () => {
    const n = analyzeStudy(hide(nac), { ageYears: 30, tracer: 'HMPAO' });
    expect(codes(n)).toEqual(expect.arrayContaining(['ATTENUATION_STATUS_UNKNOWN', 'ATTENUATION_CORRECTED_BY_LIBRARY']));
    const a = analyzeStudy(hide(ac), { ageYears: 30, tracer: 'HMPAO' });
    expect(codes(a)).toContain('ATTENUATION_STATUS_UNKNOWN');
    expect(codes(a)).not.toContain('ATTENUATION_CORRECTED_BY_LIBRARY');
    expect(a.volumeRef.data).toBe(ac.data);
  }, 120_000);
});
