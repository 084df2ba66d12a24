import { describe, expect, it } from 'vitest';
import {
  INFANCY_TRANSITION, PUBERTY_TRANSITION, expectedRatio, maturationFactor, normalCv, referenceRangeFor, smoothstep,
} from '../../src/classify/age-model.js';
import { ADULT_CV, ADULT_HMPAO_MEAN, CHILD_CV, CHILD_FACTOR, TRACERS } from '../../src/classify/reference-ranges.js';
import { classifyCerebellarPerfusion } from '../../src/classify/classify.js';

// Independent values from the cited numbers (Barthel 1997; Marroni 2013; SPM12 template 1.068).
const CHILD = 1.068 * (100 / ((107.6 + 97.7 + 99.7) / 3)) / (100 / ((84.1 + 79.4 + 84.9) / 3)); // 0.86981
const CV_CHILD = (9.8 / 107.6 + 6.7 / 97.7 + 7.4 / 99.7) / 3; // 0.07797
const CV_ADULT = 4.07 / 78.03; // 0.05216

describe('age model anchors', () => {
  it('equals the anchors outside the transitions', () => {
    expect(CHILD_FACTOR).toBeCloseTo(0.98361 / 1.20773, 4);
    expect(CHILD_CV).toBeCloseTo(0.07797, 4);
    expect(ADULT_CV).toBeCloseTo(0.05216, 4);
    for (const a of [2, 4, 8, 11, 13]) {
      const e = expectedRatio(a, 'HMPAO');
      expect(e.mean).toBeCloseTo(CHILD, 10);
      expect(e.cv).toBeCloseTo(CV_CHILD, 10);
      expect(e.sd).toBeCloseTo(CHILD * CV_CHILD, 10);
    }
    for (const a of [19, 40, 80, 100]) {
      const e = expectedRatio(a, 'HMPAO');
      expect(e.mean).toBe(ADULT_HMPAO_MEAN);
      expect(e.cv).toBeCloseTo(CV_ADULT, 10);
      expect(e.provisional).toBe(false);
      expect(e.uncertainty).toBeCloseTo(0.02, 12);
    }
    for (const a of [0, 0.1]) expect(expectedRatio(a, 'HMPAO').mean).toBe(1.068);
  });
  it('interpolates by a smoothstep: the midpoints are the mean of the anchors', () => {
    const midInfancy = (INFANCY_TRANSITION[0] + INFANCY_TRANSITION[1]) / 2; // 13 months
    expect(expectedRatio(midInfancy, 'HMPAO').mean).toBeCloseTo((1.068 + CHILD) / 2, 10);
    expect(expectedRatio(16, 'HMPAO').mean).toBeCloseTo((1.068 + CHILD) / 2, 10);
    expect(normalCv(16)).toBeCloseTo((CV_CHILD + CV_ADULT) / 2, 10);
    // t = 0.25: 3/16 - 2/64 = 0.15625 of the way
    const quarter = INFANCY_TRANSITION[0] + 0.25 * (INFANCY_TRANSITION[1] - INFANCY_TRANSITION[0]);
    expect(maturationFactor(quarter)).toBeCloseTo(1 + 0.15625 * (CHILD / 1.068 - 1), 10);
    expect(smoothstep(0, 1, 0.5)).toBe(0.5);
  });
  it('states its uncertainty (+/-10 % in children), provisional status and sources', () => {
    const e = expectedRatio(5, 'HMPAO');
    expect(e.uncertainty).toBe(0.1);
    expect(e.meanBand[0]).toBeCloseTo(0.9 * CHILD, 10);
    expect(e.meanBand[1]).toBeCloseTo(1.1 * CHILD, 10);
    expect(e.provisional).toBe(true);
    expect(e.sources.map((s) => s.short)).toEqual(expect.arrayContaining(['Barthel 1997', 'Kobayashi 1996', 'SPM12 HMPAO template']));
    expect(expectedRatio(0.5, 'HMPAO').sources.map((s) => s.short)).toContain('Rubinstein 1989');
    expect(expectedRatio(40, 'ECD').provisional).toBe(true); // ECD reuses the HMPAO anchor
    expect(expectedRatio(40, 'ECD').derivation).toMatch(/reuses the HMPAO anchor/);
    const r = referenceRangeFor('HMPAO', 5);
    expect(r.kind).toBe('model');
    expect(r.name).toMatch(/built-in age model/);
    expect(r.ageBand).toBe('child');
  });
});

describe('age model continuity', () => {
  it('has no jump between neighbouring ages over 0-100 years, for every tracer', () => {
    const step = 0.001; // years (about 9 hours)
    for (const t of TRACERS) {
      let prev = expectedRatio(0, t);
      let maxJump = 0, maxCvJump = 0;
      for (let i = 1; i <= 100 / step; i++) {
        const e = expectedRatio(i * step, t);
        maxJump = Math.max(maxJump, Math.abs(e.mean - prev.mean));
        maxCvJump = Math.max(maxCvJump, Math.abs(e.cv - prev.cv));
        prev = e;
      }
      // the steepest slope is 1.5 x (1.068 - 0.870) / 1.83 y = 0.162 per year: 0.00016 per step
      expect(maxJump).toBeLessThan(2e-4);
      expect(maxCvJump).toBeLessThan(1e-5);
    }
  });
  it('is smooth across the old band edges (1 and 16 years)', () => {
    for (const edge of [1, 16]) {
      const below = expectedRatio(edge - 0.01, 'HMPAO').mean, above = expectedRatio(edge, 'HMPAO').mean;
      expect(Math.abs(above - below)).toBeLessThan(0.003);
    }
  });
  it('spreads are sane: between the adult and child CVs, monotone through puberty, never wider than 2 x 7.8 % < 16 %', () => {
    let prev = normalCv(PUBERTY_TRANSITION[0]);
    for (let a = 0; a <= 100; a += 0.05) {
      const cv = normalCv(a);
      expect(cv).toBeGreaterThanOrEqual(CV_ADULT - 1e-12);
      expect(cv).toBeLessThanOrEqual(CV_CHILD + 1e-12);
      expect(2 * cv * 100).toBeLessThan(16);
      if (a >= PUBERTY_TRANSITION[0]) { expect(cv).toBeLessThanOrEqual(prev + 1e-15); prev = cv; }
    }
  });
  it('gives no infant a spread so wide that a 40 % loss cannot be severe', () => {
    for (let a = 0; a <= 2; a += 1 / 12) {
      const e = expectedRatio(a, 'HMPAO');
      const c = classifyCerebellarPerfusion({
        ratio: 0.6 * e.mean, ratioLeft: 0.6 * e.mean, ratioRight: 0.61 * e.mean, asymmetryIndex: 1.7,
        ageYears: a, tracer: 'HMPAO', cerebellarCoverage: 1, registrationSimilarity: 0.9, totalCounts: null,
      });
      expect(c.label).toBe('severe');
      expect(c.zScore!).toBeLessThan(-5);
    }
  });
  it('clamps ages beyond 0-100 and refuses non-finite ages', () => {
    expect(expectedRatio(-1, 'HMPAO').mean).toBe(expectedRatio(0, 'HMPAO').mean);
    expect(expectedRatio(120, 'HMPAO').mean).toBe(1.068);
    expect(() => expectedRatio(NaN, 'HMPAO')).toThrow(RangeError);
  });
});
