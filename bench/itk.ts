/**
 * Bridges between this project's volumes (RAS+ mm affines) and ITK / elastix,
 * whose physical space is LPS (ITK Software Guide, "Image" section; elastix
 * manual, section 2.6 on the transform direction and section 4 on the affine
 * transform parameters).
 */
import type { Volume } from '../src/volume/volume.js';
import { LPS_TO_RAS, invert4, multiply4, type Mat4 } from '../src/volume/affine.js';

/** The structural fields of an itk-wasm `Image` (3-D scalar float32). */
export interface ItkImage {
  imageType: { dimension: number; componentType: 'float32'; pixelType: 'Scalar'; components: number };
  name: string;
  origin: number[];
  spacing: number[];
  /** Row-major 3x3 direction cosines (columns = index axes) in LPS. */
  direction: Float64Array;
  size: number[];
  metadata: Map<string, string>;
  data: Float32Array;
}

/** Voxel -> LPS affine of a volume (LPS = diag(-1,-1,1) RAS). */
function lpsAffine(v: Volume): Mat4 {
  return multiply4(LPS_TO_RAS, v.affine); // LPS_TO_RAS is its own inverse
}

/** An itk-wasm image sharing nothing with the volume (the data are copied). */
export function toItkImage(v: Volume, name: string): ItkImage {
  const a = lpsAffine(v);
  const spacing = [0, 1, 2].map((c) => Math.hypot(a[c]!, a[4 + c]!, a[8 + c]!));
  const direction = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) direction[r * 3 + c] = a[r * 4 + c]! / spacing[c]!;
  return {
    imageType: { dimension: 3, componentType: 'float32', pixelType: 'Scalar', components: 1 },
    name,
    origin: [a[3]!, a[7]!, a[11]!],
    spacing,
    direction,
    size: [v.dims[0], v.dims[1], v.dims[2]],
    metadata: new Map(),
    data: Float32Array.from(v.data),
  };
}

/**
 * The elastix AffineTransform T(x) = A (x - c) + t + c (fixed LPS -> moving LPS)
 * as a row-major 4x4 in RAS: F T F with F = diag(-1,-1,1,1).
 * @param params the 12 TransformParameters (A row-major, then t)
 * @param centre CenterOfRotationPoint (LPS mm)
 */
export function elastixAffineToRas(params: readonly number[], centre: readonly number[]): Mat4 {
  if (params.length !== 12 || centre.length !== 3 || ![...params, ...centre].every(Number.isFinite)) {
    throw new Error(`elastix affine: expected 12 finite parameters and a 3-D centre, got ${params.length} and ${centre.length}`);
  }
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) {
    let ac = 0;
    for (let c = 0; c < 3; c++) {
      m[r * 4 + c] = params[r * 3 + c]!;
      ac += params[r * 3 + c]! * centre[c]!;
    }
    m[r * 4 + 3] = params[9 + r]! + centre[r]! - ac;
  }
  m[15] = 1;
  return multiply4(multiply4(LPS_TO_RAS, m), LPS_TO_RAS);
}

/** Numbers of one key of an elastix parameter text file: `(Key v1 v2 ...)`. */
export function parameterNumbers(text: string, key: string): number[] {
  const m = new RegExp(`^\\(${key}\\s+([^)]*)\\)`, 'm').exec(text);
  if (!m) throw new Error(`elastix transform file has no ${key}`);
  return m[1]!.trim().split(/\s+/).map(Number);
}

/** Subject -> MNI from an elastix fixed(MNI) -> moving(subject) transform. */
export function subjectToMniFromElastix(params: readonly number[], centre: readonly number[]): Mat4 {
  const inv = invert4(elastixAffineToRas(params, centre));
  if (!inv) throw new Error('elastix returned a singular affine transform');
  return inv;
}

/** Affine parameter map (elastix parameter-file syntax, values as strings). */
export function affineParameterMap(): Record<string, string[]> {
  return {
    FixedInternalImagePixelType: ['float'], MovingInternalImagePixelType: ['float'],
    FixedImageDimension: ['3'], MovingImageDimension: ['3'], UseDirectionCosines: ['true'],
    Registration: ['MultiResolutionRegistration'],
    FixedImagePyramid: ['FixedSmoothingImagePyramid'], MovingImagePyramid: ['MovingSmoothingImagePyramid'],
    NumberOfResolutions: ['4'],
    Interpolator: ['BSplineInterpolator'], BSplineInterpolationOrder: ['1'],
    ResampleInterpolator: ['FinalBSplineInterpolator'], FinalBSplineInterpolationOrder: ['1'], Resampler: ['DefaultResampler'],
    Metric: ['AdvancedNormalizedCorrelation'],
    Optimizer: ['AdaptiveStochasticGradientDescent'], MaximumNumberOfIterations: ['250'],
    AutomaticParameterEstimation: ['true'], AutomaticScalesEstimation: ['true'],
    Transform: ['AffineTransform'], HowToCombineTransforms: ['Compose'],
    AutomaticTransformInitialization: ['true'], AutomaticTransformInitializationMethod: ['CenterOfGravity'],
    ImageSampler: ['RandomCoordinate'], NumberOfSpatialSamples: ['3000'], NewSamplesEveryIteration: ['true'],
    ErodeMask: ['false'], DefaultPixelValue: ['0'],
    WriteResultImage: ['false'], ResultImageFormat: ['nii'], ResultImagePixelType: ['float'],
  };
}

/** The same map as an elastix parameter text file. */
export function parameterFileText(map: Record<string, string[]>): string {
  return Object.entries(map).map(([k, vs]) => `(${k} ${vs.map((v) => (/^-?[0-9.]+$/.test(v) ? v : `"${v}"`)).join(' ')})`).join('\n') + '\n';
}
