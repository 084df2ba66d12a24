/**
 * 8x8 inverse DCT of ITU T.81 A.3.3:
 *   s(y,x) = 1/4 sum_u sum_v C(u) C(v) S(v,u) cos((2x+1)u pi/16) cos((2y+1)v pi/16)
 * with C(0) = 1/sqrt(2), else 1; computed separably in Float64, then level
 * shifted by 2^(P-1), rounded and clamped to 0..2^P-1 (A.3.1).
 */

/** Natural (row-major) position of the k-th coefficient in zig-zag order (T.81 Figure A.6). */
export const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** COS[x*8+u] = C(u)/2 * cos((2x+1) u pi / 16). */
const COS = new Float64Array(64);
for (let x = 0; x < 8; x++) {
  for (let u = 0; u < 8; u++) COS[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
}

/**
 * Inverse-transform `coef` (dequantised, natural order) and write the 8x8
 * samples into `plane` at (row0, col0) with the given stride.
 * `tmp` is a caller-owned 64-value scratch buffer (no allocation here).
 */
export function idctBlock(
  coef: Float64Array,
  tmp: Float64Array,
  plane: Uint16Array,
  stride: number,
  row0: number,
  col0: number,
  precision: number,
): void {
  const shift = 2 ** (precision - 1);
  const maxv = 2 ** precision - 1;
  // Columns: tmp[y*8+u] = sum_v COS[y][v] * coef[v*8+u]
  for (let u = 0; u < 8; u++) {
    for (let y = 0; y < 8; y++) {
      let s = 0;
      for (let v = 0; v < 8; v++) s += COS[y * 8 + v]! * coef[v * 8 + u]!;
      tmp[y * 8 + u] = s;
    }
  }
  // Rows: out[y][x] = sum_u COS[x][u] * tmp[y*8+u]
  for (let y = 0; y < 8; y++) {
    const base = (row0 + y) * stride + col0;
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += COS[x * 8 + u]! * tmp[y * 8 + u]!;
      let v = Math.round(s + shift);
      if (v < 0) v = 0;
      else if (v > maxv) v = maxv;
      plane[base + x] = v;
    }
  }
}
