/**
 * Property tests: corrupted NIfTI input gives a Volume with
 * finite values or a SpectError with a code, never another exception.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, it } from 'vitest';
import { readNifti, writeNifti } from '../../src/nifti/index.js';
import { createVolume } from '../../src/volume/volume.js';
import { outcome } from '../helpers/outcome.js';

const base = writeNifti(createVolume({
  data: Float32Array.from({ length: 60 }, (_, i) => i * 1.5 - 7),
  dims: [3, 4, 5],
  affine: [2, 0, 0, -3, 0, 2, 0, -4, 0, 0, 2, -5, 0, 0, 0, 1],
}), { datatype: 'int16' });

describe('robustness', () => {
  it('NIfTI with random header bytes changed', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(351), fc.nat(255)), { minLength: 1, maxLength: 8 }), (edits) => {
      const b = base.slice();
      for (const [pos, val] of edits) b[pos] = val;
      outcome(() => readNifti(b, { maxBytes: 64 << 20 }));
    }), { numRuns: 400 });
  });

  it('NIfTI cut at any length, plain and gzipped', () => {
    const gz = gzipSync(base);
    fc.assert(fc.property(fc.nat(base.length), fc.nat(gz.length), (n, m) => {
      outcome(() => readNifti(base.subarray(0, n)));
      outcome(() => readNifti(gz.subarray(0, m)));
    }), { numRuns: 200 });
  });
});
