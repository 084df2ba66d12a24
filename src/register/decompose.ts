/**
 * Scale / shear / rotation decomposition of a 3x3 linear map by QR
 * (Gram-Schmidt on the columns): A = Q U, Q orthogonal, U upper triangular with
 * a positive diagonal. This is the convention of FSL's avscale (Jenkinson &
 * Smith 2001): scales = diag(U), shears = off-diagonal ratios.
 */
import type { ScaleDecomposition } from './types.js';
import { det3 } from './intensity.js';

/** Decompose the 3x3 part of a row-major 4x4 (or 3x4) matrix. */
export function decomposeLinear(m: ArrayLike<number>, stride = 4): ScaleDecomposition {
  const col = (c: number): [number, number, number] => [m[c]!, m[stride + c]!, m[2 * stride + c]!];
  const a0 = col(0), a1 = col(1), a2 = col(2);
  const dot = (u: readonly number[], v: readonly number[]) => u[0]! * v[0]! + u[1]! * v[1]! + u[2]! * v[2]!;
  const u00 = Math.hypot(...a0);
  const q0 = a0.map((x) => x / u00);
  const u01 = dot(q0, a1);
  const r1 = a1.map((x, i) => x - u01 * q0[i]!);
  const u11 = Math.hypot(r1[0]!, r1[1]!, r1[2]!);
  const q1 = r1.map((x) => x / u11);
  const u02 = dot(q0, a2), u12 = dot(q1, a2);
  const r2 = a2.map((x, i) => x - u02 * q0[i]! - u12 * q1[i]!);
  const u22 = Math.hypot(r2[0]!, r2[1]!, r2[2]!);
  const q2 = r2.map((x) => x / u22);
  const lin = [a0[0], a1[0], a2[0], a0[1], a1[1], a2[1], a0[2], a1[2], a2[2]];
  const det = det3(lin);
  // Q columns q0, q1, q2; rotation angle from its trace
  const tr = q0[0]! + q1[1]! + q2[2]!;
  const cosA = Math.min(1, Math.max(-1, (tr - 1) / 2));
  return {
    factors: [u00, u11, u22],
    shear: [u01 / u00, u02 / u00, u12 / u11],
    determinant: det,
    rotationDeg: (Math.acos(cosA) * 180) / Math.PI,
  };
}
