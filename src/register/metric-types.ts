/**
 * The data of the registration metric (own file: metric.ts computes passes, normal-equations.ts
 * accumulates them, and neither imports the other back).
 */

/** Template samples inside its mask at one pyramid level. */
export interface FixedPoints {
  readonly n: number;
  /** Centred MNI coordinates (mm), x, y, z interleaved (length 3n). */
  readonly xyz: Float64Array;
  /** Normalised template values (length n). */
  readonly f: Float64Array;
  readonly sumF: number;
  readonly sumFF: number;
}

/** Subject image at one pyramid level with its gradient images (per voxel index unit). */
export interface MovingImage {
  readonly data: Float32Array;
  /**
   * Value and central-difference gradient interleaved per voxel, [m, dm/di, dm/dj, dm/dk]
   * (length 4 x voxels), so that the 8 corners of a trilinear sample touch 4 cache lines, not 16.
   */
  readonly mg: Float32Array;
  readonly dims: readonly [number, number, number];
  /** Subject RAS mm -> voxel, row-major 4x4. */
  readonly worldToVox: Float64Array;
}

/** Result of one pass over the fixed points. */
export interface PassResult {
  /** Sum of squared residuals (of Tukey's rho when a Tukey constant is given). */
  sse: number;
  /** NCC between template and warped subject over the fixed points. */
  ncc: number;
  /** Fraction of fixed points that fall inside the subject grid. */
  inside: number;
  /** Number of points inside the subject grid (the only ones that count). */
  n: number;
  /** Sums of f, f^2, m, m^2 and f m over the inside points (for NCC and the intensity fit). */
  sf: number;
  sff: number;
  sm: number;
  smm: number;
  sfm: number;
}
