import { describe, expect, it } from 'vitest';
import { classifyCerebellarPerfusion, OMS_NOTE, type ClassifierInput } from '../../src/classify/classify.js';
import { expectedRatio } from '../../src/classify/age-model.js';
import { gradeLoss, percentLoss } from '../../src/classify/severity.js';

const base: ClassifierInput = {
  ratio: 1.07, ageYears: 40, tracer: 'HMPAO', cerebellarCoverage: 1, registrationSimilarity: 0.9, totalCounts: 5e6,
};
const CHILD = 1.068 * (100 / ((107.6 + 97.7 + 99.7) / 3)) / (100 / ((84.1 + 79.4 + 84.9) / 3)); // Barthel 1997 plateau, 0.86981

/** Whole cerebellum and both hemispheres at the same ratio. */
const bilateral = (ratio: number, ageYears: number): ClassifierInput => ({ ...base, ratio, ratioLeft: ratio, ratioRight: ratio, asymmetryIndex: 0, ageYears });

describe('gradeLoss', () => {
  it('labels by loss once z < -2', () => {
    expect(gradeLoss(5, -3).label).toBe('normal');
    expect(gradeLoss(12, -1.9).label).toBe('normal');
    expect(gradeLoss(12, -2.1).label).toBe('mild');
    expect(gradeLoss(16, -2.1).label).toBe('moderate');
    expect(gradeLoss(27.49, -9).label).toBe('moderate');
    expect(gradeLoss(27.5, -9).label).toBe('severe');
    expect(percentLoss(0.63, 0.9)).toBeCloseTo(30, 10);
  });
});

describe('the issue\'s measured cases', () => {
  it('ratio 0.630 gets the same label at 0.9, 1, 15.9 and 16 years', () => {
    const labels = [0.9, 1, 15.9, 16].map((a) => classifyCerebellarPerfusion(bilateral(0.63, a)).label);
    expect(new Set(labels).size).toBe(1);
    expect(labels[0]).toBe('severe');
  });
  it('a 9-month-old who has lost 35 % or 40 % is severe, bilateral, with the OMS note', () => {
    for (const loss of [0.35, 0.4]) {
      const e = expectedRatio(0.75, 'HMPAO').mean;
      const c = classifyCerebellarPerfusion(bilateral(e * (1 - loss), 0.75));
      expect(c.label).toBe('severe');
      expect(c.severeCerebellarHypoperfusion).toBe(true);
      expect(c.percentLoss!).toBeCloseTo(100 * loss, 8);
      expect(c.notes).toContain(OMS_NOTE);
    }
  });
  it('an adult with severe bilateral loss gets no OMS note; a 15.9-year-old does', () => {
    expect(classifyCerebellarPerfusion(bilateral(0.6, 40)).notes).not.toContain(OMS_NOTE);
    expect(classifyCerebellarPerfusion(bilateral(0.6, 15.9)).notes).toContain(OMS_NOTE);
  });
});

describe('same relative loss, same label at 1, 5, 16 and 40 years', () => {
  const ages = [1, 5, 16, 40];
  // every loss outside 10-15.6 %, and each side of the 16 % and 27.5 % cut-offs
  const losses = [-10, -5, 0, 5, 7, 9.9, 15.7, 15.9, 16.1, 20, 25, 27.4, 27.6, 30, 40, 50, 60];
  it.each(losses)('loss %d %%', (lossPercent) => {
    const out = ages.map((a) => {
      const e = expectedRatio(a, 'HMPAO').mean;
      return classifyCerebellarPerfusion(bilateral(e * (1 - lossPercent / 100), a));
    });
    expect(new Set(out.map((c) => c.label)).size).toBe(1);
    expect(new Set(out.map((c) => c.severeCerebellarHypoperfusion)).size).toBe(1);
    for (const c of out) expect(c.percentLoss!).toBeCloseTo(lossPercent, 8);
  });
  it('measured ratios near the cut-offs at the childhood plateau and in adults', () => {
    // 27.5 % below the Barthel plateau is 0.6306; below the adult anchor 0.7743
    const cases: Array<[number, number, string]> = [
      [0.628, 5, 'severe'], [0.633, 5, 'moderate'], [0.772, 40, 'severe'], [0.777, 40, 'moderate'],
      [0.728, 5, 'moderate'], [0.732, 5, 'mild'], [0.895, 40, 'moderate'], [0.899, 40, 'mild'],
    ];
    expect(CHILD * 0.725).toBeCloseTo(0.6306, 4);
    for (const [ratio, age, label] of cases) expect(classifyCerebellarPerfusion(bilateral(ratio, age)).label, `${ratio} at ${age}`).toBe(label);
  });
  it('between 10 and 15.6 % only the z gate differs: the adult spread is narrower than the children\'s', () => {
    const at = (a: number) => classifyCerebellarPerfusion(bilateral(expectedRatio(a, 'HMPAO').mean * 0.88, a));
    expect(at(40).label).toBe('mild'); // z = -12 / 5.2 = -2.3
    expect(at(5).label).toBe('normal'); // z = -12 / 7.8 = -1.5: inside the children's normal range
    expect(at(5).reasons.join(' ')).toMatch(/within the normal range/);
  });
});

describe('bilateral check and unilateral loss', () => {
  it('one hemisphere 35 % low and the other normal is not severe bilateral', () => {
    for (const a of [0.75, 2, 8, 40]) {
      const e = expectedRatio(a, 'HMPAO').mean;
      const left = 0.65 * e, right = 1.0 * e, whole = (left + right) / 2;
      const c = classifyCerebellarPerfusion({ ...base, ageYears: a, ratio: whole, ratioLeft: left, ratioRight: right, asymmetryIndex: (200 * (right - left)) / (left + right) });
      expect(c.severeCerebellarHypoperfusion).toBe(false);
      expect(c.label).toBe('moderate'); // 17.5 % overall
      expect(c.notes.join(' ')).toMatch(/diaschisis/);
      expect(c.notes).not.toContain(OMS_NOTE);
    }
  });
  it('a severe whole-cerebellum loss with one hemisphere under 16 % is severe but not bilateral', () => {
    const e = expectedRatio(8, 'HMPAO').mean;
    const c = classifyCerebellarPerfusion({ ...base, ageYears: 8, ratio: 0.7 * e, ratioLeft: 0.45 * e, ratioRight: 0.9 * e, asymmetryIndex: 66 });
    expect(c.label).toBe('severe');
    expect(c.severeCerebellarHypoperfusion).toBe(false);
    expect(c.hemispherePercentLoss.right!).toBeCloseTo(10, 8);
  });
});
