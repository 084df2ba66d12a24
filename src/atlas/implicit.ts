/**
 * Implicit-surface primitives used to generate the built-in atlas.
 *
 * Each primitive gives an approximate signed distance in mm (negative inside).
 * - Superellipsoid ("blob"): |dx/rx|^p + |dy/ry|^p + |dz/rz|^p = 1 (Barr 1981,
 *   IEEE CG&A 1(1):11-23), with separate radii on the + and - side of each axis
 *   so that one blob can be egg-shaped. The distance is the first-order
 *   estimate (q - 1) / |grad q| of the homogeneous norm q (Taubin 1994), exact
 *   on the surface and smooth everywhere.
 * - Capsule: distance to a segment minus a radius.
 * Shapes are combined with the polynomial smooth minimum (Quilez, "smooth minimum",
 * 2013) so that unions have rounded creases like real brain surfaces.
 */

/** [x, y, z] in MNI millimetres (RAS+). */
export type P3 = readonly [number, number, number];

/** An (asymmetric) superellipsoid. */
export interface Blob {
  readonly kind: 'blob';
  /** Centre, mm. */
  readonly c: P3;
  /** Radii on the positive side of x, y, z (mm). */
  readonly r: P3;
  /** Radii on the negative side; defaults to `r`. */
  readonly rNeg?: P3;
  /** Superellipsoid exponent (2 = ellipsoid; larger = boxier). Default 2. */
  readonly p?: number;
  /** Shear: the centre's y moves by `shearY * (z - c.z)` (a backward-leaning shape has shearY < 0). */
  readonly shearY?: number;
  /**
   * Horizontal shear: the centre's x moves by `shearX * (y - c.y)`, turning the
   * blob's long axis in the axial plane (e.g. cerebellar hemispheres diverging forwards).
   */
  readonly shearX?: number;
}

/** A capsule (segment a-b swept by a sphere of radius `radius`). */
export interface Capsule {
  readonly kind: 'capsule';
  readonly a: P3;
  readonly b: P3;
  readonly radius: number;
}

export type Primitive = Blob | Capsule;

/** Mirror a primitive across the mid-sagittal plane (x -> -x). */
export function mirrorX(s: Primitive): Primitive {
  if (s.kind === 'capsule') {
    return { kind: 'capsule', a: [-s.a[0], s.a[1], s.a[2]], b: [-s.b[0], s.b[1], s.b[2]], radius: s.radius };
  }
  const rn = s.rNeg ?? s.r;
  const m: Blob = { ...s, c: [-s.c[0], s.c[1], s.c[2]], r: [rn[0], s.r[1], s.r[2]], rNeg: [s.r[0], rn[1], rn[2]] };
  return s.shearX === undefined ? m : { ...m, shearX: -s.shearX };
}

/** Approximate signed distance (mm) from (x, y, z) to a superellipsoid. */
export function blobDistance(b: Blob, x: number, y: number, z: number): number {
  const rn = b.rNeg ?? b.r;
  const p = b.p ?? 2;
  const dz = z - b.c[2];
  const dx = x - b.c[0] - (b.shearX ?? 0) * (y - b.c[1]);
  const dy = y - b.c[1] - (b.shearY ?? 0) * dz;
  const rx = dx >= 0 ? b.r[0] : rn[0];
  const ry = dy >= 0 ? b.r[1] : rn[1];
  const rz = dz >= 0 ? b.r[2] : rn[2];
  const ux = Math.abs(dx) / rx, uy = Math.abs(dy) / ry, uz = Math.abs(dz) / rz;
  if (p === 2) {
    const q = Math.sqrt(ux * ux + uy * uy + uz * uz);
    const g = Math.sqrt((ux / rx) ** 2 + (uy / ry) ** 2 + (uz / rz) ** 2);
    if (g === 0) return -Math.min(rx, ry, rz);
    // |grad q| = g / q  ->  d = (q - 1) q / g
    return ((q - 1) * q) / g;
  }
  const sx = ux ** p, sy = uy ** p, sz = uz ** p;
  const q = (sx + sy + sz) ** (1 / p);
  const gx = ux ** (p - 1) / rx, gy = uy ** (p - 1) / ry, gz = uz ** (p - 1) / rz;
  const g = Math.sqrt(gx * gx + gy * gy + gz * gz);
  if (g === 0 || q === 0) return -Math.min(rx, ry, rz);
  // |grad q| = q^(1-p) * g
  return ((q - 1) * q ** (p - 1)) / g;
}

/** Signed distance (mm) from (x, y, z) to a capsule. */
export function capsuleDistance(s: Capsule, x: number, y: number, z: number): number {
  const abx = s.b[0] - s.a[0], aby = s.b[1] - s.a[1], abz = s.b[2] - s.a[2];
  const apx = x - s.a[0], apy = y - s.a[1], apz = z - s.a[2];
  const len2 = abx * abx + aby * aby + abz * abz;
  let t = len2 > 0 ? (apx * abx + apy * aby + apz * abz) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.hypot(apx - t * abx, apy - t * aby, apz - t * abz) - s.radius;
}

export function primitiveDistance(s: Primitive, x: number, y: number, z: number): number {
  return s.kind === 'blob' ? blobDistance(s, x, y, z) : capsuleDistance(s, x, y, z);
}

/** Polynomial smooth minimum with blend width k (mm); k = 0 is the plain minimum. */
export function smin(a: number, b: number, k: number): number {
  if (k <= 0) return a < b ? a : b;
  const h = Math.max(k - Math.abs(a - b), 0) / k;
  return Math.min(a, b) - (h * h * k) / 4;
}

/** Smooth union of a list of primitives (distance, mm). */
export function unionDistance(shapes: readonly Primitive[], k: number, x: number, y: number, z: number): number {
  let d = Infinity;
  for (let s = 0; s < shapes.length; s++) {
    const v = primitiveDistance(shapes[s]!, x, y, z);
    d = d === Infinity ? v : smin(d, v, k);
  }
  return d;
}
