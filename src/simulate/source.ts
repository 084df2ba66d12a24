/**
 * Source preparation and the changes made to the MNI-space activity before
 * imaging: cerebellar atrophy (shrink towards the centre, CSF-level fill) and
 * the cerebellar perfusion factor applied through a soft-edged mask.
 */
import { AtlasError, ErrorCode } from '../errors.js';
import { gaussianSmooth3d } from '../kernels/gaussian.js';
import { sampleNearest, sampleTrilinear } from '../kernels/trilinear.js';
import { resampleLabels } from '../volume/resample.js';
import type { Volume } from '../volume/volume.js';
import type { SimSource } from './types.js';

/** Classes of the truth label map. */
export const CLASS_CEREBELLUM = 1;
export const CLASS_CORTEX = 2;

export interface PreparedSource {
  readonly activity: Volume;
  /** Truth classes on the activity grid (0 other, 1 cerebellum, 2 cortex). */
  readonly classes: Uint8Array;
  /** Cerebellum centroid, activity-grid voxel coordinates. */
  readonly cerebellumCentroid: readonly [number, number, number];
  readonly cortexMean: number;
  readonly cerebellumMean: number;
  /** 1 where the atlas has any label (the brain), on the activity grid. */
  readonly brain: Uint8Array;
  /** 1 inside the source's own attenuating head (SimSource.head), on the activity grid; null for the default head. */
  readonly head: Uint8Array | null;
}

/**
 * Map the atlas onto the activity grid (nearest neighbour through both affines,
 * index = floor(x + 0.5)) and compute the statistics the simulator needs.
 * @throws AtlasError ATLAS_ERROR (label array size, empty cerebellum or cortex on the activity grid)
 * @throws GeometryError INVALID_GEOMETRY (singular affines)
 */
export function prepareSource(source: SimSource): PreparedSource {
  const L = source.labels;
  if (L.data.length !== L.dims[0] * L.dims[1] * L.dims[2]) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `label array has ${L.data.length} voxels, dims need ${L.dims[0] * L.dims[1] * L.dims[2]}`);
  }
  const cb = new Set(L.cerebellum), cx = new Set(L.cortex);
  const cls = new Uint8Array(L.data.length);
  for (let i = 0; i < cls.length; i++) {
    const v = L.data[i]!;
    cls[i] = cb.has(v) ? CLASS_CEREBELLUM : cx.has(v) ? CLASS_CORTEX : 0;
  }
  const act = source.activity;
  const classes = resampleLabels(cls, L.dims, L.affine, act.dims, act.affine);
  const any = new Uint8Array(L.data.length);
  for (let i = 0; i < any.length; i++) any[i] = L.data[i] !== 0 ? 1 : 0;
  const brain = resampleLabels(any, L.dims, L.affine, act.dims, act.affine);
  let sCb = 0, nCb = 0, sCx = 0, nCx = 0, ci = 0, cj = 0, ck = 0;
  const [nx, ny] = act.dims;
  for (let p = 0; p < classes.length; p++) {
    const c = classes[p]!;
    if (c === CLASS_CEREBELLUM) {
      sCb += act.data[p]!; nCb++;
      ci += p % nx; cj += Math.floor(p / nx) % ny; ck += Math.floor(p / (nx * ny));
    } else if (c === CLASS_CORTEX) {
      sCx += act.data[p]!; nCx++;
    }
  }
  let head: Uint8Array | null = null;
  if (source.head) {
    const H = source.head;
    if (H.data.length !== H.dims[0] * H.dims[1] * H.dims[2]) {
      throw new AtlasError(ErrorCode.ATLAS_ERROR, `head array has ${H.data.length} voxels, dims need ${H.dims[0] * H.dims[1] * H.dims[2]}`);
    }
    const h = new Uint8Array(H.data.length);
    for (let i = 0; i < h.length; i++) h[i] = H.data[i] !== 0 ? 1 : 0;
    head = resampleLabels(h, H.dims, H.affine, act.dims, act.affine);
    let nBrain = 0, nIn = 0;
    for (let p = 0; p < brain.length; p++) if (brain[p]) { nBrain++; nIn += head[p]!; }
    if (nIn < 0.95 * nBrain) throw new AtlasError(ErrorCode.ATLAS_ERROR, `the source's head holds ${nIn} of the ${nBrain} brain voxels (at least 95 % needed): a wrong grid or affine`);
  }
  if (nCb === 0 || nCx === 0) throw new AtlasError(ErrorCode.ATLAS_ERROR, `atlas gives ${nCb} cerebellum and ${nCx} cortex voxels on the activity grid`);
  return {
    activity: act,
    classes,
    cerebellumCentroid: [ci / nCb, cj / nCb, ck / nCb],
    cortexMean: sCx / nCx,
    cerebellumMean: sCb / nCb,
    brain,
    head,
  };
}

