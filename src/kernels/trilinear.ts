/**
 * Trilinear and nearest-neighbour sampling of 3-D Float32 volumes (x fastest:
 * `data[i + nx * (j + ny * k)]`) in continuous voxel coordinates.
 *
 * Conventions:
 * - voxel centres sit at integer coordinates; a point is inside when every
 *   coordinate lies in [0, n - 1] (trilinear; a 1e-6 voxel tolerance absorbs
 *   rounding of incremental stepping) or rounds, with floor(x + 0.5), to an
 *   index in [0, n - 1] (nearest). Points outside get `outside`.
 * - `resampleAffine` walks the destination grid with incremental additions of
 *   the matrix columns (one matrix-vector product per row of voxels, none per
 *   voxel), Float64 coordinates, no allocation inside the loops. Deterministic.
 */

const EPS = 1e-6;

/** Interpolation kernel used by `resampleAffine`. */
export type Interpolation = 'linear' | 'nearest';

export interface ResampleAffineOptions {
  readonly interpolation: Interpolation;
  /** Value for destination voxels that map outside the source grid (default 0). */
  readonly outside?: number;
}

function checkDims(dims: readonly number[], length: number, what: string): void {
  if (dims.length !== 3 || !dims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`${what}: dims must be three positive integers`);
  }
  if (dims[0]! * dims[1]! * dims[2]! !== length) throw new RangeError(`${what}: data length does not match dims`);
}

/**
 * Trilinear interpolation of `data` at continuous voxel coordinates (x, y, z).
 * Scalar arguments, no allocation.
 * @returns the interpolated value, or `outside` when the point is off the grid.
 */
export function sampleTrilinear(
  data: Float32Array,
  dims: readonly [number, number, number] | readonly number[],
  x: number,
  y: number,
  z: number,
  outside = 0,
): number {
  return trilinearAt(data, dims[0]!, dims[1]!, dims[2]!, x, y, z, outside);
}

/**
 * `sampleTrilinear` with the dims as numbers: the one trilinear kernel of the library, for every
 * loop that samples a volume trilinearly (monomorphic and small, so the engine inlines it; no
 * need for a hand-inlined copy). Points with all 8 neighbours inside take a short path that
 * gives the same value as the general one.
 */
export function trilinearAt(data: Float32Array, nx: number, ny: number, nz: number, x: number, y: number, z: number, outside: number): number {
  if (x >= 0 && y >= 0 && z >= 0 && x < nx - 1 && y < ny - 1 && z < nz - 1) {
    // 0 <= x < nx - 1 (an array length, < 2^31): truncation to int32 is Math.floor, and integer
    // indices let the engine address the array directly (about twice as fast in the figure's panels)
    const i = x | 0, j = y | 0, k = z | 0;
    const fx = x - i, fy = y - j, fz = z - k, sxy = nx * ny, b = i + nx * j + sxy * k;
    const c00 = data[b]! + (data[b + 1]! - data[b]!) * fx;
    const c10 = data[b + nx]! + (data[b + nx + 1]! - data[b + nx]!) * fx;
    const c01 = data[b + sxy]! + (data[b + sxy + 1]! - data[b + sxy]!) * fx;
    const c11 = data[b + sxy + nx]! + (data[b + sxy + nx + 1]! - data[b + sxy + nx]!) * fx;
    const c0 = c00 + (c10 - c00) * fy, c1 = c01 + (c11 - c01) * fy;
    return c0 + (c1 - c0) * fz;
  }
  return trilinearEdge(data, nx, ny, nz, x, y, z, outside);
}

