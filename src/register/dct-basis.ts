/**
 * The displacement field of the DCT warp (dct-warp.ts): u(x) = sum_b c_b B_b(x), B_b products of
 * one cosine per axis over a box of centred template mm (outside the box the field is constant),
 * as in SPM's classic spatial normalisation (Ashburner & Friston, Hum Brain Mapp 1999;7:254-266).
 */

export interface DctWarp {
  /** Basis functions per axis (cosines of order 0 .. n-1). */
  readonly order: readonly [number, number, number];
  /** Box of the basis in centred template mm: origin and length per axis (outside it the field is constant). */
  readonly origin: readonly [number, number, number];
  readonly length: readonly [number, number, number];
  /** Coefficients (mm), component-major: coef[d * nb + b], b = i + oi (j + oj k). */
  readonly coef: Float64Array;
}

/** Per-axis cosine values at x into out[off .. off + n - 1]. */
function axisBasis(x: number, x0: number, len: number, n: number, out: Float64Array, off: number): void {
  let t = (x - x0) / len;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  for (let i = 0; i < n; i++) out[off + i] = Math.cos(Math.PI * i * t);
}

/** Tensor basis values (nb) from the per-axis values into out[off .. off + nb - 1]. */
function tensor(ax: Float64Array, o: readonly [number, number, number], out: Float64Array, off: number): void {
  const [ox, oy, oz] = o;
  let b = off;
  for (let k = 0; k < oz; k++) {
    const zk = ax[ox + oy + k]!;
    for (let j = 0; j < oy; j++) {
      const yz = ax[ox + j]! * zk;
      for (let i = 0; i < ox; i++) out[b++] = ax[i]! * yz;
    }
  }
}

/** The nb tensor basis values B_b(x) into bv[off .. off + nb - 1]; `ax` is scratch (sum of orders). */
export function basisValues(w: DctWarp, x: number, y: number, z: number, ax: Float64Array, bv: Float64Array, off: number): void {
  const o = w.order;
  axisBasis(x, w.origin[0], w.length[0], o[0], ax, 0);
  axisBasis(y, w.origin[1], w.length[1], o[1], ax, o[0]);
  axisBasis(z, w.origin[2], w.length[2], o[2], ax, o[0] + o[1]);
  tensor(ax, o, bv, off);
}

/** Displacement sum_b c_b B_b into out[0..2] from basis values bv[off .. off + nb - 1]. */
export function displacementFromBasis(w: DctWarp, bv: Float64Array, off: number, out: Float64Array): void {
  const o = w.order;
  const nb = o[0] * o[1] * o[2];
  const c = w.coef;
  let u0 = 0,
    u1 = 0,
    u2 = 0;
  for (let b = 0; b < nb; b++) {
    const v = bv[off + b]!;
    u0 += c[b]! * v;
    u1 += c[nb + b]! * v;
    u2 += c[2 * nb + b]! * v;
  }
  out[0] = u0;
  out[1] = u1;
  out[2] = u2;
}

/** Displacement u(x) (centred mm) into out[0..2]; `ax` and `bv` are scratch (sum of orders, nb). */
export function displacement(w: DctWarp, x: number, y: number, z: number, ax: Float64Array, bv: Float64Array, out: Float64Array): void {
  basisValues(w, x, y, z, ax, bv, 0);
  displacementFromBasis(w, bv, 0, out);
}
