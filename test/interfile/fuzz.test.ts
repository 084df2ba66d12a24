/**
 * Property test: Interfile headers with random values give a Volume with
 * finite values or a SpectError with a code, never another exception.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readInterfile } from '../../src/interfile/index.js';
import { outcome } from '../helpers/outcome.js';

describe('robustness', () => {
  it('Interfile with random values for its keys', () => {
    const keys = ['!matrix size [1]', '!matrix size [2]', '!number of slices', '!number format', '!number of bytes per pixel',
      'imagedata byte order', 'scaling factor (mm/pixel) [1]', 'slice thickness (pixels)', 'data offset in bytes', '!type of data'];
    const value = fc.oneof(fc.constantFrom('2', '0', '-1', '1e9', '+2.0+00', 'unsigned integer', 'long float', 'BIGENDIAN', 'Tomographic', 'abc', ''), fc.string({ maxLength: 6 }));
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...keys), value), { maxLength: 12 }), fc.nat(64), (kv, len) => {
      // random keys first: the first value of a key wins
      const text = ['!INTERFILE :=', ...kv.map(([k, v]) => `${k} := ${v}`), '!matrix size [1] := 2', '!matrix size [2] := 2', '!number of slices := 2',
        '!number format := unsigned integer', '!number of bytes per pixel := 2', 'scaling factor (mm/pixel) [1] := 2'].join('\n');
      outcome(() => readInterfile(text, new Uint8Array(len)));
    }), { numRuns: 400 });
  });
});
