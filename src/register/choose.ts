/**
 * `registerBetterOf`: which of two versions of one study (e.g. as reconstructed and after a
 * library attenuation correction) fits the template better, decided part-way through the
 * coarse-to-fine schedule, and the full registration of that one only.
 *
 * Both versions run steps 1-3 (initial pose, rotation search, similarity fit) and the stages of
 * step 4 at the pyramid levels up to `decideAtLevel` (default 0: the coarsest, 8 mm); the one
 * with the higher similarity there continues through the finer levels. The stages of a version
 * do not depend on the other's, so the result is the same, bit for bit, as `registerToTemplate`
 * of the chosen version alone (test/register/choose.test.ts); only the finer levels of the
 * other are saved. Agreement with a choice on the final similarity: docs/registration.md.
 */
import type { Volume } from '../volume/volume.js';
import { advanceRegistration, finishRegistration, startRegistration } from './register.js';
import type { RegistrationOptions, RegistrationResult } from './types.js';

/** Pyramid level index (0 = coarsest) at whose end the two versions are compared by default. */
export const DECIDE_AT_LEVEL = 0;

export interface BetterOf {
  /** 0: the first version fits better (or equally well), 1: the second. */
  readonly chosen: 0 | 1;
  /** The full registration of the chosen version. */
  readonly registration: RegistrationResult;
  /** Similarity (NCC) of each version at the end of the deciding level. */
  readonly similarities: readonly [number, number];
  /** Voxel size (mm) of the deciding level. */
  readonly decidedAtMm: number;
}

/**
 * Register `first` and `second` (two versions of one study) to `template` up to the end of
 * pyramid level `decideAtLevel` (clamped to the schedule), keep the one with the higher
 * similarity there (the first on a tie) and finish its registration.
 * @throws as `registerToTemplate`, for either version
 */
export function registerBetterOf(
  first: Volume,
  second: Volume | (() => Volume),
  template: Volume,
  options: RegistrationOptions = {},
  decideAtLevel = DECIDE_AT_LEVEL,
): BetterOf {
  const a = startRegistration(first, template, options);
  const level = Math.min(Math.max(0, Math.floor(decideAtLevel)), a.levelsMm.length - 1);
  advanceRegistration(a, level);
  const b = startRegistration(typeof second === 'function' ? second() : second, template, options);
  advanceRegistration(b, level);
  const similarities = [a.ncc, b.ncc] as const;
  const chosen = b.ncc > a.ncc ? 1 : 0;
  return { chosen, registration: finishRegistration(chosen === 1 ? b : a), similarities, decidedAtMm: a.levelsMm[level]! };
}
