/**
 * The 4x4 affine helpers against independent references (a plain triple loop for the product,
 * a * inv(a) = identity, hand-computed points), and gl-matrix-style aliasing: the `...Into`
 * forms take `out` first, and `out` may be one of the inputs.
 */
import { describe, expect, it } from 'vitest';
import {
  applyAffine,
  applyAffineInto,
  identity4,
  invert4,
  invert4Into,
  multiply4,
  multiply4Into,
  toMat4,
  voxelSizes,
  type Vec3,
} from '../../src/volume/affine.js';

// an oblique, anisotropic affine (rotation about z by 30 degrees, voxels 2 x 3 x 4 mm, a shift)
const c = Math.cos(Math.PI / 6),
  s = Math.sin(Math.PI / 6);
const A = toMat4([2 * c, -3 * s, 0, -90, 2 * s, 3 * c, 0, -126, 0, 0, 4, -72, 0, 0, 0, 1]);
const B = toMat4([1, 0.2, 0, 5, -0.1, 1, 0.3, -7, 0, 0.4, 1.5, 11, 0, 0, 0, 1]);

/** Reference product: row r, column c of a * b by the definition. */
function reference(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out.push([0, 1, 2, 3].reduce((acc, j) => acc + a[4 * r + j]! * b[4 * j + k]!, 0));
  return out;
}

const close = (x: ArrayLike<number>, y: ArrayLike<number>, tol = 1e-12) => {
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!), `entry ${i}`).toBeLessThanOrEqual(tol);
};

describe('affine helpers', () => {
  it('multiply4 is the matrix product (not commutative)', () => {
    close(multiply4(A, B), reference(A, B));
    close(multiply4(B, A), reference(B, A));
    expect(Math.abs(multiply4(A, B)[3]! - multiply4(B, A)[3]!)).toBeGreaterThan(1);
    close(multiply4(A, identity4()), A, 0);
  });

  it('multiply4Into writes out and may alias a, b or both', () => {
    const ab = reference(A, B),
      aa = reference(A, A);
    const out = new Float64Array(16);
    expect(multiply4Into(out, A, B)).toBe(out);
    close(out, ab);
    const a1 = Float64Array.from(A);
    multiply4Into(a1, a1, B); // out === a
    close(a1, ab);
    const b1 = Float64Array.from(B);
    multiply4Into(b1, A, b1); // out === b
    close(b1, ab);
    const sq = Float64Array.from(A);
    multiply4Into(sq, sq, sq); // out === a === b
    close(sq, aa);
  });

  it('invert4 gives a * inv(a) = identity, null for a singular matrix', () => {
    const inv = invert4(A)!;
    close(multiply4(A, inv), identity4(), 1e-12);
    close(multiply4(inv, A), identity4(), 1e-12);
    expect(invert4(toMat4([1, 2, 3, 0, 2, 4, 6, 0, 0, 0, 1, 0, 0, 0, 0, 1]))).toBeNull();
  });

  it('invert4Into may alias its input and leaves out untouched when singular', () => {
    const expected = invert4(A)!;
    const a1 = Float64Array.from(A);
    expect(invert4Into(a1, a1)).toBe(a1);
    close(a1, expected, 0);
    const singular = toMat4([1, 2, 3, 0, 2, 4, 6, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const out = Float64Array.from(B);
    expect(invert4Into(out, singular)).toBeNull();
    close(out, B, 0);
  });

  it('applyAffine and applyAffineInto map a point; out may be reused', () => {
    // voxel (1, 2, 3): x = 2c*1 - 3s*2 - 90, y = 2s*1 + 3c*2 - 126, z = 12 - 72
    const want: Vec3 = [2 * c - 6 * s - 90, 2 * s + 6 * c - 126, -60];
    close(applyAffine(A, 1, 2, 3), want);
    const p: Vec3 = [7, 8, 9];
    expect(applyAffineInto(p, A, 1, 2, 3)).toBe(p);
    close(p, want);
    applyAffineInto(p, A, p[0], p[1], p[2]); // the point's own coordinates as input
    close(p, applyAffine(A, want[0], want[1], want[2]));
    close(voxelSizes(A), [2, 3, 4]);
  });
});
