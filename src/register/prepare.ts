/**
 * Per-level preparation of the two images: intensity normalisation, pyramid
 * downsampling, template mask points (fixed side) and subject gradient images
 * (moving side). Template preparations are cached per template object (the
 * template is immutable in practice and shared by every study).
 */
import { ErrorCode, RegistrationError, ResourceLimitError } from '../errors.js';
import { invert4, voxelSizes } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';
import { moments, normaliseInPlace, positivePercentile, positivePercentileInBox, scanSubject, type Moments } from './intensity.js';
import { gradientImages, type FixedPoints, type MovingImage } from './metric.js';
import { downsampleGrid, downsampledDims, type Grid } from './pyramid.js';
import { fieldOfView } from '../volume/field-of-view.js';

/** Robust maximum = this percentile of the positive voxels. */
export const ROBUST_PERCENTILE = 0.99;
/** Threshold (fraction of the robust maximum) for the moments used at initialisation. */
export const MOMENT_FRACTION = 0.3;
/** A study must have at least this many voxels and this extent (mm) along every axis. */
export const MIN_AXIS_VOXELS = 4;
export const MIN_AXIS_MM = 40;

export interface PreparedTemplate {
  /** Template centre (RAS mm): intensity centroid above MOMENT_FRACTION at the coarsest level. */
  readonly centre: [number, number, number];
  readonly moments: Moments;
  readonly levels: readonly FixedPoints[];
  readonly levelsMm: readonly number[];
}

export interface PreparedSubject {
  /** Full-resolution field of view actually used (after removing all-zero boundary planes). */
  readonly fov: { readonly dims: readonly [number, number, number]; readonly affine: Float64Array };
  /** True when all-zero boundary planes were removed. */
  readonly cropped: boolean;
  readonly moments: Moments;
  readonly levels: readonly MovingImage[];
  readonly nonFinite: number;
}

const cache = new WeakMap<Volume, Map<string, PreparedTemplate>>();

/** Template points per level are thinned (every k-th mask voxel, in storage order) to at most this many. */
export const MAX_POINTS = 30000;

/**
 * Largest pyramid grid, in voxels (2^23 = 8 Mi voxels, 32 MiB as Float32; each
 * level also keeps three gradient images). The working grid of a level covers
 * the subject's (cropped) physical extent at the level's voxel size, so its size
 * grows with the physical size, not with the matrix: at the default finest level
 * of 4 mm, 2^23 voxels is a 812 mm cube, where a head SPECT field of view is at
 * most about 540 x 540 x 400 mm (1.8 Mi voxels). Checked before any allocation.
 */
export const MAX_PYRAMID_VOXELS = 2 ** 23;

/**
 * @throws ResourceLimitError RESOURCE_LIMIT when the finest pyramid grid of `g` at `finestMm` would exceed MAX_PYRAMID_VOXELS
 */
export function checkPyramidSize(g: Grid, finestMm: number): void {
  const d = downsampledDims(g.dims, g.affine, finestMm);
  const n = d[0] * d[1] * d[2];
  if (!(n <= MAX_PYRAMID_VOXELS)) {
    const sp = voxelSizes(g.affine);
    const extent = g.dims.map((x, a) => (x * sp[a]!).toPrecision(4)).join(' x ');
    throw new ResourceLimitError(
      ErrorCode.RESOURCE_LIMIT,
      `registration grid at ${finestMm} mm would have ${d.join(' x ')} voxels (image extent ${extent} mm), more than ${MAX_PYRAMID_VOXELS}`,
      { details: { dims: d.join('x'), voxels: n, maxVoxels: MAX_PYRAMID_VOXELS, levelMm: finestMm } },
    );
  }
}

/**
 * Pyramid grids for levels given coarse to fine: the finest is made from the
 * full-resolution image, the coarser ones from the finest (cheaper, and the
 * tent filter of the cascade is still an anti-aliasing low-pass).
 */
export function pyramid(full: Grid, levelsMm: readonly number[]): Grid[] {
  const finestMm = Math.min(...levelsMm);
  checkPyramidSize(full, finestMm);
  const finest = downsampleGrid(full, finestMm);
  return levelsMm.map((mm) => (mm === finestMm ? finest : downsampleGrid(finest, mm)));
}

function fixedPoints(g: Grid, threshold: number, c: readonly number[]): FixedPoints {
  const [nx, ny, nz] = g.dims;
  let nMask = 0;
  for (let q = 0; q < g.data.length; q++) if (g.data[q]! > threshold) nMask++;
  const step = Math.max(1, Math.ceil(nMask / MAX_POINTS));
  const n = Math.ceil(nMask / step);
  let seen = 0;
  const xyz = new Float64Array(3 * n), f = new Float64Array(n);
  const A = g.affine;
  let p = 0, idx = 0, sumF = 0, sumFF = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const v = g.data[idx]!;
        if (!(v > threshold)) continue;
        if (seen++ % step !== 0) continue;
        xyz[3 * p] = A[0]! * i + A[1]! * j + A[2]! * k + A[3]! - c[0]!;
        xyz[3 * p + 1] = A[4]! * i + A[5]! * j + A[6]! * k + A[7]! - c[1]!;
        xyz[3 * p + 2] = A[8]! * i + A[9]! * j + A[10]! * k + A[11]! - c[2]!;
        f[p] = v;
        sumF += v;
        sumFF += v * v;
        p++;
      }
    }
  }
  return { n, xyz, f, sumF, sumFF };
}

