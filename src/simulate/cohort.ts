/**
 * Random study parameters and lazily generated cohorts (a generator, so that
 * only one study's volumes are alive at a time; spread it for an array).
 */
import { createRng, deriveSeed, type Rng } from '../kernels/random.js';
import { RENDER_FORMATS, type RenderFormat } from './render.js';
import { simulateStudy } from './simulate.js';
import { prepareSource, type PreparedSource } from './source.js';
import type { SimParams, SimResult, SimSource } from './types.js';

export interface StudyRanges {
  readonly rotationDeg: number;
  readonly translationMm: number;
  readonly scale: readonly [number, number];
  readonly factor: readonly [number, number];
  /** Probability of atrophy, and its range when present. */
  readonly atrophyProbability: number;
  readonly atrophy: readonly [number, number];
  readonly fwhmMm: readonly [number, number];
  /** log-uniform range of total counts. */
  readonly totalCounts: readonly [number, number];
  /** Probability of a cut axial field of view, its length range and centre offset. */
  readonly fovCutProbability: number;
  readonly fovMm: readonly [number, number];
  readonly fovCentreMm: number;
  readonly ageYears: readonly [number, number];
  readonly formats: readonly RenderFormat[];
}

export const DEFAULT_RANGES: StudyRanges = {
  rotationDeg: 25,
  translationMm: 30,
  scale: [0.8, 1.05],
  factor: [0.5, 1.05],
  atrophyProbability: 0.2,
  atrophy: [0.05, 0.3],
  fwhmMm: [6, 14],
  totalCounts: [1e6, 2e7],
  fovCutProbability: 0.2,
  fovMm: [130, 200],
  fovCentreMm: 20,
  ageYears: [0.5, 16],
  formats: RENDER_FORMATS,
};

/**
 * Draw one study's parameters. Matrix 64 comes with voxels 3.9..4.8 mm and
 * matrix 128 with 2.2..3.6 mm, so the field of view always holds a head.
 */
export function randomStudyParams(rng: Rng, ranges: StudyRanges = DEFAULT_RANGES): SimParams & { readonly format: RenderFormat } {
  const u = (r: readonly [number, number]) => rng.range(r[0], r[1]);
  const sym = (a: number) => rng.range(-a, a);
  const matrix = rng.uniform() < 0.5 ? 64 : 128;
  const cut = rng.uniform() < ranges.fovCutProbability;
  const translationMm: [number, number, number] = [sym(ranges.translationMm), sym(ranges.translationMm), sym(ranges.translationMm)];
  return {
    cerebellarFactor: u(ranges.factor),
    cerebellarAtrophy: rng.uniform() < ranges.atrophyProbability ? u(ranges.atrophy) : 0,
    pose: {
      rotationsDeg: [sym(ranges.rotationDeg), sym(ranges.rotationDeg), sym(ranges.rotationDeg)],
      translationMm,
    },
    brainScale: u(ranges.scale),
    matrix,
    voxelSizeMm: matrix === 64 ? rng.range(3.9, 4.8) : rng.range(2.2, 3.6),
    fwhmMm: u(ranges.fwhmMm),
    totalCounts: Math.round(Math.exp(rng.range(Math.log(ranges.totalCounts[0]), Math.log(ranges.totalCounts[1])))),
    noise: true,
    axialFovMm: cut ? u(ranges.fovMm) : null,
    // the cut FOV is centred near the head (scanner z of the brain centre +/- fovCentreMm)
    axialFovCentreMm: cut ? translationMm[2] + sym(ranges.fovCentreMm) : 0,
    ageYears: Math.round(u(ranges.ageYears) * 10) / 10,
    sex: rng.uniform() < 0.5 ? 'F' : 'M',
    tracer: rng.pick(['HMPAO', 'ECD', 'IMP'] as const),
    format: rng.pick(ranges.formats),
  };
}

export interface CohortMember {
  readonly index: number;
  readonly seed: number;
  readonly params: SimParams;
  readonly format: RenderFormat;
  readonly result: SimResult;
}

/**
 * `n` varied studies, deterministic by `seed` (study i uses deriveSeed(seed, i)).
 * @throws as simulateStudy
 */
export function* simulateCohort(source: SimSource | PreparedSource, n: number, seed: number, ranges: StudyRanges = DEFAULT_RANGES): Generator<CohortMember> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a non-negative integer');
  const prepared = 'classes' in source ? source : prepareSource(source);
  for (let i = 0; i < n; i++) {
    const s = deriveSeed(seed, i);
    const { format, ...params } = randomStudyParams(createRng(s), ranges);
    yield { index: i, seed: s, params, format, result: simulateStudy(prepared, params, s) };
  }
}
