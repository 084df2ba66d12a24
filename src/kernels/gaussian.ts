/**
 * Separable 3-D Gaussian smoothing.
 *
 * A 3-D Gaussian is the product of three 1-D Gaussians, so the volume is blurred
 * by three 1-D convolutions, one along each axis, walking each line with the
 * axis' stride (the same scheme as d3-array's `blur`, here with a true Gaussian).
 *
 * - Kernel: the Gaussian sampled at integer offsets, truncated at 4 sigma and
 *   normalised to sum 1; sigma = FWHM / (2 sqrt(2 ln 2)) (FWHM = 2.3548 sigma).
 * - Edges: the kernel is renormalised over its in-bounds taps, so a uniform
 *   volume stays exactly uniform and no activity "leaks" into a zero border
 *   (total counts are preserved only for sources farther than 4 sigma from the border).
 * - Float64 accumulation, deterministic, one Float64 line buffer per call,
 *   no allocation inside the loops; `out` may be `data` (in place). The line
 *   convolutions (gaussian-lines.ts) skip all-zero windows and lines and
 *   accumulate four outputs at a time, with the numbers of the plain loop; their WebAssembly
 *   build (gaussian-wasm.ts) runs instead where the runtime has it, with the same numbers.
 */
import { blurAxis } from './gaussian-lines.js';
import { blurAxesWasm } from './gaussian-wasm.js';

/** FWHM = SIGMA_TO_FWHM * sigma for a Gaussian. */
export const SIGMA_TO_FWHM = 2 * Math.sqrt(2 * Math.LN2);

/** Kernel half-width in samples for a given sigma (truncation at 4 sigma, at least 1). */
export function gaussianRadius(sigma: number): number {
  return Math.max(1, Math.ceil(4 * sigma));
}

/**
 * Sampled, truncated, unit-sum 1-D Gaussian for a FWHM given in samples.
 * Returns [w(-r) ... w(0) ... w(r)] (length 2r+1), r = min(ceil(4 sigma), maxRadius).
 * @throws RangeError when fwhm is not a finite positive number
 */
export function gaussianKernel1d(fwhm: number, maxRadius = 1 << 20): Float64Array {
  if (!(Number.isFinite(fwhm) && fwhm > 0)) throw new RangeError(`fwhm must be a finite positive number, got ${fwhm}`);
  const sigma = fwhm / SIGMA_TO_FWHM;
  // taps farther than the line length are never in bounds: the cap changes nothing but memory
  const r = Math.min(gaussianRadius(sigma), Math.max(1, Math.floor(maxRadius)));
  const k = new Float64Array(2 * r + 1);
  let s = 0;
  for (let t = -r; t <= r; t++) {
    const w = Math.exp((-0.5 * t * t) / (sigma * sigma));
    k[t + r] = w;
    s += w;
  }
  for (let t = 0; t < k.length; t++) k[t] = k[t]! / s;
  return k;
}

/**
 * Blur a 3-D volume (x fastest) with a Gaussian of the given FWHM per axis, in voxels.
 * A FWHM of 0 on an axis leaves that axis untouched (all zeros = plain copy).
 *
 * @param data   input voxels, `data[i + nx*(j + ny*k)]`
 * @param dims   [nx, ny, nz]
 * @param fwhmVoxels FWHM along i, j, k in voxels (>= 0)
 * @param out    optional output (same length); may be `data` itself
 * @returns `out` (or a new array)
 * @throws RangeError on bad dims, lengths or FWHM (programmer errors)
 */
export function gaussianSmooth3d(
  data: Float32Array,
  dims: readonly [number, number, number],
  fwhmVoxels: readonly [number, number, number],
  out?: Float32Array,
): Float32Array {
  const [nx, ny, nz] = dims;
  if (![nx, ny, nz].every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`dims must be three positive integers, got [${dims.join(', ')}]`);
  }
  const n = nx * ny * nz;
  if (data.length !== n) throw new RangeError(`data has ${data.length} values, dims need ${n}`);
  for (const f of fwhmVoxels) {
    if (!(Number.isFinite(f) && f >= 0)) throw new RangeError(`fwhm must be finite and >= 0, got ${f}`);
  }
  const dst = out ?? new Float32Array(n);
  if (dst.length !== n) throw new RangeError(`out has ${dst.length} values, dims need ${n}`);
  if (dst !== data) dst.set(data);

  const kernels = [
    fwhmVoxels[0] > 0 ? gaussianKernel1d(fwhmVoxels[0], nx) : null,
    fwhmVoxels[1] > 0 ? gaussianKernel1d(fwhmVoxels[1], ny) : null,
    fwhmVoxels[2] > 0 ? gaussianKernel1d(fwhmVoxels[2], nz) : null,
  ] as const;
  // the WebAssembly build of the same line loops when available (gaussian-wasm.ts), else these
  if (blurAxesWasm(dst, [nx, ny, nz], kernels)) return dst;
  const line = new Float64Array(Math.max(nx, ny, nz));
  // axis 0: lines along i (stride 1), one per (j, k)
  if (kernels[0]) blurAxis(dst, line, kernels[0], nx, 1, ny * nz, nx, 1, 0);
  // axis 1: lines along j (stride nx), starts at i + nx*ny*k
  if (kernels[1]) blurAxis(dst, line, kernels[1], ny, nx, nz, nx * ny, nx, 1);
  // axis 2: lines along k (stride nx*ny), starts at i + nx*j
  if (kernels[2]) blurAxis(dst, line, kernels[2], nz, nx * ny, 1, 0, nx * ny, 1);
  return dst;
}
