import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import { regionStatsNdarray } from '../../src/regions/ndarray.js';

describe('regionStatsNdarray', () => {
  it('measures strided views like packed arrays', async () => {
    const data = new Float32Array(4 * 5 * 6).map((_, i) => i);
    const vol = ndarray(data, [4, 5, 6]);
    const maskData = new Uint8Array(4 * 5 * 6);
    const mask = ndarray(maskData, [4, 5, 6]);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) mask.set(i, j, 2, 1);
    const r = await regionStatsNdarray(vol, mask);
    expect(r.voxels).toBe(20);
    let s = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 5; j++) s += vol.get(i, j, 2);
    expect(r.mean).toBeCloseTo(s / 20, 6);
    // a transposed view of both gives the same answer
    const t = await regionStatsNdarray(vol.transpose(2, 1, 0), mask.transpose(2, 1, 0));
    expect(t).toEqual(r);
  });
  it('rejects different shapes', async () => {
    await expect(regionStatsNdarray(ndarray(new Float32Array(6), [2, 3]), ndarray(new Uint8Array(6), [3, 2]))).rejects.toThrow(RangeError);
  });
});
