import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dicomDate, normaliseTracer, patientAgeYears, readDicom } from '../../src/dicom/index.js';
import { SpectError } from '../../src/errors.js';
import { nmObject } from './fixtures.js';

describe('metadata helpers', () => {
  it('Patient Age (AS) in days, weeks, months, years', () => {
    expect(patientAgeYears('002Y', undefined, undefined)).toBe(2);
    expect(patientAgeYears('018M', undefined, undefined)).toBe(1.5);
    expect(patientAgeYears('030W', undefined, undefined)).toBeCloseTo(210 / 365.25, 12);
    expect(patientAgeYears('010D', undefined, undefined)).toBeCloseTo(10 / 365.25, 12);
    // unusable AS: fall back to the dates (2020-02-29 to 2022-03-01 = 731 days)
    expect(patientAgeYears('abc', '20200229', '20220301')).toBeCloseTo(731 / 365.25, 12);
    expect(patientAgeYears(undefined, '20220301', '20200229')).toBeNull();
    expect(patientAgeYears(undefined, undefined, '20200229')).toBeNull();
  });

  it('dates and tracer names', () => {
    expect(dicomDate('20240131')).toBe('2024-01-31');
    expect(dicomDate('2024.01.31')).toBe('2024-01-31');
    expect(dicomDate('20241301')).toBeNull();
    expect(normaliseTracer('Tc-99m HMPAO')).toBe('HMPAO');
    expect(normaliseTracer('Technetium Tc-99m exametazime')).toBe('HMPAO');
    expect(normaliseTracer('Tc99m ECD')).toBe('ECD');
    expect(normaliseTracer('Bicisate')).toBe('ECD');
    expect(normaliseTracer('I-123 IMP')).toBe('IMP');
    expect(normaliseTracer('Iofetamine')).toBe('IMP');
    expect(normaliseTracer('FDG')).toBe('FDG');
  });
});

describe('corrupted bytes', () => {
  it('random byte changes give a volume or a typed error, never anything else', async () => {
    const { bytes } = nmObject({ frames: 2, pixels: Array.from({ length: 12 }, (_, i) => i * 7), inDetector: true, spacing: '-4' });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { minLength: 1, maxLength: 4 }), async (edits) => {
        const b = bytes.slice();
        for (const [pos, val] of edits) b[pos] = val;
        try {
          const v = await readDicom(b);
          expect(v.data.every((x) => Number.isFinite(x))).toBe(true);
        } catch (e) {
          if (!(e instanceof SpectError)) throw e;
        }
      }),
      { numRuns: 400, seed: 42 },
    );
  });
});
