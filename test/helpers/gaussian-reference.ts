/**
 * The plain per-voxel Gaussian blur that src/kernels/gaussian.ts's scheduled line convolutions must
 * reproduce bit for bit: every output the Float64 sum over its in-bounds taps in the kernel's order
 * divided by their summed weight, all-zero lines written as zeros.
 */
import { gaussianKernel1d } from '../../src/kernels/gaussian.js';

/** `gaussianSmooth3d(data, dims, fwhmVoxels)` computed the plain way (a new array). */
export function referenceSmooth3d(
  data: Float32Array,
  dims: readonly [number, number, number],
  fwhmVoxels: readonly [number, number, number],
): Float32Array {
  const [nx, ny, nz] = dims;
  const dst = Float32Array.from(data);
  const line = new Float64Array(Math.max(nx, ny, nz));
  if (fwhmVoxels[0] > 0) blurAxis(dst, line, gaussianKernel1d(fwhmVoxels[0], nx), nx, 1, ny * nz, nx, 1, 0);
  if (fwhmVoxels[1] > 0) blurAxis(dst, line, gaussianKernel1d(fwhmVoxels[1], ny), ny, nx, nz, nx * ny, nx, 1);
  if (fwhmVoxels[2] > 0) blurAxis(dst, line, gaussianKernel1d(fwhmVoxels[2], nz), nz, nx * ny, 1, 0, nx * ny, 1);
  return dst;
}

function blurAxis(
  a: Float32Array,
  line: Float64Array,
  kernel: Float64Array,
  len: number,
  stride: number,
  outerCount: number,
  outerStride: number,
  innerCount: number,
  innerStride: number,
): void {
  const r = (kernel.length - 1) >> 1;
  for (let o = 0; o < outerCount; o++) {
    for (let q = 0; q < innerCount; q++) {
      const start = o * outerStride + q * innerStride;
      let any = false;
      for (let p = 0, idx = start; p < len; p++, idx += stride) {
        const v = a[idx]!;
        line[p] = v;
        if (v !== 0) any = true;
      }
      if (!any) {
        // an all-zero line blurs to zeros (written, so that -0 becomes 0 as in the sums)
        for (let p = 0, idx = start; p < len; p++, idx += stride) a[idx] = 0;
        continue;
      }
      for (let p = 0, idx = start; p < len; p++, idx += stride) {
        const t0 = p - r < 0 ? r - p : 0; // first in-bounds tap
        const t1 = p + r >= len ? r + (len - 1 - p) : 2 * r; // last in-bounds tap
        let s = 0;
        let ws = 0;
        for (let t = t0; t <= t1; t++) {
          const w = kernel[t]!;
          s += w * line[p + t - r]!;
          ws += w;
        }
        a[idx] = s / ws;
      }
    }
  }
}
