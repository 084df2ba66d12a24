/**
 * Atlas labels carried into the subject grid through affine + DCT warp
 * (nearest neighbour). The warp maps template to subject, q = W (x + u(x)); a
 * subject voxel needs the inverse, x = p - u(x) with p = W^-1 q, solved by
 * fixed-point iteration on a coarse grid of the warp's box once per study and
 * interpolated trilinearly per voxel.
 */
import { invert4 } from '../volume/affine.js';
import { displacement, type DctWarp } from './dct-basis.js';

/** Spacing of the grid of the inverse displacement (mm). */
export const INVERSE_GRID_MM = 10;
const FIXED_POINT_ITERATIONS = 4;

export interface InverseWarp {
  readonly dims: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  readonly spacing: number;
  /** x, y, z displacement interleaved (centred template mm): x = p + v(p). */
  readonly v: Float32Array;
}

export function inverseWarp(w: DctWarp): InverseWarp {
  const dims: [number, number, number] = [0, 0, 0];
  for (let d = 0; d < 3; d++) dims[d] = Math.ceil(w.length[d]! / INVERSE_GRID_MM) + 1;
  const v = new Float32Array(3 * dims[0] * dims[1] * dims[2]);
  const ax = new Float64Array(w.order[0] + w.order[1] + w.order[2]);
  const bv = new Float64Array(w.order[0] * w.order[1] * w.order[2]);
  const u = new Float64Array(3);
  let idx = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, idx++) {
        const px = w.origin[0] + i * INVERSE_GRID_MM, py = w.origin[1] + j * INVERSE_GRID_MM, pz = w.origin[2] + k * INVERSE_GRID_MM;
        let x = px, y = py, z = pz;
        for (let t = 0; t < FIXED_POINT_ITERATIONS; t++) {
          displacement(w, x, y, z, ax, bv, u);
          x = px - u[0]!; y = py - u[1]!; z = pz - u[2]!;
        }
        v[3 * idx] = x - px; v[3 * idx + 1] = y - py; v[3 * idx + 2] = z - pz;
      }
    }
  }
  return { dims, origin: w.origin, spacing: INVERSE_GRID_MM, v };
}

/**
 * Labels of `labels` (grid labelDims, affine labelAffine, template RAS mm) at every voxel of the
 * subject grid. `subjectToMni` is the affine (subject mm -> template mm), `centre` the template
 * centre the warp's coordinates are relative to.
 */
