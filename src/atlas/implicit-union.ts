/**
 * A smooth union of primitives, compiled to flat Float64 parameters with
 * bounding-box culling, for fast rasterisation. Same distances as
 * `implicit.ts` (`blobDistance`, `capsuleDistance`, `smin`).
 */
import { blobDistance, capsuleDistance, smin, type Primitive } from './implicit.js';

/** Parameters per primitive: 6 box bounds + kind + 12 shape numbers. */
const STRIDE = 19;

/** Smooth union whose `distance` is exact below `cap` and only ">= cap" above it. */
export class ShapeUnion {
  private readonly n: number;
  private readonly q: Float64Array;
  private readonly limit2: number;
  constructor(parts: readonly Primitive[], readonly k: number, readonly cap = 4) {
    this.n = parts.length;
    this.q = new Float64Array(parts.length * STRIDE);
    const limit = cap + k;
    this.limit2 = limit * limit;
    parts.forEach((p, s) => {
      const o = s * STRIDE, q = this.q;
      if (p.kind === 'blob') {
        const rn = p.rNeg ?? p.r;
        const sh = p.shearY ?? 0;
        const shy = Math.abs(sh) * Math.max(p.r[2], rn[2]); // a sheared blob's y range moves with z
        // the y range grows with the vertical shear, the x range with the horizontal one
        const shx = Math.abs(p.shearX ?? 0) * (Math.max(p.r[1], rn[1]) + shy);
        q[o] = p.c[0] - rn[0] - shx; q[o + 1] = p.c[0] + p.r[0] + shx;
        q[o + 2] = p.c[1] - rn[1] - shy; q[o + 3] = p.c[1] + p.r[1] + shy;
        q[o + 4] = p.c[2] - rn[2]; q[o + 5] = p.c[2] + p.r[2];
        q[o + 6] = (p.shearX ?? 0) === 0 ? 0 : 2; // 2: sheared in x, evaluated by blobDistance
        q.set([p.c[0], p.c[1], p.c[2], p.r[0], p.r[1], p.r[2], rn[0], rn[1], rn[2], p.p ?? 2, sh], o + 7);
      } else {
        for (let a = 0; a < 3; a++) {
          q[o + 2 * a] = Math.min(p.a[a]!, p.b[a]!) - p.radius;
          q[o + 2 * a + 1] = Math.max(p.a[a]!, p.b[a]!) + p.radius;
        }
        q[o + 6] = 1;
        q.set([p.a[0], p.a[1], p.a[2], p.b[0], p.b[1], p.b[2], p.radius], o + 7);
      }
    });
    this.parts = parts;
  }
  private readonly parts: readonly Primitive[];

  /**
   * Box outside which `distance` is >= cap: [minx, maxx, miny, maxy, minz, maxz] (mm).
   */
  bounds(): [number, number, number, number, number, number] {
    const b: [number, number, number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
    const m = Math.sqrt(this.limit2);
    for (let s = 0; s < this.n; s++) {
      for (let a = 0; a < 3; a++) {
        b[2 * a] = Math.min(b[2 * a]!, this.q[s * STRIDE + 2 * a]! - m);
        b[2 * a + 1] = Math.max(b[2 * a + 1]!, this.q[s * STRIDE + 2 * a + 1]! + m);
      }
    }
    return b;
  }

  /** Signed distance (mm); exact when below `cap`, otherwise some value >= cap. */
  distance(x: number, y: number, z: number): number {
    const q = this.q;
    let d = Infinity;
    for (let s = 0; s < this.n; s++) {
      const o = s * STRIDE;
      const ex = q[o]! - x > 0 ? q[o]! - x : x - q[o + 1]! > 0 ? x - q[o + 1]! : 0;
      const ey = q[o + 2]! - y > 0 ? q[o + 2]! - y : y - q[o + 3]! > 0 ? y - q[o + 3]! : 0;
      const ez = q[o + 4]! - z > 0 ? q[o + 4]! - z : z - q[o + 5]! > 0 ? z - q[o + 5]! : 0;
      // the distance to the box is a lower bound of the distance to the shape inside it
      if (ex * ex + ey * ey + ez * ez > this.limit2) continue;
      const v = q[o + 6] === 0 && q[o + 16] === 2 ? ellipsoid(q, o + 7, x, y, z) : general(this.parts[s]!, x, y, z);
      d = d === Infinity ? v : smin(d, v, this.k);
    }
    return d === Infinity ? this.cap + this.k : d;
  }
}

function general(p: Primitive, x: number, y: number, z: number): number {
  return p.kind === 'blob' ? blobDistance(p, x, y, z) : capsuleDistance(p, x, y, z);
}

/** `blobDistance` for p = 2, reading parameters [c, r+, r-, p, shear] at q[o..]. */
function ellipsoid(q: Float64Array, o: number, x: number, y: number, z: number): number {
  const dx = x - q[o]!, dz = z - q[o + 2]!;
  const dy = y - q[o + 1]! - q[o + 10]! * dz;
  const rx = dx >= 0 ? q[o + 3]! : q[o + 6]!;
  const ry = dy >= 0 ? q[o + 4]! : q[o + 7]!;
  const rz = dz >= 0 ? q[o + 5]! : q[o + 8]!;
  const ux = (dx < 0 ? -dx : dx) / rx, uy = (dy < 0 ? -dy : dy) / ry, uz = (dz < 0 ? -dz : dz) / rz;
  const qn = Math.sqrt(ux * ux + uy * uy + uz * uz);
  const gx = ux / rx, gy = uy / ry, gz = uz / rz;
  const g = Math.sqrt(gx * gx + gy * gy + gz * gz);
  if (g === 0) return -Math.min(rx, ry, rz);
  return ((qn - 1) * qn) / g;
}
