/**
 * Sampling a panel's plane from a volume: each pixel's MNI point is carried
 * into the volume's voxel grid by one affine matrix (MNI -> subject world by
 * the registration, world -> voxel by the inverse of the volume's affine) and
 * sampled trilinearly; points outside the volume are NaN, so the figure can
 * show where the acquisition ends. Atlas labels are looked up nearest-neighbour
 * in the atlas grid. Incremental stepping, no allocation per pixel.
 */
import { ErrorCode, GeometryError } from '../../errors.js';
import { trilinearAt } from '../../kernels/trilinear.js';
import { invert4, multiply4 } from '../../volume/affine.js';
import type { Canvas } from './canvas.js';
import type { Rgb } from './colormap.js';
import type { Panel } from './layout.js';

/** Voxel <- MNI matrix of a grid whose `affine` maps voxels to world, with `mniToWorld` (identity when null). */
export function mniToVoxel(affine: ArrayLike<number>, mniToWorld: ArrayLike<number> | null): Float64Array {
  const inv = invert4(Float64Array.from(affine));
  if (!inv) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'volume affine is singular');
  return mniToWorld ? multiply4(inv, Float64Array.from(mniToWorld)) : inv;
}

/** The panel's plane sampled from `data` (trilinear, NaN outside the grid, the shared `trilinearAt` kernel), row by row. */
export function samplePanel(p: Panel, data: Float32Array, dims: readonly number[], vox: Float64Array, out: Float32Array = new Float32Array(p.w * p.h)): Float32Array {
  const m = vox;
  const nx = dims[0]!, ny = dims[1]!, nz = dims[2]!;
  // voxel of pixel (0, 0) centre and its steps along a row and down a column
  const c = [p.corner[0] + 0.5 * (p.du[0] + p.dv[0]), p.corner[1] + 0.5 * (p.du[1] + p.dv[1]), p.corner[2] + 0.5 * (p.du[2] + p.dv[2])];
  const lin = (r: number, v: readonly number[]) => m[4 * r]! * v[0]! + m[4 * r + 1]! * v[1]! + m[4 * r + 2]! * v[2]!;
  const o0 = lin(0, c) + m[3]!, o1 = lin(1, c) + m[7]!, o2 = lin(2, c) + m[11]!;
  const u0 = lin(0, p.du), u1 = lin(1, p.du), u2 = lin(2, p.du);
  const v0 = lin(0, p.dv), v1 = lin(1, p.dv), v2 = lin(2, p.dv);
  const w = p.w, h = p.h;
  for (let row = 0, o = 0; row < h; row++) {
    const r0 = o0 + row * v0, r1 = o1 + row * v1, r2 = o2 + row * v2;
    for (let col = 0; col < w; col++, o++) {
      const x = r0 + col * u0, y = r1 + col * u1, z = r2 + col * u2;
      out[o] = trilinearAt(data, nx, ny, nz, x, y, z, NaN);
    }
  }
  return out;
}

/** The panel's plane of atlas classes: `classOf[label]` (0 = none) looked up nearest-neighbour. */
export function samplePanelClasses(p: Panel, labels: Int16Array, dims: readonly number[], vox: Float64Array, classOf: Uint8Array): Uint8Array {
  const out = new Uint8Array(p.w * p.h);
  const m = vox, nx = dims[0]!, ny = dims[1]!, nz = dims[2]!;
  const c = [p.corner[0] + 0.5 * (p.du[0] + p.dv[0]), p.corner[1] + 0.5 * (p.du[1] + p.dv[1]), p.corner[2] + 0.5 * (p.du[2] + p.dv[2])];
  const lin = (r: number, v: readonly number[]) => m[4 * r]! * v[0]! + m[4 * r + 1]! * v[1]! + m[4 * r + 2]! * v[2]!;
  const o0 = lin(0, c) + m[3]! + 0.5, o1 = lin(1, c) + m[7]! + 0.5, o2 = lin(2, c) + m[11]! + 0.5;
  const u0 = lin(0, p.du), u1 = lin(1, p.du), u2 = lin(2, p.du);
  const v0 = lin(0, p.dv), v1 = lin(1, p.dv), v2 = lin(2, p.dv);
  const w = p.w, h = p.h, nc = classOf.length;
  for (let row = 0, o = 0; row < h; row++) {
    const r0 = o0 + row * v0, r1 = o1 + row * v1, r2 = o2 + row * v2;
    for (let col = 0; col < w; col++, o++) {
      // floor(f) in [0, n)  <=>  0 <= f < n; there truncation to int32 is the floor
      const fi = r0 + col * u0, fj = r1 + col * u1, fk = r2 + col * u2;
      if (!(fi >= 0 && fj >= 0 && fk >= 0 && fi < nx && fj < ny && fk < nz)) continue;
      const lab = labels[(fi | 0) + nx * ((fj | 0) + ny * (fk | 0))]!;
      if (lab > 0 && lab < nc) out[o] = classOf[lab]!;
    }
  }
  return out;
}

/** classOf table: 1 for cerebellum labels, 2 for cortex labels. */
export function classTable(cerebellum: readonly number[], cortex: readonly number[]): Uint8Array {
  const t = new Uint8Array(32768);
  for (const v of cortex) if (v > 0 && v < t.length) t[v] = 2;
  for (const v of cerebellum) if (v > 0 && v < t.length) t[v] = 1;
  return t;
}

/** Colour for pixels outside the acquired volume: a light diagonal hatch, so truncation is visible. */
export const OUTSIDE_A: Rgb = [150, 150, 150];
export const OUTSIDE_B: Rgb = [185, 185, 185];

/** Paint sampled values through a 256-entry table on the window [lo, hi]; NaN as the outside hatch. */
export function paintValues(cv: Canvas, p: Panel, vals: Float32Array, table: Uint8Array, lo: number, hi: number): void {
  const scale = 255 / (hi - lo), rgb = cv.rgb, W = cv.width, w = p.w, h = p.h;
  for (let row = 0; row < h; row++) {
    let o = 3 * ((p.y + row) * W + p.x);
    for (let col = 0; col < w; col++, o += 3) {
      const v = vals[row * w + col]!;
      if (v !== v) { // NaN: outside the volume
        const c = ((col + row) >> 2) % 2 === 0 ? OUTSIDE_A : OUTSIDE_B;
        rgb[o] = c[0]; rgb[o + 1] = c[1]; rgb[o + 2] = c[2];
        continue;
      }
      let t = Math.round((v - lo) * scale);
      if (!(t > 0)) t = 0; else if (t >= 254) t = 255; else t &= ~1; // 128 levels, as lutIndex
      const q = 3 * t;
      rgb[o] = table[q]!; rgb[o + 1] = table[q + 1]!; rgb[o + 2] = table[q + 2]!;
    }
  }
}

/** Outline each class: a pixel whose 4-neighbour has another class gets that class's colour. */
export function paintOutlines(cv: Canvas, p: Panel, cls: Uint8Array, colors: readonly (Rgb | null)[]): void {
  for (let row = 1; row < p.h - 1; row++) {
    for (let col = 1; col < p.w - 1; col++) {
      const i = row * p.w + col, c = cls[i]!;
      if (c === 0) continue;
      if (cls[i - 1] === c && cls[i + 1] === c && cls[i - p.w] === c && cls[i + p.w] === c) continue;
      const color = colors[c];
      if (color) cv.set(p.x + col, p.y + row, color);
    }
  }
}
