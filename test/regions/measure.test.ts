import { describe, expect, it } from 'vitest';
import { measureRegions } from '../../src/regions/measure.js';
import { cerebellarRatios } from '../../src/regions/ratios.js';

const defs = {
  table: [
    { value: 1, name: 'cerebellum_L' }, { value: 2, name: 'cerebellum_R' },
    { value: 3, name: 'cortex' }, { value: 4, name: 'thalamus' },
  ],
  groups: {
    cerebellum: [1, 2], cerebellumLeft: [1], cerebellumRight: [2],
    cerebralCortex: [3], thalamus: [4], wholeBrain: [1, 2, 3, 4],
  },
};

function labelled(n: number, valueOf: (label: number, i: number) => number) {
  const labels = new Uint8Array(n), values = new Float32Array(n);
  for (let i = 0; i < n; i++) { labels[i] = i % 5; values[i] = valueOf(labels[i]!, i); }
  return { labels, values };
}

describe('measureRegions and ratios', () => {
  it('a uniform study gives ratio 1 everywhere and asymmetry 0', () => {
    const { labels, values } = labelled(1000, () => 7);
    const m = measureRegions(values, labels, 0.008, defs);
    const r = cerebellarRatios(m.groups);
    expect(r.cerebellumToCortex).toBe(1);
    expect(r.cerebellumToThalamus).toBe(1);
    expect(r.cerebellarAsymmetryIndex).toBe(0);
    expect(m.groups.cerebellum!.voxels).toBe(400);
    expect(m.groups.cerebellum!.volumeMl).toBeCloseTo(3.2, 10);
  });
  it('scaling counts leaves ratios unchanged; known values give known ratios', () => {
    const { labels, values } = labelled(1000, (l, i) => (l === 1 ? 50 : l === 2 ? 70 : l === 3 ? 100 : 120) + (i % 3));
    const m1 = measureRegions(values, labels, 1, defs);
    const m2 = measureRegions(values.map((v) => v * 13), labels, 1, defs);
    const r1 = cerebellarRatios(m1.groups), r2 = cerebellarRatios(m2.groups);
    expect(r1.cerebellumToCortex!).toBeCloseTo(r2.cerebellumToCortex!, 6);
    // means: L = 51, R = 71 (offsets 0,1,2 average to 1 over each label's voxels), cortex 101
    const mean = (l: number) => { let s = 0, c = 0; for (let i = 0; i < 1000; i++) if (labels[i] === l) { s += values[i]!; c++; } return s / c; };
    expect(r1.cerebellumToCortex!).toBeCloseTo((mean(1) + mean(2)) / 2 / mean(3), 6);
    expect(r1.cerebellarAsymmetryIndex!).toBeCloseTo((Math.abs(mean(1) - mean(2)) / ((mean(1) + mean(2)) / 2)) * 100, 6);
    expect(m1.groups.cerebellumLeft!.median).toBe(51);
  });
  it('empty regions give null, not NaN, and coverage is reported', () => {
    const labels = new Uint8Array([3, 3, 0]), values = new Float32Array([1, 2, 3]);
    const coverage = new Map([[1, { inside: 5, total: 10 }], [2, { inside: 10, total: 10 }]]);
    const m = measureRegions(values, labels, 1, defs, { coverage });
    expect(m.groups.cerebellum!.mean).toBeNull();
    expect(m.groups.cerebellum!.coverage).toBe(0.75);
    expect(cerebellarRatios(m.groups).cerebellumToCortex).toBeNull();
    expect(JSON.stringify(m)).not.toMatch(/NaN/);
  });
});