/** `trilinearAt` at points without all 8 neighbours inside: the last index, the 1e-6 tolerance, outside. */
function trilinearEdge(data: Float32Array, nx: number, ny: number, nz: number, x: number, y: number, z: number, outside: number): number {
  if (!(x >= -EPS && y >= -EPS && z >= -EPS && x <= nx - 1 + EPS && y <= ny - 1 + EPS && z <= nz - 1 + EPS)) {
    return outside;
  }
  let i0 = Math.floor(x), j0 = Math.floor(y), k0 = Math.floor(z);
  if (i0 < 0) i0 = 0;
  if (j0 < 0) j0 = 0;
  if (k0 < 0) k0 = 0;
  if (i0 > nx - 1) i0 = nx - 1;
  if (j0 > ny - 1) j0 = ny - 1;
  if (k0 > nz - 1) k0 = nz - 1;
  let fx = x - i0, fy = y - j0, fz = z - k0;
  if (fx < 0) fx = 0;
  if (fy < 0) fy = 0;
  if (fz < 0) fz = 0;
  // Neighbour offsets; at the last index the weight of the next voxel is ~0, so reuse the same voxel.
  const di = i0 < nx - 1 ? 1 : 0;
  const dj = j0 < ny - 1 ? nx : 0;
  const dk = k0 < nz - 1 ? nx * ny : 0;
  if (di === 0) fx = 0;
  if (dj === 0) fy = 0;
  if (dk === 0) fz = 0;
  const b = i0 + nx * (j0 + ny * k0);
  const c000 = data[b]!, c100 = data[b + di]!;
  const c010 = data[b + dj]!, c110 = data[b + dj + di]!;
  const c001 = data[b + dk]!, c101 = data[b + dk + di]!;
  const c011 = data[b + dk + dj]!, c111 = data[b + dk + dj + di]!;
  const c00 = c000 + (c100 - c000) * fx;
  const c10 = c010 + (c110 - c010) * fx;
  const c01 = c001 + (c101 - c001) * fx;
  const c11 = c011 + (c111 - c011) * fx;
  const c0 = c00 + (c10 - c00) * fy;
  const c1 = c01 + (c11 - c01) * fy;
  return c0 + (c1 - c0) * fz;
}

/**
 * Nearest-neighbour lookup with index = floor(x + 0.5) per axis.
 * @returns the voxel value, or `outside` when the rounded index is off the grid.
 */
export function sampleNearest(
  data: ArrayLike<number>,
  dims: readonly number[],
  x: number,
  y: number,
  z: number,
  outside = 0,
): number {
  const i = Math.floor(x + 0.5), j = Math.floor(y + 0.5), k = Math.floor(z + 0.5);
  const nx = dims[0]!, ny = dims[1]!, nz = dims[2]!;
  if (!(i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz)) return outside;
  return data[i + nx * (j + ny * k)]!;
}

/**
 * Resample `src` onto a destination grid: destination voxel (i, j, k) takes the
 * source value at `dstVoxToSrcVox · (i, j, k, 1)` (row-major 4x4, last row ignored).
 * @param out optional output buffer of dstDims product length (reused, no allocation); last, as in every kernel
 *   that allocates its result (the `...Into` forms of src/volume/affine.ts take `out` first instead).
 * @throws RangeError on inconsistent dims/lengths or a non-finite matrix (programmer error).
 */
export function resampleAffine(
  src: Float32Array,
  srcDims: readonly number[],
  dstDims: readonly number[],
  dstVoxToSrcVox: ArrayLike<number>,
  options: ResampleAffineOptions = { interpolation: 'linear' },
  out?: Float32Array,
): Float32Array {
  checkDims(srcDims, src.length, 'resampleAffine source');
  const nOut = dstDims.length === 3 ? dstDims[0]! * dstDims[1]! * dstDims[2]! : -1;
  const dst = out ?? new Float32Array(Math.max(nOut, 0));
  checkDims(dstDims, dst.length, 'resampleAffine destination');
  const m = dstVoxToSrcVox;
  if (m.length !== 16) throw new RangeError('resampleAffine: matrix must have 16 values');
  for (let q = 0; q < 12; q++) if (!Number.isFinite(m[q]!)) throw new RangeError('resampleAffine: non-finite matrix');
  const outside = options.outside ?? 0;
  const nearest = options.interpolation === 'nearest';
  const dx = dstDims[0]!, dy = dstDims[1]!, dz = dstDims[2]!;
  const snx = srcDims[0]!, sny = srcDims[1]!, snz = srcDims[2]!;
  const m00 = m[0]!, m01 = m[1]!, m02 = m[2]!, m03 = m[3]!;
  const m10 = m[4]!, m11 = m[5]!, m12 = m[6]!, m13 = m[7]!;
  const m20 = m[8]!, m21 = m[9]!, m22 = m[10]!, m23 = m[11]!;
  let o = 0;
  for (let k = 0; k < dz; k++) {
    for (let j = 0; j < dy; j++) {
      // Start of the row: one matrix-vector product per row (limits drift), then column-0 steps.
      let x = m01 * j + m02 * k + m03;
      let y = m11 * j + m12 * k + m13;
      let z = m21 * j + m22 * k + m23;
      if (nearest) {
        for (let i = 0; i < dx; i++) {
          dst[o++] = sampleNearest(src, srcDims, x, y, z, outside);
          x += m00; y += m10; z += m20;
        }
      } else {
        for (let i = 0; i < dx; i++) {
          dst[o++] = trilinearAt(src, snx, sny, snz, x, y, z, outside);
          x += m00; y += m10; z += m20;
        }
      }
    }
  }
  return dst;
}