/**
 * Normalise and downsample the template, build its mask points per level.
 * @throws RegistrationError REGISTRATION_FAILED when the template has no signal or no mask voxels.
 */
export function prepareTemplate(template: Volume, levelsMm: readonly number[], maskFraction: number): PreparedTemplate {
  const key = `${levelsMm.join(',')}|${maskFraction}`;
  let perTemplate = cache.get(template);
  const hit = perTemplate?.get(key);
  if (hit) return hit;
  const ref = positivePercentile(template.data, ROBUST_PERCENTILE);
  if (!(ref > 0)) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'template has no positive voxels');
  const data = new Float32Array(template.data);
  normaliseInPlace(data, ref);
  const full: Grid = { data, dims: template.dims, affine: template.affine };
  const grids = pyramid(full, levelsMm);
  const coarse = grids[0]!;
  const mom = moments(coarse, MOMENT_FRACTION);
  if (!(mom.mass > 0)) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'template has no voxels above the moment threshold');
  const levels = grids.map((g) => fixedPoints(g, maskFraction, mom.centre));
  if (levels.some((l) => l.n < 100)) {
    throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'template mask has fewer than 100 voxels at some pyramid level');
  }
  const prepared: PreparedTemplate = { centre: mom.centre, moments: mom, levels, levelsMm: levelsMm.slice() };
  if (!perTemplate) {
    perTemplate = new Map();
    cache.set(template, perTemplate);
  }
  perTemplate.set(key, prepared);
  return prepared;
}

/**
 * Normalise and downsample the subject, with gradient images per level.
 * @throws RegistrationError REGISTRATION_FAILED when the subject is not a 3-D volume (fewer than
 *   4 voxels or 40 mm along an axis), has no positive finite voxels or too few voxels above the
 *   moment threshold.
 */
export function prepareSubject(subject: Volume, levelsMm: readonly number[]): PreparedSubject {
  for (let a = 0; a < 3; a++) {
    const n = subject.dims[a]!, extent = n * subject.spacing[a]!;
    if (n < MIN_AXIS_VOXELS || extent < MIN_AXIS_MM) {
      throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, `subject is not a 3-D head volume: axis ${a} has ${n} voxels over ${extent.toFixed(1)} mm`, {
        details: { axis: a, voxels: n, extentMm: extent },
      });
    }
  }
  // one pass: non-finite voxels, robust-maximum bound and the all-zero boundary planes
  const scan = scanSubject(subject.data, subject.dims);
  const nonFinite = scan.nonFinite;
  let src = subject.data;
  if (nonFinite > 0) {
    src = new Float32Array(subject.data);
    for (let i = 0; i < src.length; i++) if (!Number.isFinite(src[i]!)) src[i] = 0;
  }
  const ref = positivePercentileInBox(src, subject.dims, scan.max, ROBUST_PERCENTILE, scan.lo, scan.hi);
  if (!(ref > 0)) {
    throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'subject volume has no positive finite voxels', {
      details: { nonFinite },
    });
  }
  const full = cropToBox({ data: src, dims: subject.dims, affine: subject.affine }, scan.lo, scan.hi);
  const cropped = full.dims.some((d, a) => d !== subject.dims[a]);
  const levels: MovingImage[] = [];
  let mom: Moments | null = null;
  for (const g of pyramid(full, levelsMm)) {
    normaliseInPlace(g.data, ref);
    if (mom === null) mom = moments(g, MOMENT_FRACTION);
    const inv = invert4(g.affine);
    if (!inv) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'subject affine is singular');
    levels.push(gradientImages(g, inv));
  }
  if (mom === null || mom.count < 8) {
    throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'subject has too few voxels above the initialisation threshold', {
      details: { count: mom?.count ?? 0 },
    });
  }
  return { fov: { dims: full.dims, affine: full.affine }, cropped, moments: mom, levels, nonFinite };
}

/**
 * Remove all-zero planes at the borders of the grid. Reconstruction software
 * and simulators zero the slices beyond the camera's axial field of view; such
 * planes are outside the measured field of view, not "no activity", and must
 * not be compared with the template. Returns the input when nothing is removed.
 */
export function cropZeroPlanes(g: Grid): Grid {
  const { lo, hi } = fieldOfView(g);
  return cropToBox(g, lo, hi);
}

/** The sub-grid [lo, hi] (inclusive) of `g`; `g` itself when the box is the whole grid or empty. */
function cropToBox(g: Grid, lo: readonly [number, number, number], hi: readonly [number, number, number]): Grid {
  const [nx, ny, nz] = g.dims;
  const [i0, j0, k0] = lo;
  const [i1, j1, k1] = hi;
  if (i1 < 0 || (i0 === 0 && j0 === 0 && k0 === 0 && i1 === nx - 1 && j1 === ny - 1 && k1 === nz - 1)) return g;
  const dx = i1 - i0 + 1, dy = j1 - j0 + 1, dz = k1 - k0 + 1;
  const data = new Float32Array(dx * dy * dz);
  let o = 0;
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const row = i0 + nx * (j + ny * k);
      data.set(g.data.subarray(row, row + dx), o);
      o += dx;
    }
  }
  const A = g.affine;
  const aff = new Float64Array(A);
  for (let r = 0; r < 3; r++) aff[4 * r + 3] = A[4 * r]! * i0 + A[4 * r + 1]! * j0 + A[4 * r + 2]! * k0 + A[4 * r + 3]!;
  return { data, dims: [dx, dy, dz], affine: aff };
}
