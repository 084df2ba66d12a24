/**
 * The two small linear-algebra pieces of the DCT warp (dct-warp.ts): the bending energy of
 * each separable cosine basis function on its box (diagonal in this basis: the Laplacian of
 * cos(a x) cos(b y) cos(c z) is -(a^2 + b^2 + c^2) times itself, and the products are
 * orthogonal on the box), and a Cholesky solve of the damped normal equations.
 */

/** Bending energy per unit coefficient^2 of each basis (diagonal for the DCT on its box). */
export function bendingDiagonal(o: readonly [number, number, number], len: readonly [number, number, number]): Float64Array {
  const nb = o[0] * o[1] * o[2];
  const r = new Float64Array(nb);
  let b = 0;
  for (let k = 0; k < o[2]; k++) {
    for (let j = 0; j < o[1]; j++) {
      for (let i = 0; i < o[0]; i++, b++) {
        const a = (Math.PI * i) / len[0], bb = (Math.PI * j) / len[1], c = (Math.PI * k) / len[2];
        const norm = (i > 0 ? 0.5 : 1) * (j > 0 ? 0.5 : 1) * (k > 0 ? 0.5 : 1);
        // int (lap u)^2 over the box / box volume, times a length^4 to make it dimensionless-ish
        r[b] = (a * a + bb * bb + c * c) ** 2 * norm * 1e8;
      }
    }
  }
  return r;
}

/** Solve (A) x = y in place for a symmetric positive-definite n x n A (Cholesky); false when not SPD. */
export function choleskySolve(A: Float64Array, y: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j]!;
    for (let k = 0; k < j; k++) s -= A[j * n + k]! * A[j * n + k]!;
    if (!(s > 0)) return false;
    const d = Math.sqrt(s);
    A[j * n + j] = d;
    for (let i = j + 1; i < n; i++) {
      let t = A[i * n + j]!;
      for (let k = 0; k < j; k++) t -= A[i * n + k]! * A[j * n + k]!;
      A[i * n + j] = t / d;
    }
  }
  for (let i = 0; i < n; i++) {
    let t = y[i]!;
    for (let k = 0; k < i; k++) t -= A[i * n + k]! * y[k]!;
    y[i] = t / A[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let t = y[i]!;
    for (let k = i + 1; k < n; k++) t -= A[k * n + i]! * y[k]!;
    y[i] = t / A[i * n + i]!;
  }
  return true;
}
