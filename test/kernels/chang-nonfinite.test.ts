/**
 * Non-finite voxels in the Chang kernel (src/kernels/chang.ts): NaN and +-Infinity add nothing to
 * the block means that the outline and the factors are found from, so a study with a few such
 * voxels is corrected exactly as the same study with those voxels 0 (they stay non-finite in the
 * output, for the registration to report). Before, one +Infinity voxel made the 99.5th-percentile
 * threshold infinite and the correction silently did nothing (largest factor 1).
 */
import { describe, expect, it } from 'vitest';
import { changCorrect, type ChangParams } from '../../src/kernels/chang.js';
import { correctAttenuation } from '../../src/volume/attenuation.js';
import { createVolume } from '../../src/volume/volume.js';

const n: [number, number, number] = [40, 40, 12];
const params: ChangParams = {
  muPerMm: 0.012,
  spacing: [4, 4, 4],
  axis: 2,
  thresholdFraction: 0.15,
  blockMm: 6,
  extendUpMm: 0,
  superiorStep: 1,
};

function disc(): Float32Array {
  const d = new Float32Array(n[0] * n[1] * n[2]);
  for (let k = 0; k < n[2]; k++)
    for (let j = 0; j < n[1]; j++)
      for (let i = 0; i < n[0]; i++) {
        const r = Math.hypot(i - 19.5, j - 19.5);
        if (r < 15) d[i + n[0] * (j + n[1] * k)] = 50 + 30 * Math.cos(r / 3);
      }
  return d;
}

const BAD = [0, 777, 8000, 8421, 15000] as const;

function spoiled(): Float32Array {
  const d = disc();
  d[BAD[0]] = NaN;
  d[BAD[1]] = Infinity;
  d[BAD[2]] = -Infinity;
  d[BAD[3]] = NaN;
  d[BAD[4]] = Infinity;
  return d;
}

describe('Chang correction with non-finite voxels', () => {
  it('finds the same outline and factors as with those voxels set to 0', () => {
    const clean = disc();
    for (const p of BAD) clean[p] = 0;
    const a = changCorrect(clean, n, params);
    const b = changCorrect(spoiled(), n, params);
    expect(a.minFactor).toBeLessThan(0.7); // a real correction, not the "nothing to do" result
    expect(b.minFactor).toBe(a.minFactor);
    expect(b.headFraction).toBe(a.headFraction);
    expect(b.deepToMean).toBe(a.deepToMean);
    const bad = new Set<number>(BAD);
    let same = 0;
    for (let p = 0; p < a.data.length; p++) {
      if (bad.has(p)) continue;
      if (Object.is(a.data[p], b.data[p])) same++;
    }
    expect(same).toBe(a.data.length - BAD.length);
    expect(Number.isNaN(b.data[BAD[0]]!)).toBe(true);
    expect(b.data[BAD[1]]).toBe(Infinity);
  });

  it('correctAttenuation reports the largest factor of the real correction', () => {
    const A = new Float64Array([4, 0, 0, -78, 0, 4, 0, -78, 0, 0, 4, -22, 0, 0, 0, 1]);
    const v = createVolume({ data: spoiled(), dims: n, affine: A });
    const r = correctAttenuation(v);
    expect(r.maxCorrection).toBeGreaterThan(1.4);
    expect(Number.isFinite(r.deepToMean)).toBe(true);
  });
});