/**
 * Activity and truth classes after atrophy and the perfusion factor.
 * Atrophy a: a cerebellar voxel p takes the activity and class found at
 * q = c + (p - c) / (1 - a) (c = centroid) when q is cerebellum, otherwise the
 * CSF level `csfFraction * cortexMean` and class 0. Then activity is multiplied
 * by 1 - (1 - f) * G(mask), G a Gaussian of FWHM `edgeFwhmMm` on the (atrophied)
 * cerebellum mask, so that the factor fades in over a few mm. With
 * `factorRight` given, f applies to the left half (MNI x < 0) and `factorRight`
 * to the right half, each through its own soft mask.
 */
export function modifySource(
  src: PreparedSource,
  factor: number,
  atrophy: number,
  csfFraction: number,
  edgeFwhmMm: number,
  factorRight: number = factor,
): { activity: Float32Array; classes: Uint8Array } {
  const act = src.activity;
  const dims = act.dims;
  const [nx, ny, nz] = dims;
  const activity = new Float32Array(act.data);
  const classes = new Uint8Array(src.classes);
  if (atrophy > 0) {
    const inv = 1 / (1 - atrophy);
    const [c0, c1, c2] = src.cerebellumCentroid;
    const csf = csfFraction * src.cortexMean;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
      const p = i + nx * (j + ny * k);
      if (src.classes[p] !== CLASS_CEREBELLUM) continue;
      const qx = c0 + (i - c0) * inv, qy = c1 + (j - c1) * inv, qz = c2 + (k - c2) * inv;
      if (sampleNearest(src.classes, dims, qx, qy, qz, 0) === CLASS_CEREBELLUM) {
        activity[p] = sampleTrilinear(act.data, dims, qx, qy, qz, 0);
      } else {
        activity[p] = csf;
        classes[p] = 0;
      }
    }
  }
  if (factor !== 1 || factorRight !== 1) {
    const [sx, sy, sz] = act.spacing;
    const A = act.affine;
    const sides: [number, number][] = factorRight === factor ? [[0, factor]] : [[-1, factor], [1, factorRight]];
    const loss = new Float32Array(classes.length);
    for (const [side, f] of sides) {
      const mask = new Float32Array(classes.length);
      for (let p = 0; p < mask.length; p++) {
        if (classes[p] !== CLASS_CEREBELLUM) continue;
        if (side !== 0) {
          const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
          const x = A[0]! * i + A[1]! * j + A[2]! * k + A[3]!;
          if ((x < 0 ? -1 : 1) !== side) continue;
        }
        mask[p] = 1;
      }
      const soft = edgeFwhmMm > 0 ? gaussianSmooth3d(mask, dims, [edgeFwhmMm / sx, edgeFwhmMm / sy, edgeFwhmMm / sz]) : mask;
      const d = 1 - f;
      for (let p = 0; p < loss.length; p++) loss[p] = loss[p]! + d * soft[p]!;
    }
    for (let p = 0; p < activity.length; p++) activity[p] = activity[p]! * (1 - loss[p]!);
  }
  return { activity, classes };
}
