/**
 * The Chang kernel's `headMask` (src/kernels/chang.ts): a head known from elsewhere replaces the
 * outline found from the image. The phantom is a uniform 10 cm cylinder of activity inside a 16 cm
 * head of uniform attenuation that has no activity of its own (a cold scalp, the case an emission
 * outline cannot see); its uncorrected image comes from the analytic factor of the 16 cm head.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../../src/errors.js';
import { changCorrect, type ChangParams } from '../../src/kernels/chang.js';
import { correctAttenuation } from '../../src/volume/attenuation.js';
import { createVolume } from '../../src/volume/volume.js';
import { ellipseFactor } from '../helpers/chang-reference.js';

const n: [number, number, number] = [80, 80, 10];
const h = 2.5,
  mu = 0.012,
  HEAD = 80,
  HOT = 50;

function phantom() {
  const data = new Float32Array(n[0] * n[1] * n[2]);
  const head = new Uint8Array(data.length),
    inner = new Uint8Array(data.length);
  for (let k = 0; k < n[2]; k++)
    for (let j = 0; j < n[1]; j++)
      for (let i = 0; i < n[0]; i++) {
        const x = (i - (n[0] - 1) / 2) * h,
          y = (j - (n[1] - 1) / 2) * h,
          r = Math.hypot(x, y),
          p = i + n[0] * (j + n[1] * k);
        if (r < HEAD) head[p] = 1;
        if (r < HOT) data[p] = 100 * ellipseFactor(x, y, HEAD, HEAD, mu);
        if (r < HOT - 8) inner[p] = 1;
      }
  return { data, head, inner };
}

function meanAndSpread(values: Float32Array, inner: Uint8Array): { mean: number; min: number; max: number } {
  let s = 0,
    c = 0,
    min = Infinity,
    max = -Infinity;
  for (let p = 0; p < values.length; p++) {
    if (!inner[p]) continue;
    s += values[p]!;
    c++;
    min = Math.min(min, values[p]!);
    max = Math.max(max, values[p]!);
  }
  return { mean: s / c, min, max };
}

const params: ChangParams = {
  muPerMm: mu,
  spacing: [h, h, h],
  axis: 2,
  thresholdFraction: 0.15,
  blockMm: 6,
  extendUpMm: 0,
  superiorStep: 1,
};

describe('changCorrect with a known head', () => {
  const { data, head, inner } = phantom();

  it('corrects the activity inside a larger cold head to within 3 % of its true value', () => {
    const before = meanAndSpread(data, inner);
    expect(before.mean).toBeLessThan(45); // the centre of a 16 cm head keeps about 38 %
    const r = changCorrect(data, n, { ...params, headMask: head });
    const after = meanAndSpread(r.data, inner);
    expect(after.min).toBeGreaterThan(97);
    expect(after.max).toBeLessThan(103);
    // the 16 cm disc covers pi 80^2 / 200^2 = 50 % of each 20 cm plane
    expect(r.headFraction).toBeGreaterThan(0.45);
    expect(r.headFraction).toBeLessThan(0.55);
  });

  it('without it, the emission outline (the 10 cm cylinder) under-corrects the same image by a quarter', () => {
    const after = meanAndSpread(changCorrect(data, n, params).data, inner);
    expect(after.mean).toBeLessThan(80);
    expect(after.mean).toBeGreaterThan(60);
  });

  it('the kernel refuses a mask of another size (RangeError, a bad argument)', () => {
    expect(() => changCorrect(data, n, { ...params, headMask: new Uint8Array(10) })).toThrow(RangeError);
  });

  it('correctAttenuation refuses a mask of another size, or one that covers no block, with a typed error', () => {
    const v = createVolume({ data, dims: n, affine: [h, 0, 0, 0, 0, h, 0, 0, 0, 0, h, 0, 0, 0, 0, 1] });
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AnalysisError);
        return [(e as AnalysisError).code, (e as AnalysisError).message];
      }
      return null;
    };
    expect(codeOf(() => correctAttenuation(v, { headMask: new Uint8Array(10) }))).toEqual([
      'INVALID_PARAMETER',
      `headMask has 10 voxels, the study ${data.length}`,
    ]);
    const empty = codeOf(() => correctAttenuation(v, { headMask: new Uint8Array(data.length) }));
    expect(empty?.[0]).toBe('INVALID_PARAMETER');
    // a checkerboard in every plane: exactly half of every 2 x 2 x 2 block, never more
    const checker = new Uint8Array(data.length);
    for (let p = 0; p < checker.length; p++) checker[p] = (p + Math.floor(p / n[0])) % 2 === 0 ? 1 : 0; // (i + j) even
    expect(codeOf(() => correctAttenuation(v, { headMask: checker }))?.[0]).toBe('INVALID_PARAMETER');
    // the good mask goes through
    expect(correctAttenuation(v, { headMask: head }).maxCorrection).toBeGreaterThan(2);
  });
});