export function resampleLabelsWarped(
  labels: Int16Array, labelDims: readonly number[], labelAffine: ArrayLike<number>,
  targetDims: readonly number[], targetAffine: ArrayLike<number>,
  subjectToMni: ArrayLike<number>, centre: readonly [number, number, number], inv: InverseWarp,
): Int16Array {
  const [nx, ny, nz] = targetDims as [number, number, number];
  const out = new Int16Array(nx * ny * nz);
  const la = invert4(Float64Array.from(labelAffine));
  if (!la) return out;
  // subject voxel -> centred template mm (affine part)
  const T = voxelToCentred(subjectToMni, targetAffine, centre);
  const [lx, ly, lz] = labelDims as [number, number, number];
  const [gx, gy, gz] = inv.dims;
  const v = inv.v, h = inv.spacing, o0 = inv.origin[0], o1 = inv.origin[1], o2 = inv.origin[2];
  const c0 = centre[0], c1 = centre[1], c2 = centre[2];
  // label bounding box (voxels), grown by the largest inverse displacement: voxels mapped outside it stay 0
  const { box, grow } = grownLabelBox(labels, lx, ly, lz, la, v);
  // subject voxel -> atlas voxel by the affine alone (M), to find per row the voxels that can carry a label
  const M = voxelToLabelVoxel(la, T, centre);
  const range = new Int32Array(2);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      rowRange(M, box, grow, j, k, nx, range);
      const iLo = range[0]!, iHi = range[1]!;
      const rowBase = nx * (j + ny * k);
      for (let i = iLo; i <= iHi; i++) {
        const idx = rowBase + i;
        const px = T[0]! * i + T[1]! * j + T[2]! * k + T[3]!;
        const py = T[4]! * i + T[5]! * j + T[6]! * k + T[7]!;
        const pz = T[8]! * i + T[9]! * j + T[10]! * k + T[11]!;
        // trilinear in the inverse grid, clamped to its box (the field is constant outside)
        let fx = (px - o0) / h, fy = (py - o1) / h, fz = (pz - o2) / h;
        fx = fx < 0 ? 0 : fx > gx - 1 ? gx - 1 : fx;
        fy = fy < 0 ? 0 : fy > gy - 1 ? gy - 1 : fy;
        fz = fz < 0 ? 0 : fz > gz - 1 ? gz - 1 : fz;
        let i0 = Math.floor(fx), j0 = Math.floor(fy), k0 = Math.floor(fz);
        if (i0 > gx - 2) i0 = gx - 2;
        if (j0 > gy - 2) j0 = gy - 2;
        if (k0 > gz - 2) k0 = gz - 2;
        const tx = fx - i0, ty = fy - j0, tz = fz - k0;
        // the eight corners in the order (i, j, k) = 000, 100, 010, 110, 001, ... written out: the same
        // products and sums in the same order as a loop over the corners, without its bit arithmetic
        const ux = 1 - tx, uy = 1 - ty, uz = 1 - tz;
        const q0 = 3 * (i0 + gx * (j0 + gy * k0)), sj = 3 * gx, sk = 3 * gx * gy;
        const w0 = ux * uy * uz, w1 = tx * uy * uz, w2 = ux * ty * uz, w3 = tx * ty * uz;
        const w4 = ux * uy * tz, w5 = tx * uy * tz, w6 = ux * ty * tz, w7 = tx * ty * tz;
        const q1 = q0 + 3, q2 = q0 + sj, q3 = q2 + 3, q4 = q0 + sk, q5 = q4 + 3, q6 = q4 + sj, q7 = q6 + 3;
        let dx = 0, dy = 0, dz = 0;
        dx += w0 * v[q0]!; dy += w0 * v[q0 + 1]!; dz += w0 * v[q0 + 2]!;
        dx += w1 * v[q1]!; dy += w1 * v[q1 + 1]!; dz += w1 * v[q1 + 2]!;
        dx += w2 * v[q2]!; dy += w2 * v[q2 + 1]!; dz += w2 * v[q2 + 2]!;
        dx += w3 * v[q3]!; dy += w3 * v[q3 + 1]!; dz += w3 * v[q3 + 2]!;
        dx += w4 * v[q4]!; dy += w4 * v[q4 + 1]!; dz += w4 * v[q4 + 2]!;
        dx += w5 * v[q5]!; dy += w5 * v[q5 + 1]!; dz += w5 * v[q5 + 2]!;
        dx += w6 * v[q6]!; dy += w6 * v[q6 + 1]!; dz += w6 * v[q6 + 2]!;
        dx += w7 * v[q7]!; dy += w7 * v[q7 + 1]!; dz += w7 * v[q7 + 2]!;
        const X = px + dx + c0, Y = py + dy + c1, Z = pz + dz + c2;
        const li = Math.round(la[0]! * X + la[1]! * Y + la[2]! * Z + la[3]!);
        const lj = Math.round(la[4]! * X + la[5]! * Y + la[6]! * Z + la[7]!);
        const lk = Math.round(la[8]! * X + la[9]! * Y + la[10]! * Z + la[11]!);
        if (li < 0 || lj < 0 || lk < 0 || li >= lx || lj >= ly || lk >= lz) continue;
        out[idx] = labels[li + lx * (lj + ly * lk)]!;
      }
    }
  }
  return out;
}

