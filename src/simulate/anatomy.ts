/**
 * Realism of the simulated head, applied to the MNI-space activity before the
 * system blur (docs/simulator.md):
 *  - extracerebral uptake: a scalp shell 7-13 mm outside the (closed) brain and
 *    the parotid and submandibular salivary glands below the brain;
 *  - individual anatomy: a smooth random deformation (low-order cosine basis,
 *    largest displacement `amplitudeMm` inside the head) that moves activity
 *    and truth classes together;
 *  - no attenuation correction: every voxel is multiplied by the mean, over 16
 *    directions in the axial plane, of exp(-mu * path length to the skin of an
 *    elliptic head outline), which is what a reconstruction without attenuation
 *    correction leaves of a uniform head (Chang LT, IEEE Trans Nucl Sci 1978;25:638).
 */
import { distanceInside } from '../atlas/edt.js';
import { sampleNearest, sampleTrilinear } from '../kernels/trilinear.js';
import type { Rng } from '../kernels/random.js';
import type { PreparedSource } from './source.js';

export interface HeadModel {
  /** Distance (mm) from the closed brain outline, 0 inside. */
  readonly outsideMm: Float32Array;
}

const headCache = new WeakMap<PreparedSource, HeadModel>();

/** Euclidean distance (voxels) to the nearest mask voxel, computed on a padded grid so the grid border is not a mask. */
function distanceOutside(mask: Uint8Array, dims: readonly [number, number, number], pad: number): Float32Array {
  const [nx, ny, nz] = dims;
  const px = nx + 2 * pad, py = ny + 2 * pad, pz = nz + 2 * pad;
  const inv = new Uint8Array(px * py * pz).fill(1);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) {
    const row = nx * (j + ny * k), prow = pad + px * (j + pad + py * (k + pad));
    for (let i = 0; i < nx; i++) if (mask[row + i]) inv[prow + i] = 0;
  }
  const d = distanceInside(inv, [px, py, pz]);
  const out = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) {
    const row = nx * (j + ny * k), prow = pad + px * (j + pad + py * (k + pad));
    for (let i = 0; i < nx; i++) out[row + i] = d[prow + i]!;
  }
  return out;
}

/**
 * The closed brain outline of a source (atlas labels > 0, morphologically
 * closed with a 12 mm ball so the brainstem gap and sulci are filled) and the
 * distance of every voxel from it. Cached per prepared source.
 */
export function headModel(src: PreparedSource): HeadModel {
  const hit = headCache.get(src);
  if (hit) return hit;
  const dims = src.activity.dims;
  const h = src.activity.spacing[0];
  const r = 12 / h;
  const pad = Math.ceil(r) + 2;
  const dOut = distanceOutside(src.brain, dims, pad);
  const dilated = new Uint8Array(dOut.length);
  for (let i = 0; i < dOut.length; i++) dilated[i] = dOut[i]! <= r ? 1 : 0;
  // erosion of the dilated mask: voxels deeper than r inside it (the grid border counts as outside)
  const dIn = distanceInside(dilated, dims);
  const closed = new Uint8Array(dOut.length);
  for (let i = 0; i < closed.length; i++) closed[i] = src.brain[i] || dIn[i]! > r ? 1 : 0;
  fillHoles(closed, dims);
  const dist = distanceOutside(closed, dims, pad);
  for (let i = 0; i < dist.length; i++) dist[i] = dist[i]! * h;
  const model = { outsideMm: dist };
  headCache.set(src, model);
  return model;
}

/** Set to 1 every voxel not connected (6-neighbourhood) to the grid border through 0-voxels. */
export function fillHoles(mask: Uint8Array, dims: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  const seen = new Uint8Array(mask.length);
  const queue = new Int32Array(mask.length);
  let head = 0, tail = 0;
  const push = (p: number) => { if (!mask[p] && !seen[p]) { seen[p] = 1; queue[tail++] = p; } };
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) push(i + nx * (j + ny * k));
  }
  while (head < tail) {
    const p = queue[head++]!;
    const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
    if (i > 0) push(p - 1);
    if (i < nx - 1) push(p + 1);
    if (j > 0) push(p - nx);
    if (j < ny - 1) push(p + nx);
    if (k > 0) push(p - nx * ny);
    if (k < nz - 1) push(p + nx * ny);
  }
  for (let p = 0; p < mask.length; p++) if (!seen[p]) mask[p] = 1;
}

