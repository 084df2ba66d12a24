/**
 * Mutation fuzzing of `assembleSeries` (multi-file single-frame series): a
 * writer-made PET and NM series (8 x 8 x 6) with one file mutated, files
 * dropped, duplicated or reordered. Property: a valid Volume or a SpectError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assembleSeries } from '../../src/dicom/index.js';
import { writeSingleFrameSeries } from '../../src/dicom-write/index.js';
import { outcomeOf } from './check.js';
import { applyMutations, dicomLengthFields, mutationsArb } from './mutate.js';
import { smallVolume } from './targets.js';

const series = {
  PT: writeSingleFrameSeries(smallVolume(8, 8, 6), { modality: 'PT' }).map((f) => ({ name: f.name, bytes: f.bytes })),
  NM: writeSingleFrameSeries(smallVolume(8, 8, 6), { modality: 'NM', shuffleInstanceNumbers: true }).map((f) => ({ name: f.name, bytes: f.bytes })),
};

describe('assembleSeries on mutated series', () => {
  it('unmutated series read as 8 x 8 x 6 volumes', async () => {
    for (const files of Object.values(series)) expect((await assembleSeries(files)).dims).toEqual([8, 8, 6]);
  });

  it('one mutated file, dropped / duplicated / reversed files: Volume or SpectError', async () => {
    const arb = fc.record({
      modality: fc.constantFrom<'PT' | 'NM'>('PT', 'NM'),
      target: fc.nat(5),
      muts: fc.option(mutationsArb, { nil: undefined }),
      drop: fc.option(fc.nat(5), { nil: undefined }),
      dup: fc.option(fc.nat(5), { nil: undefined }),
      reverse: fc.boolean(),
    });
    await fc.assert(fc.asyncProperty(arb, async (c) => {
      let files = series[c.modality].slice();
      if (c.muts) {
        const f = files[c.target]!;
        files[c.target] = { name: f.name, bytes: applyMutations(f.bytes, c.muts, dicomLengthFields(f.bytes)) };
      }
      if (c.dup !== undefined) files.push(files[c.dup]!);
      if (c.drop !== undefined) files = files.filter((_, i) => i !== c.drop);
      if (c.reverse) files.reverse();
      await outcomeOf(() => assembleSeries(files));
    }), { numRuns: 150, seed: 11 });
  }, 20_000);
});