/** 12 entries: subject voxel (i, j, k) -> centred template mm by the affine subjectToMni. */
function voxelToCentred(subjectToMni: ArrayLike<number>, targetAffine: ArrayLike<number>, centre: readonly number[]): Float64Array {
  const T = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += subjectToMni[4 * r + k]! * targetAffine[4 * k + c]!;
      if (c === 3) s += subjectToMni[4 * r + 3]! - centre[r]!;
      T[4 * r + c] = s;
    }
  }
  return T;
}

/** 12 entries: subject voxel -> label voxel by the affine alone (la: label world -> voxel, T from voxelToCentred). */
function voxelToLabelVoxel(la: Float64Array, T: Float64Array, centre: readonly number[]): Float64Array {
  const M = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let s = la[4 * r]! * T[c]! + la[4 * r + 1]! * T[4 + c]! + la[4 * r + 2]! * T[8 + c]!;
      if (c === 3) s += la[4 * r]! * centre[0]! + la[4 * r + 1]! * centre[1]! + la[4 * r + 2]! * centre[2]! + la[4 * r + 3]!;
      M[4 * r + c] = s;
    }
  }
  return M;
}

/** The label box (cached per label array) and its margin in label voxels: the largest inverse displacement. */
function grownLabelBox(labels: Int16Array, lx: number, ly: number, lz: number, la: Float64Array, v: Float32Array): { box: Int32Array; grow: number } {
  let maxV = 0;
  for (let q = 0; q < v.length; q++) if (Math.abs(v[q]!) > maxV) maxV = Math.abs(v[q]!);
  let box = boxCache.get(labels);
  if (!box) {
    box = labelBox(labels, lx, ly, lz);
    boxCache.set(labels, box);
  }
  const lsp = Math.max(Math.hypot(la[0]!, la[1]!, la[2]!), Math.hypot(la[4]!, la[5]!, la[6]!), Math.hypot(la[8]!, la[9]!, la[10]!));
  return { box, grow: Math.sqrt(3) * maxV * Math.max(lsp, 1e-9) + 2 };
}

/** out = [iLo, iHi]: the voxels i of row (j, k) whose affine label position lies in the grown box (empty: iHi < iLo). */
function rowRange(M: Float64Array, box: Int32Array, grow: number, j: number, k: number, nx: number, out: Int32Array): void {
  let iLo = 0, iHi = nx - 1;
  for (let r = 0; r < 3 && iLo <= iHi; r++) {
    const a0 = M[4 * r + 1]! * j + M[4 * r + 2]! * k + M[4 * r + 3]!, da = M[4 * r]!;
    const lo = box[r]! - grow, hi = box[3 + r]! + grow;
    if (Math.abs(da) < 1e-12) {
      if (a0 < lo || a0 > hi) iHi = -1;
    } else {
      const t0 = (lo - a0) / da, t1 = (hi - a0) / da;
      iLo = Math.max(iLo, Math.ceil(Math.min(t0, t1)));
      iHi = Math.min(iHi, Math.floor(Math.max(t0, t1)));
    }
  }
  out[0] = iLo;
  out[1] = iHi;
}

/** Label boxes per label array (the atlas is shared by every study and treated as immutable). */
const boxCache = new WeakMap<Int16Array, Int32Array>();

/** [i0, j0, k0, i1, j1, k1] of the non-zero labels (an empty box when none). */
function labelBox(labels: Int16Array, nx: number, ny: number, nz: number): Int32Array {
  const b = Int32Array.of(nx, ny, nz, -1, -1, -1);
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (labels[idx] === 0) continue;
        if (i < b[0]!) b[0] = i;
        if (i > b[3]!) b[3] = i;
        if (j < b[1]!) b[1] = j;
        if (j > b[4]!) b[4] = j;
        if (k < b[2]!) b[2] = k;
        if (k > b[5]!) b[5] = k;
      }
    }
  }
  return b;
}