/** Salivary glands (right side; mirrored): centre and semi-axes in MNI mm, set by hand from gross anatomy
 * (parotid in front of the ear below the temporal lobe, submandibular under the angle of the mandible). */
const GLANDS: readonly { c: readonly [number, number, number]; r: readonly [number, number, number] }[] = [
  { c: [50, -16, -50], r: [11, 17, 20] },
  { c: [32, 2, -70], r: [10, 13, 9] },
];

/**
 * Add scalp and salivary uptake to `activity` (in place), as fractions of the
 * mean cortical activity of the source.
 */
export function addExtracerebral(src: PreparedSource, activity: Float32Array, scalpFraction: number, salivaryFraction: number): void {
  if (scalpFraction <= 0 && salivaryFraction <= 0) return;
  const act = src.activity;
  const [nx, ny, nz] = act.dims;
  const A = act.affine;
  const cx = src.cortexMean;
  const out = scalpFraction > 0 ? headModel(src).outsideMm : null;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const p = i + nx * (j + ny * k);
    if (out) {
      const d = out[p]!;
      // soft-edged 7-13 mm shell (skull and scalp lie between brain and skin)
      if (d > 6 && d < 14) activity[p] = activity[p]! + scalpFraction * cx * Math.min(1, d - 6, 14 - d);
    }
    if (salivaryFraction > 0) {
      const x = A[0]! * i + A[1]! * j + A[2]! * k + A[3]!;
      const y = A[4]! * i + A[5]! * j + A[6]! * k + A[7]!;
      const z = A[8]! * i + A[9]! * j + A[10]! * k + A[11]!;
      for (const g of GLANDS) {
        const q = ((Math.abs(x) - g.c[0]) / g.r[0]) ** 2 + ((y - g.c[1]) / g.r[1]) ** 2 + ((z - g.c[2]) / g.r[2]) ** 2;
        if (q < 1 && src.brain[p] === 0) activity[p] = activity[p]! + salivaryFraction * cx;
      }
    }
  }
}

/** A smooth random displacement field on the activity grid (voxel units), three components. */
export interface Deformation {
  readonly ux: Float32Array;
  readonly uy: Float32Array;
  readonly uz: Float32Array;
  /** Largest displacement inside the head, mm. */
  readonly maxMm: number;
}

/**
 * Random deformation from cosine basis functions of orders 0..2 along each
 * axis (the constant term excluded), coefficients normal with weight
 * 1 / (1 + a^2 + b^2 + c^2), scaled so that the largest displacement inside
 * the brain is `amplitudeMm`. Wavelengths are >= the grid extent (~180 mm),
 * so the field is smooth and invertible at these amplitudes.
 */
export function randomDeformation(src: PreparedSource, amplitudeMm: number, rng: Rng): Deformation {
  const [nx, ny, nz] = src.activity.dims;
  const h = src.activity.spacing[0];
  const K = 3;
  const basis = (n: number): Float64Array => {
    const b = new Float64Array(K * n);
    for (let a = 0; a < K; a++) for (let i = 0; i < n; i++) b[a * n + i] = Math.cos((Math.PI * a * (i + 0.5)) / n);
    return b;
  };
  const bx = basis(nx), by = basis(ny), bz = basis(nz);
  const coef = [new Float64Array(K ** 3), new Float64Array(K ** 3), new Float64Array(K ** 3)];
  for (const c of coef) {
    for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) for (let d = 0; d < K; d++) {
      c[a + K * (b + K * d)] = a + b + d === 0 ? 0 : rng.normal() / (1 + a * a + b * b + d * d);
    }
  }
  const n = nx * ny * nz;
  const u = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const tmp = new Float64Array(K * K);
  let maxSq = 0;
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) {
    for (let comp = 0; comp < 3; comp++) {
      const c = coef[comp]!;
      // fold the j and k basis values: tmp[a] = sum_{b,d} c[a,b,d] by[b] bz[d]
      for (let a = 0; a < K; a++) {
        let s = 0;
        for (let b = 0; b < K; b++) for (let d = 0; d < K; d++) s += c[a + K * (b + K * d)]! * by[b * ny + j]! * bz[d * nz + k]!;
        tmp[a] = s;
      }
      const uc = u[comp]!;
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        let s = 0;
        for (let a = 0; a < K; a++) s += tmp[a]! * bx[a * nx + i]!;
        uc[row + i] = s;
      }
    }
    const row = nx * (j + ny * k);
    for (let i = 0; i < nx; i++) {
      if (!src.brain[row + i]) continue;
      const sq = u[0]![row + i]! ** 2 + u[1]![row + i]! ** 2 + u[2]![row + i]! ** 2;
      if (sq > maxSq) maxSq = sq;
    }
  }
  const scale = maxSq > 0 ? amplitudeMm / h / Math.sqrt(maxSq) : 0;
  for (const uc of u) for (let i = 0; i < n; i++) uc[i] = uc[i]! * scale;
  return { ux: u[0]!, uy: u[1]!, uz: u[2]!, maxMm: amplitudeMm };
}

