/**
 * Type tests of the affine helpers of the public API: a function that writes into a caller's
 * buffer is `...Into` and takes it first (gl-matrix style); the plain one returns a new value and
 * takes no output argument.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { applyAffine, applyAffineInto, invert4, invert4Into, multiply4, multiply4Into, type Mat4, type Vec3 } from '../../src/index.js';

describe('affine helpers', () => {
  it('the Into forms take out first and return it', () => {
    expectTypeOf(multiply4Into).parameter(0).toEqualTypeOf<Mat4>();
    expectTypeOf(multiply4Into).returns.toEqualTypeOf<Mat4>();
    expectTypeOf(invert4Into).parameter(0).toEqualTypeOf<Mat4>();
    expectTypeOf(invert4Into).returns.toEqualTypeOf<Mat4 | null>();
    expectTypeOf(applyAffineInto).parameter(0).toEqualTypeOf<Vec3>();
    expectTypeOf(applyAffineInto).returns.toEqualTypeOf<Vec3>();
  });
  it('the plain forms return new values and take no out', () => {
    const m = new Float64Array(16);
    expectTypeOf(multiply4(m, m)).toEqualTypeOf<Mat4>();
    expectTypeOf(invert4(m)).toEqualTypeOf<Mat4 | null>();
    expectTypeOf(applyAffine(m, 1, 2, 3)).toEqualTypeOf<Vec3>();
    // @ts-expect-error no trailing out parameter: use multiply4Into(out, a, b)
    multiply4(m, m, m);
    // @ts-expect-error no trailing out parameter: use applyAffineInto(out, m, x, y, z)
    applyAffine(m, 1, 2, 3, [0, 0, 0]);
  });
});
