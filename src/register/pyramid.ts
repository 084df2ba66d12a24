/**
 * Downsampling for the registration pyramid.
 *
 * A volume is resized separably, axis by axis, onto a coarser grid whose voxels
 * are `targetMm` wide along every voxel axis (the grid stays aligned with the
 * source's own axes; only its affine columns are rescaled). Each output sample is
 * a tent-weighted (triangle-filter) average of the source samples within one
 * output voxel width of its centre: for a shrink factor f >= 1 this is the
 * standard anti-aliasing "area" filter (box of width f convolved with linear
 * interpolation); for f < 1 it reduces to linear interpolation. Weights are
 * precomputed once per axis, the loops allocate nothing and accumulate in Float64.
 * (Burt & Adelson 1983 image pyramids; triangle-filter resizing as in
 * Wolberg, "Digital Image Warping", 1990, ch. 5.)
 */
import { voxelSizes } from '../volume/affine.js';

/** A plain grid: data, dims and voxel-to-RAS affine (row-major 4x4). */
export interface Grid {
  readonly data: Float32Array;
  readonly dims: readonly [number, number, number];
  readonly affine: Float64Array;
}

interface AxisWeights {
  readonly outLen: number;
  /** first source index per output sample */
  readonly start: Int32Array;
  /** number of taps per output sample */
  readonly count: Int32Array;
  /** offset of the first weight in `w` per output sample */
  readonly offset: Int32Array;
  readonly w: Float64Array;
}

/** Tent weights mapping `inLen` samples to `outLen` samples, output i centred at source (i + 0.5) f - 0.5. */
function axisWeights(inLen: number, outLen: number, f: number): AxisWeights {
  const half = Math.max(f, 1);
  const start = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  const offset = new Int32Array(outLen);
  const maxTaps = Math.ceil(2 * half) + 2;
  const w = new Float64Array(outLen * maxTaps);
  let off = 0;
  for (let o = 0; o < outLen; o++) {
    const c = (o + 0.5) * f - 0.5;
    let lo = Math.ceil(c - half);
    let hi = Math.floor(c + half);
    if (lo < 0) lo = 0;
    if (hi > inLen - 1) hi = inLen - 1;
    let sum = 0;
    let n = 0;
    for (let s = lo; s <= hi; s++) {
      const wt = 1 - Math.abs(s - c) / half;
      const v = wt > 0 ? wt : 0;
      w[off + n] = v;
      sum += v;
      n++;
    }
    if (sum <= 0) {
      // centre beyond the last sample: clamp to the nearest edge sample
      const s = c < 0 ? 0 : inLen - 1;
      lo = s;
      n = 1;
      w[off] = 1;
      sum = 1;
    }
    for (let q = 0; q < n; q++) w[off + q] = w[off + q]! / sum;
    start[o] = lo;
    count[o] = n;
    offset[o] = off;
    off += n;
  }
  return { outLen, start, count, offset, w };
}

/**
 * Resize along the contiguous axis (x): `nLines` lines of `inLen` samples, one after the other,
 * into lines of `wts.outLen` samples.
 */
function resizeLines(src: Float32Array, dst: Float32Array, wts: AxisWeights, inLen: number, nLines: number): void {
  const { outLen, start, count, offset, w } = wts;
  for (let l = 0; l < nLines; l++) {
    const s0 = l * inLen;
    const d0 = l * outLen;
    for (let o = 0; o < outLen; o++) {
      const off = offset[o]!;
      const n = count[o]!;
      const si = s0 + start[o]!;
      let acc = 0;
      for (let q = 0; q < n; q++) acc += w[off + q]! * src[si + q]!;
      dst[d0 + o] = acc;
    }
  }
}

/**
 * Resize along a strided axis (y or z): each output row of `rowLen` contiguous
 * samples is the weighted sum of source rows `rowStride` apart. Four adjacent
 * samples are accumulated at once (Float64, in registers, taps in the same order
 * as a per-sample loop, so the result is the same), which reads the source rows
 * contiguously. Blocks (z slices for the y pass; one block for the z pass) are
 * `srcBlock` / `dstBlock` apart.
 */