/** Pull activity (trilinear) and classes (nearest) through the deformation: out(p) = in(p + u(p)). */
export function applyDeformation(
  dims: readonly [number, number, number],
  activity: Float32Array,
  classes: Uint8Array,
  def: Deformation,
): { activity: Float32Array; classes: Uint8Array } {
  const [nx, ny, nz] = dims;
  const a = new Float32Array(activity.length);
  const c = new Uint8Array(classes.length);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const p = i + nx * (j + ny * k);
    const x = i + def.ux[p]!, y = j + def.uy[p]!, z = k + def.uz[p]!;
    a[p] = sampleTrilinear(activity, dims, x, y, z, 0);
    c[p] = sampleNearest(classes, dims, x, y, z, 0);
  }
  return { activity: a, classes: c };
}

const DIRECTIONS = 16;

/**
 * Depth-dependent attenuation left by a reconstruction without attenuation
 * correction, for an elliptic head outline in each axial plane: semi-axes
 * 78 mm (x) and 98 mm (y) around (0, -16) mm at and below z = 20 mm, tapering
 * as an ellipsoid of half-height 75 mm above. The factor at a point is the
 * mean over 16 directions of exp(-mu * distance to the outline); multiply
 * `activity` in place.
 */
export function applyAttenuation(src: PreparedSource, activity: Float32Array, muPerCm: number): void {
  if (muPerCm <= 0) return;
  const act = src.activity;
  const [nx, ny, nz] = act.dims;
  const A = act.affine;
  const mu = muPerCm / 10;
  const cosT = new Float64Array(DIRECTIONS), sinT = new Float64Array(DIRECTIONS);
  for (let t = 0; t < DIRECTIONS; t++) { cosT[t] = Math.cos((2 * Math.PI * t) / DIRECTIONS); sinT[t] = Math.sin((2 * Math.PI * t) / DIRECTIONS); }
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const p = i + nx * (j + ny * k);
    if (activity[p] === 0) continue;
    const x = A[0]! * i + A[1]! * j + A[2]! * k + A[3]!;
    const y = A[4]! * i + A[5]! * j + A[6]! * k + A[7]! + 16;
    const z = A[8]! * i + A[9]! * j + A[10]! * k + A[11]!;
    const taper = z > 20 ? Math.sqrt(Math.max(0, 1 - ((z - 20) / 75) ** 2)) : 1;
    const ax = 78 * taper, ay = 98 * taper;
    if (ax < 1) continue;
    const qx = x / ax, qy = y / ay;
    const c0 = qx * qx + qy * qy - 1;
    let s = 0;
    for (let t = 0; t < DIRECTIONS; t++) {
      // distance along (cos, sin) to the ellipse: solve |(q + s d)|^2 = 1 in scaled coordinates
      const dx = cosT[t]! / ax, dy = sinT[t]! / ay;
      const a2 = dx * dx + dy * dy, b = qx * dx + qy * dy;
      const disc = b * b - a2 * c0;
      const len = c0 < 0 && disc > 0 ? (-b + Math.sqrt(disc)) / a2 : 0;
      s += Math.exp(-mu * len);
    }
    activity[p] = activity[p]! * (s / DIRECTIONS);
  }
}
