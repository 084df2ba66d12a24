/**
 * The analytic reference of the Chang tests: the first-order factor of a point inside an
 * elliptic cylinder of uniform attenuation, from the exact path lengths to its outline (closed-form
 * ray-ellipse intersections over 720 in-plane angles, independent of the kernel's lattice sweeps).
 */

const ANGLES = 720;

/** Mean over ANGLES in-plane directions of exp(-mu L), L to the ellipse (x/a)^2 + (y/b)^2 = 1. */
export function ellipseFactor(x: number, y: number, a: number, b: number, mu: number): number {
  let s = 0;
  const qx = x / a,
    qy = y / b,
    c0 = qx * qx + qy * qy - 1;
  for (let t = 0; t < ANGLES; t++) {
    const dx = Math.cos((2 * Math.PI * t) / ANGLES) / a,
      dy = Math.sin((2 * Math.PI * t) / ANGLES) / b;
    const A = dx * dx + dy * dy,
      B = qx * dx + qy * dy;
    s += Math.exp(-mu * ((-B + Math.sqrt(B * B - A * c0)) / A));
  }
  return s / ANGLES;
}
