import { describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/read.js';
import { assembleSeries } from '../../src/dicom/series.js';
import { readNifti } from '../../src/nifti/index.js';
import { prepareSource, renderStudy, simulateStudy, type RenderFormat } from '../../src/simulate/index.js';
import type { Volume } from '../../src/volume/volume.js';
import { syntheticSource } from './synthetic-source.js';
import { maxVoxelDiff } from '../helpers/volume-diff.js';

const src = prepareSource(syntheticSource());
const study = simulateStudy(src, {
  cerebellarFactor: 0.7, matrix: 64, voxelSizeMm: 4.4, fwhmMm: 9, totalCounts: 4e6,
  pose: { rotationsDeg: [5, -8, 10], translationMm: [3, -6, 9] }, ageYears: 4, sex: 'M', tracer: 'ECD',
}, 21);

const maxDiff = (orig: Volume, back: Volume): number => maxVoxelDiff(orig, back, 1e-3);

describe('renderStudy', () => {
  it.each(['ge', 'siemens', 'hermes', 'series', 'nifti'] as RenderFormat[])('%s files read back to the simulated volume', async (format) => {
    const r = renderStudy(study, { format, includeTruth: true });
    const truthFile = r.files.find((f) => f.name.endsWith('.truth.json'))!;
    expect(JSON.parse(new TextDecoder().decode(truthFile.bytes)).idealRatio).toBe(study.truth.idealRatio);
    const images = r.files.filter((f) => !f.name.endsWith('.json'));
    let back: Volume;
    if (format === 'nifti') back = readNifti(images[0]!.bytes);
    else if (format === 'series') {
      expect(images).toHaveLength(64);
      back = await assembleSeries(images);
    } else back = await readDicom(images[0]!.bytes);
    expect(back.dims).toEqual([64, 64, 64]);
    const tol = format === 'ge' ? 0 : format === 'nifti' ? 0 : r.maxQuantisationError * 1.001 + 1e-4; // + float32 rounding
    expect(maxDiff(study.volume, back)).toBeLessThanOrEqual(tol);
    if (format !== 'nifti') {
      expect(back.metadata.patientSex).toBe('M');
      expect(back.metadata.patientAgeYears).toBe(4);
      expect(back.metadata.radiopharmaceutical?.code).toBe('ECD');
    }
  });
  it('noise-free rendering in GE style reports the rounding error', () => {
    const r = renderStudy(study, { format: 'ge', noiseFree: true });
    expect(r.maxQuantisationError).toBeGreaterThan(0);
    expect(r.maxQuantisationError).toBeLessThanOrEqual(0.5);
  });
});
