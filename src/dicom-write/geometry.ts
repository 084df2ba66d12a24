/**
 * Volume affine (voxel -> RAS mm) to DICOM plane geometry (LPS, PS3.3
 * C.7.6.2.1.1): Image Orientation (Patient) = direction cosines of increasing
 * column index i then row index j; Image Position (Patient) = centre of the
 * first pixel of a frame; Pixel Spacing = [row spacing (along j), column
 * spacing (along i)] (PS3.3 10.7.1.3). NM slice stacking follows PS3.3
 * C.8.4.15: frame n sits at IPP + (n-1) * Spacing Between Slices * (row x col),
 * a negative spacing meaning slices stacked against the normal. The RAS affine is turned into
 * LPS by `lpsFromRas` (dicom-base/patient-frame.ts), the reader's conversion.
 */
import { ErrorCode, GeometryError } from '../errors.js';
import type { Vec3 } from '../volume/affine.js';
import { lpsFromRas } from '../dicom-base/patient-frame.js';
import type { Volume } from '../volume/volume.js';

export interface DicomGeometry {
  /** Row direction then column direction (LPS unit vectors). */
  readonly orientation: [number, number, number, number, number, number];
  /** [row spacing (dy), column spacing (dx)] mm. */
  readonly pixelSpacing: [number, number];
  /** Distance between adjacent frames along row x column (signed). */
  readonly spacingBetweenSlices: number;
  /** Slice thickness (= |spacing|). */
  readonly sliceThickness: number;
  /** For frame f (0-based), the volume slice index k stored in it. */
  readonly frameToSlice: Int32Array;
  /** LPS position of the first pixel of each frame. */
  readonly framePositions: Vec3[];
  /** Patient Orientation (0020,0020) letters for the row and column directions, e.g. ["L", "P"]. */
  readonly patientOrientation: [string, string];
}

/** LPS position of voxel (i, j, k), `a` voxel-to-LPS. */
function lps(a: Float64Array, i: number, j: number, k: number): Vec3 {
  return [
    a[0]! * i + a[1]! * j + a[2]! * k + a[3]!,
    a[4]! * i + a[5]! * j + a[6]! * k + a[7]!,
    a[8]! * i + a[9]! * j + a[10]! * k + a[11]!,
  ];
}

function letters(v: Vec3): string {
  // PS3.3 C.7.6.1.1.1: dominant LPS axis letters in decreasing order of weight.
  const names: [string, string][] = [['L', 'R'], ['P', 'A'], ['H', 'F']];
  const order = [0, 1, 2].sort((p, q) => Math.abs(v[q]!) - Math.abs(v[p]!));
  let s = '';
  for (const ax of order) {
    if (Math.abs(v[ax]!) < 1e-3) continue;
    s += v[ax]! > 0 ? names[ax]![0] : names[ax]![1];
  }
  return s;
}

/**
 * DICOM geometry of `volume`, slices ordered so that Spacing Between Slices has
 * the requested sign ('positive' for most vendors, 'negative' for GE recon).
 * @throws GeometryError INVALID_GEOMETRY when the slice axis is not along row x column (sheared affine).
 */
export function dicomGeometry(volume: Volume, spacingSign: 'positive' | 'negative'): DicomGeometry {
  const a = lpsFromRas(volume.affine);
  const nz = volume.dims[2];
  const [sx, sy, sz] = volume.spacing;
  const u: Vec3 = [a[0]! / sx, a[4]! / sx, a[8]! / sx];
  const v: Vec3 = [a[1]! / sy, a[5]! / sy, a[9]! / sy];
  if (Math.abs(u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) > 1e-6) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'row and column axes of the affine are not orthogonal');
  }
  const n: Vec3 = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
  const w: Vec3 = [a[2]!, a[6]!, a[10]!];
  const s = w[0] * n[0] + w[1] * n[1] + w[2] * n[2];
  if (Math.abs(Math.abs(s) - sz) > 1e-6 * Math.max(1, sz)) {
    throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'slice axis of the affine is not perpendicular to the image plane; DICOM NM cannot represent it');
  }
  const reverse = spacingSign === 'positive' ? s < 0 : s > 0;
  const frameToSlice = new Int32Array(nz);
  const framePositions: Vec3[] = [];
  for (let f = 0; f < nz; f++) {
    const k = reverse ? nz - 1 - f : f;
    frameToSlice[f] = k;
    framePositions.push(lps(a, 0, 0, k));
  }
  const spacing = reverse ? -s : s;
  return {
    orientation: [u[0], u[1], u[2], v[0], v[1], v[2]],
    pixelSpacing: [sy, sx],
    spacingBetweenSlices: spacing,
    sliceThickness: Math.abs(spacing),
    frameToSlice,
    framePositions,
    patientOrientation: [letters(u), letters(v)],
  };
}
