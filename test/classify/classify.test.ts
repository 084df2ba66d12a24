import { describe, expect, it } from 'vitest';
import { classifyCerebellarPerfusion, OMS_NOTE, type ClassifierInput } from '../../src/classify/classify.js';
import { ADULT_HMPAO_MEAN, CHILD_FACTOR, CHILD_CV, ADULT_CV, REFERENCE_RANGES, ageBandOf, parseTracer, referenceRangeFor } from '../../src/classify/reference-ranges.js';

const base: ClassifierInput = {
  ratio: 1.07, ageYears: 40, tracer: 'HMPAO', cerebellarCoverage: 1, registrationSimilarity: 0.9, totalCounts: 5e6,
};

describe('reference ranges', () => {
  it('derive from the cited numbers', () => {
    // Barthel 1997: 100/mean(107.6, 97.7, 99.7) over 100/mean(84.1, 79.4, 84.9)
    expect(CHILD_FACTOR).toBeCloseTo(0.98361 / 1.20773, 4);
    expect(CHILD_CV).toBeCloseTo(0.07797, 4);
    expect(ADULT_CV).toBeCloseTo(0.05216, 4);
    const child = referenceRangeFor('HMPAO', 2);
    expect(child.mean).toBeCloseTo(ADULT_HMPAO_MEAN * 0.81443, 3);
    expect(child.provisional).toBe(true);
    expect(referenceRangeFor('HMPAO', 40).provisional).toBe(false);
    expect(REFERENCE_RANGES).toHaveLength(9);
    for (const r of REFERENCE_RANGES) expect(r.sources.length).toBeGreaterThan(0);
  });
  it('age bands and tracer names', () => {
    expect(ageBandOf(0.5)).toBe('infant');
    expect(ageBandOf(1)).toBe('child');
    expect(ageBandOf(15.9)).toBe('child');
    expect(ageBandOf(16)).toBe('adult');
    expect(parseTracer('Tc-99m Exametazime')).toBe('HMPAO');
    expect(parseTracer('bicisate')).toBe('ECD');
    expect(parseTracer('123I-IMP')).toBe('IMP');
    expect(parseTracer('FDG')).toBeNull();
  });
});

describe('classifyCerebellarPerfusion', () => {
  it('normal adult', () => {
    const c = classifyCerebellarPerfusion(base);
    expect(c.label).toBe('normal');
    expect(c.severeCerebellarHypoperfusion).toBe(false);
    expect(c.zScore).toBeCloseTo((1.07 - 1.068) / (1.068 * ADULT_CV), 6);
  });
  it('severe bilateral in a child adds the OMS note', () => {
    const c = classifyCerebellarPerfusion({ ...base, ageYears: 2, ratio: 0.5, ratioLeft: 0.5, ratioRight: 0.51, asymmetryIndex: 2 });
    expect(c.label).toBe('severe');
    expect(c.severeCerebellarHypoperfusion).toBe(true);
    expect(c.notes).toContain(OMS_NOTE);
  });
  it('grades mild and moderate by z', () => {
    const ref = referenceRangeFor('HMPAO', 8);
    const at = (z: number) => classifyCerebellarPerfusion({ ...base, ageYears: 8, ratio: ref.mean + z * ref.sd }).label;
    expect(at(-1.9)).toBe('normal');
    expect(at(-2.5)).toBe('mild');
    expect(at(-3.5)).toBe('moderate');
    expect(at(-4.5)).toBe('severe');
  });
  it('a unilateral drop is not flagged as severe bilateral hypoperfusion', () => {
    const c = classifyCerebellarPerfusion({ ...base, ratio: 0.8, ratioLeft: 0.55, ratioRight: 1.05, asymmetryIndex: 62 });
    expect(c.label).toBe('severe');
    expect(c.severeCerebellarHypoperfusion).toBe(false);
    expect(c.notes.join(' ')).toMatch(/diaschisis/);
  });
  it('is indeterminate with reasons when coverage, registration, counts, age or tracer fail', () => {
    const cases: Array<[Partial<ClassifierInput>, RegExp]> = [
      [{ cerebellarCoverage: 0.6 }, /field of view/],
      [{ registrationSimilarity: 0.3 }, /registration/],
      [{ totalCounts: 1000 }, /counts/],
      [{ ageYears: null }, /age/],
      [{ tracer: null }, /tracer/],
      [{ ratio: NaN }, /ratio/],
    ];
    for (const [patch, re] of cases) {
      const c = classifyCerebellarPerfusion({ ...base, ...patch });
      expect(c.label).toBe('indeterminate');
      expect(c.severeCerebellarHypoperfusion).toBe(false);
      expect(c.reasons.join(' ')).toMatch(re);
    }
  });
  it('records assumptions when defaults are used', () => {
    const c = classifyCerebellarPerfusion({ ...base, ageYears: null, tracer: null }, { assumeAgeYears: 30, assumeTracer: 'ECD' });
    expect(c.label).toBe('normal');
    expect(c.assumptions).toHaveLength(2);
    expect(c.notes.join(' ')).toMatch(/provisional/);
  });
});
