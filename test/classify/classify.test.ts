import { describe, expect, it } from 'vitest';
import { classifyCerebellarPerfusion, OMS_NOTE, type ClassifierInput } from '../../src/classify/classify.js';
import { ADULT_CV, ageBandOf, parseTracer } from '../../src/classify/reference-ranges.js';
import { referenceRangeFor } from '../../src/classify/age-model.js';

const base: ClassifierInput = {
  ratio: 1.07, ageYears: 40, tracer: 'HMPAO', cerebellarCoverage: 1, registrationSimilarity: 0.9, totalCounts: 5e6,
};

describe('reference ranges', () => {
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
  it('grades by relative loss once outside the normal range', () => {
    // before issue 12 this graded by z (-2/-3/-4); the label is now the loss against the expected ratio
    const ref = referenceRangeFor('HMPAO', 40);
    const at = (loss: number) => classifyCerebellarPerfusion({ ...base, ratio: ref.mean * (1 - loss) }).label;
    expect(at(0.09)).toBe('normal');
    expect(at(0.12)).toBe('mild');
    expect(at(0.2)).toBe('moderate');
    expect(at(0.3)).toBe('severe');
  });
  it('a unilateral drop is not flagged as severe bilateral hypoperfusion', () => {
    const c = classifyCerebellarPerfusion({ ...base, ratio: 0.75, ratioLeft: 0.45, ratioRight: 1.05, asymmetryIndex: 80 });
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
      [{ ratio: null }, /ratio/],
    ];
    for (const [patch, re] of cases) {
      const c = classifyCerebellarPerfusion({ ...base, ...patch });
      expect(c.label).toBe('indeterminate');
      expect(c.severeCerebellarHypoperfusion).toBe(false);
      expect(c.reasons.join(' ')).toMatch(re);
      if (patch.ratio !== undefined) { expect(c.ratio).toBeNull(); expect(c.percentLoss).toBeNull(); }
    }
  });
  it('records assumptions when defaults are used', () => {
    const c = classifyCerebellarPerfusion({ ...base, ageYears: null, tracer: null }, { assumeAgeYears: 30, assumeTracer: 'ECD' });
    expect(c.label).toBe('normal');
    expect(c.assumptions).toHaveLength(2);
    expect(c.notes.join(' ')).toMatch(/provisional/);
  });
});
