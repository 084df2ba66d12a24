/** Fuzz property shared by the reader tests: a finite, complete volume or a typed error. */
import { expect } from 'vitest';
import { ErrorCode, isSpectError } from '../../src/errors.js';

/** Run a reader; it must return a volume with finite data of the declared size, or throw a SpectError. */
export function outcome(fn: () => { data: Float32Array; dims: readonly number[] }): void {
  try {
    const v = fn();
    expect(v.data.length).toBe(v.dims[0]! * v.dims[1]! * v.dims[2]!);
    for (let i = 0; i < v.data.length; i++) expect(Number.isFinite(v.data[i]!)).toBe(true);
  } catch (e) {
    if (!isSpectError(e)) throw e;
    expect(Object.values(ErrorCode)).toContain(e.code);
  }
}
