/**
 * Gaussian smoothing of a mostly empty volume (the built-in phantom: 21 % of the
 * 2 mm grid is tissue), bit-identical to `gaussianSmooth3d`.
 *
 * The kernel blurs each line of an axis independently, and a line of zeros
 * stays zeros. So, per axis, the lines that hold a non-zero value are gathered
 * into one contiguous buffer (one row each), blurred there by the same kernel
 * with the same line length (hence the same taps and edge renormalisation),
 * and scattered back; the empty lines are skipped. At 12 mm FWHM on the 2 mm
 * grid, 47 %, 71 % and 90 % of the x, y and z lines are non-empty
 * (docs/atlas.md). Lines holding only zeros of either sign are left as they are
 * (the kernel would turn -0 into +0; the phantom has no -0).
 */
import { gaussianSmooth3d } from '../kernels/gaussian.js';

/**
 * Blur `data` in place with a Gaussian of the given FWHM per axis (voxels), as
 * `gaussianSmooth3d(data, dims, fwhmVoxels, data)` does.
 * @throws RangeError on bad dims, lengths or FWHM (as gaussianSmooth3d)
 */
export function smoothNonEmptyLines(data: Float32Array, dims: readonly [number, number, number], fwhmVoxels: readonly [number, number, number]): Float32Array {
  const [nx, ny, nz] = dims;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n > 0) || data.length !== nx * ny * nz) {
    throw new RangeError(`data has ${data.length} values for dims [${dims.join(', ')}]`);
  }
  // [line length, stride along the line, number of lines]
  const axes = [[nx, 1, ny * nz], [ny, nx, nx * nz], [nz, nx * ny, nx * ny]] as const;
  const buf = new Float32Array(data.length);
  const starts = new Int32Array(Math.max(ny * nz, nx * nz, nx * ny));
  for (let ax = 0; ax < 3; ax++) {
    const f = fwhmVoxels[ax]!;
    if (!(Number.isFinite(f) && f >= 0)) throw new RangeError(`fwhm must be finite and >= 0, got ${f}`);
    if (f === 0) continue;
    const [len, stride, count] = axes[ax]!;
    let m = 0;
    for (let q = 0; q < count; q++) {
      // first voxel of line q: (0, j, k) for x; (i, 0, k) for y; (i, j, 0) for z
      const s0 = ax === 0 ? q * nx : ax === 1 ? (q % nx) + nx * ny * Math.floor(q / nx) : q;
      let p = 0;
      for (let idx = s0; p < len && data[idx] === 0; p++, idx += stride);
      if (p === len) continue;
      starts[m] = s0;
      for (let t = 0, idx = s0, o = m * len; t < len; t++, idx += stride, o++) buf[o] = data[idx]!;
      m++;
    }
    if (m === 0) continue;
    const rows = buf.subarray(0, m * len);
    gaussianSmooth3d(rows, [len, m, 1], [f, 0, 0], rows);
    for (let l = 0; l < m; l++) {
      for (let t = 0, idx = starts[l]!, o = l * len; t < len; t++, idx += stride, o++) data[idx] = buf[o]!;
    }
  }
  return data;
}
