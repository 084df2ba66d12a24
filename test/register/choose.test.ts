/**
 * `registerBetterOf` (src/register/choose.ts): two versions of one study compared at the end of
 * the coarsest pyramid level, the better one registered through the finer levels. Its result
 * must be the full registration of the chosen version, bit for bit (SHA-256 of the transform,
 * every stage, every issue), whichever of the two wins and in whichever order they are given.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { builtinAtlas, builtinTemplate } from '../../src/atlas/index.js';
import { CEREBELLUM_EXCLUSION_MARGIN_MM, dilatedGroupRegion } from '../../src/regions/exclusion.js';
import { registerBetterOf, registerToTemplate, type RegistrationOptions, type RegistrationResult } from '../../src/register/index.js';
import { phantomSource, prepareSource, simulateStudy } from '../../src/simulate/index.js';
import { correctAttenuation } from '../../src/volume/attenuation.js';

const atlas = builtinAtlas({ voxelSize: 2 });
const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
const options: RegistrationOptions = { exclude: { volume: dilatedGroupRegion(atlas, 'cerebellum', CEREBELLUM_EXCLUSION_MARGIN_MM) } };
const src = prepareSource(phantomSource());
const study = (mu: number, seed: number) =>
  simulateStudy(
    src,
    {
      cerebellarFactor: 0.8,
      matrix: 64,
      voxelSizeMm: 4.2,
      fwhmMm: 12,
      totalCounts: 1.5e6,
      scalpFraction: 0.25,
      salivaryFraction: 0.6,
      attenuationPerCm: mu,
      pose: { rotationsDeg: [14, -9, 22], translationMm: [6, -8, 5] },
    },
    seed,
  ).volume;
const sha = (a: Float64Array) =>
  createHash('sha256')
    .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
    .digest('hex');
const same = (r: RegistrationResult, full: RegistrationResult) => {
  expect(sha(r.mniToSubject)).toBe(sha(full.mniToSubject));
  expect(sha(r.subjectToMni)).toBe(sha(full.subjectToMni));
  expect(r.similarity).toBe(full.similarity);
  expect(r.iterations).toBe(full.iterations);
  expect(r.stages).toEqual(full.stages);
  expect(r.issues).toEqual(full.issues);
  expect(r.scale).toEqual(full.scale);
  expect(r.templateCoverage).toBe(full.templateCoverage);
};
/** Similarity of a full registration at the end of its coarsest level (its last stage there). */
const coarse = (r: RegistrationResult) => r.stages.filter((s) => s.levelMm === r.stages[0]!.levelMm).at(-1)!.similarity;

describe('registerBetterOf', () => {
  for (const [name, mu, want] of [
    ['a study without attenuation correction', 0.13, 'corrected'],
    ['a corrected study', 0, 'as it is'],
  ] as const) {
    it(`${name}: the ${want} version wins at 8 mm, and its result is its full registration bit for bit (either order)`, () => {
      const asIs = study(mu, 31);
      const corrected = correctAttenuation(asIs).volume;
      const fullAsIs = registerToTemplate(asIs, template, options);
      const fullCorrected = registerToTemplate(corrected, template, options);
      const winner = want === 'corrected' ? fullCorrected : fullAsIs;
      const ab = registerBetterOf(asIs, corrected, template, options);
      expect(ab.decidedAtMm).toBe(8);
      expect(ab.similarities).toEqual([coarse(fullAsIs), coarse(fullCorrected)]);
      expect(ab.chosen).toBe(want === 'corrected' ? 1 : 0);
      same(ab.registration, winner);
      // the other order, the second given lazily
      const ba = registerBetterOf(corrected, () => asIs, template, options);
      expect(ba.chosen).toBe(want === 'corrected' ? 0 : 1);
      same(ba.registration, winner);
      // deciding at the finest level is the choice on the final similarity
      const fin = registerBetterOf(asIs, corrected, template, options, 9);
      expect(fin.decidedAtMm).toBe(4);
      expect(fin.similarities).toEqual([fullAsIs.similarity, fullCorrected.similarity]);
      same(fin.registration, winner);
    }, 60_000);
  }
});