/**
 * Nearest-neighbour resampling of an integer label array (same stepping as
 * `resampleAffine`); the output has the same typed-array type as the input.
 * @throws RangeError on inconsistent dims/lengths or a non-finite matrix.
 */
export function resampleLabelsAffine<T extends Int16Array | Uint8Array>(
  src: T,
  srcDims: readonly number[],
  dstDims: readonly number[],
  dstVoxToSrcVox: ArrayLike<number>,
  outside = 0,
): T {
  checkDims(srcDims, src.length, 'resampleLabelsAffine source');
  if (dstDims.length !== 3) throw new RangeError('resampleLabelsAffine: dims must be three positive integers');
  const n = dstDims[0]! * dstDims[1]! * dstDims[2]!;
  checkDims(dstDims, n, 'resampleLabelsAffine destination');
  const dst = (src instanceof Int16Array ? new Int16Array(n) : new Uint8Array(n)) as T;
  const m = dstVoxToSrcVox;
  if (m.length !== 16) throw new RangeError('resampleLabelsAffine: matrix must have 16 values');
  for (let q = 0; q < 12; q++) if (!Number.isFinite(m[q]!)) throw new RangeError('resampleLabelsAffine: non-finite matrix');
  const dx = dstDims[0]!, dy = dstDims[1]!, dz = dstDims[2]!;
  const nx = srcDims[0]!, ny = srcDims[1]!, nz = srcDims[2]!, nxy = nx * ny;
  const m00 = m[0]!, m10 = m[4]!, m20 = m[8]!;
  let o = 0;
  for (let k = 0; k < dz; k++) {
    for (let j = 0; j < dy; j++, o += dx) {
      let x = m[1]! * j + m[2]! * k + m[3]!;
      let y = m[5]! * j + m[6]! * k + m[7]!;
      let z = m[9]! * j + m[10]! * k + m[11]!;
      // a row that cannot meet the source grid (with a one-voxel margin) is all `outside`
      if (!rowMayHit(x, m00, nx, dx) || !rowMayHit(y, m10, ny, dx) || !rowMayHit(z, m20, nz, dx)) {
        if (outside !== 0) dst.fill(outside, o, o + dx);
        continue;
      }
      // sampleNearest inlined: index floor(v + 0.5) in [0, n - 1]  <=>  0 <= v + 0.5 < n
      for (let i = 0; i < dx; i++) {
        const fi = x + 0.5, fj = y + 0.5, fk = z + 0.5;
        dst[o + i] = fi >= 0 && fj >= 0 && fk >= 0 && fi < nx && fj < ny && fk < nz
          ? src[(fi | 0) + nx * (fj | 0) + nxy * (fk | 0)]! // 0 <= f < n: truncation is the floor
          : outside;
        x += m00; y += m10; z += m20;
      }
    }
  }
  return dst;
}

/**
 * False when c + i s stays outside [-1.5, n + 0.5] for every i in [0, len - 1]
 * (a margin of one voxel beyond the nearest-neighbour bounds [-0.5, n - 0.5),
 * far more than the rounding of incremental stepping), so the row can be skipped.
 */
function rowMayHit(c: number, s: number, n: number, len: number): boolean {
  const e = c + s * (len - 1);
  const lo = Math.min(c, e), hi = Math.max(c, e);
  return hi >= -1.5 && lo <= n + 0.5;
}
