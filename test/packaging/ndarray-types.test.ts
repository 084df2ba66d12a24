/**
 * The ndarray interop's public types are structural (src/volume/ndarray-types.ts),
 * so a consumer needs no @types/ndarray. These checks compile only if they stay
 * interchangeable with @types/ndarray both ways (npm run typecheck), and the
 * run-time checks use views that scijs ndarray did not make.
 */
import { describe, expect, it } from 'vitest';
import ndarray from 'ndarray';
import type { NdArray } from 'ndarray';
import { createVolume, volumeToNdarray } from '../../src/volume/volume.js';
import { regionStatsNdarray } from '../../src/regions/ndarray.js';
import type { Float32NdArray, NdArrayLike } from '../../src/volume/ndarray-types.js';

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

describe('ndarray interop types', () => {
  it('volumeToNdarray gives an NdArray<Float32Array> over the voxels, x fastest', () => {
    const data = new Float32Array(3 * 4 * 5).map((_, i) => i * 0.5);
    const v = createVolume({ data, dims: [3, 4, 5], affine: IDENTITY });
    const view: NdArray<Float32Array> = volumeToNdarray(v); // structural result -> @types type
    const back: Float32NdArray = view; // and back
    expect(back.data).toBe(v.data);
    expect(view.shape).toEqual([3, 4, 5]);
    expect(view.get(2, 3, 4)).toBe(data[2 + 3 * (3 + 4 * 4)]);
    expect(view.get(1, 0, 2)).toBe((1 + 3 * 4 * 2) * 0.5);
  });

  it('regionStatsNdarray accepts a plain view object like the same scijs ndarray', async () => {
    // 2 x 3 values stored transposed with an offset: value(i, j) = data[1 + i + 2 j]
    const data = new Float32Array([99, 1, 2, 3, 4, 5, 6]);
    const plain: NdArrayLike = { data, shape: [2, 3], stride: [1, 2], offset: 1 };
    const mask: NdArrayLike = { data: [1, 0, 1, 1, 0, 1], shape: [2, 3], stride: [3, 1], offset: 0 };
    // mask(i, j) = [1,0,1 / 1,0,1][i][j]: (0,0)=1 (0,2)=5 (1,0)=2 (1,2)=6 are in
    const r = await regionStatsNdarray(plain, mask);
    expect(r.voxels).toBe(4);
    expect(r.mean).toBeCloseTo((1 + 5 + 2 + 6) / 4, 6);
    const typed: NdArray = ndarray(data, [2, 3], [1, 2], 1); // @types value -> structural parameter
    expect(await regionStatsNdarray(typed, ndarray(new Uint8Array([1, 0, 1, 1, 0, 1]), [2, 3]))).toEqual(r);
  });

  it('rejects an object whose strides do not match its shape', async () => {
    await expect(regionStatsNdarray({ data: [1, 2], shape: [2], stride: [1, 1], offset: 0 }, { data: [1, 1], shape: [2], stride: [1, 1], offset: 0 })).rejects.toThrow(RangeError);
  });
});