function resizeRows(
  src: Float32Array, dst: Float32Array, wts: AxisWeights,
  rowLen: number, rowStride: number, nBlocks: number, srcBlock: number, dstBlock: number,
): void {
  const { outLen, start, count, offset, w } = wts;
  for (let b = 0; b < nBlocks; b++) {
    for (let o = 0; o < outLen; o++) {
      const off = offset[o]!;
      const n = count[o]!;
      const s0 = b * srcBlock + start[o]! * rowStride;
      const d0 = b * dstBlock + o * rowStride;
      let a = 0;
      for (; a + 4 <= rowLen; a += 4) {
        let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
        let si = s0 + a;
        for (let q = 0; q < n; q++, si += rowStride) {
          const wq = w[off + q]!;
          c0 += wq * src[si]!;
          c1 += wq * src[si + 1]!;
          c2 += wq * src[si + 2]!;
          c3 += wq * src[si + 3]!;
        }
        dst[d0 + a] = c0;
        dst[d0 + a + 1] = c1;
        dst[d0 + a + 2] = c2;
        dst[d0 + a + 3] = c3;
      }
      for (; a < rowLen; a++) {
        let c = 0;
        let si = s0 + a;
        for (let q = 0; q < n; q++, si += rowStride) c += w[off + q]! * src[si]!;
        dst[d0 + a] = c;
      }
    }
  }
}

/**
 * Dims of `downsampleGrid(g, targetMm)` without computing it (for memory checks):
 * an axis keeps its size when its spacing is within 1 % of `targetMm`, else it
 * gets round(extent / targetMm) samples (at least 1).
 */
export function downsampledDims(dims: readonly [number, number, number], affine: Float64Array, targetMm: number): [number, number, number] {
  const sp = voxelSizes(affine);
  const out: [number, number, number] = [dims[0], dims[1], dims[2]];
  for (let a = 0; a < 3; a++) {
    if (Math.abs(targetMm / sp[a]! - 1) > 0.01) out[a] = Math.max(1, Math.round((dims[a]! * sp[a]!) / targetMm));
  }
  return out;
}

/**
 * Resample a grid to (about) `targetMm` voxels along each of its own axes.
 * Axes whose spacing is already >= targetMm keep their sampling unless the
 * size would change by more than 1 %. The field of view is preserved to within
 * one output voxel (output voxel centres at (i + 0.5) f - 0.5 in source indices).
 * @throws RangeError when targetMm is not a finite positive number (programmer error)
 */
export function downsampleGrid(g: Grid, targetMm: number): Grid {
  if (!(Number.isFinite(targetMm) && targetMm > 0)) throw new RangeError(`targetMm must be positive, got ${targetMm}`);
  const [nx, ny, nz] = g.dims;
  const out = downsampledDims(g.dims, g.affine, targetMm);
  const f: [number, number, number] = [nx / out[0], ny / out[1], nz / out[2]];
  const wx = axisWeights(nx, out[0], f[0]);
  const wy = axisWeights(ny, out[1], f[1]);
  const wz = axisWeights(nz, out[2], f[2]);
  const [ox, oy, oz] = out;
  // x pass: (nx,ny,nz) -> (ox,ny,nz)
  const t1 = new Float32Array(ox * ny * nz);
  resizeLines(g.data, t1, wx, nx, ny * nz);
  // y pass: (ox,ny,nz) -> (ox,oy,nz), rows of ox samples
  const t2 = new Float32Array(ox * oy * nz);
  resizeRows(t1, t2, wy, ox, ox, nz, ox * ny, ox * oy);
  // z pass: (ox,oy,nz) -> (ox,oy,oz), rows of ox*oy samples (whole slices)
  const t3 = new Float32Array(ox * oy * oz);
  resizeRows(t2, t3, wz, ox * oy, ox * oy, 1, 0, 0);
  // affine: new voxel i' sits at source index (i' + 0.5) f - 0.5
  const A = g.affine;
  const aff = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    let t = A[4 * r + 3]!;
    for (let c = 0; c < 3; c++) {
      aff[4 * r + c] = A[4 * r + c]! * f[c]!;
      t += A[4 * r + c]! * (0.5 * f[c]! - 0.5);
    }
    aff[4 * r + 3] = t;
  }
  aff[15] = 1;
  return { data: t3, dims: out, affine: aff };
}
