/**
 * The register step of the pipeline: the study (and, when its attenuation status is unknown,
 * its Chang-corrected copy) registered to the template with the cerebellum as the region
 * whose coverage is checked and, with its margin, kept out of the cost.
 */
import type { LabelAtlas } from '../atlas/types.js';
import type { Issue } from '../issues.js';
import { registerBetterOf, registerToTemplate } from '../register/index.js';
import type { RegistrationOptions, RegistrationResult } from '../register/types.js';
import { CEREBELLUM_EXCLUSION_MARGIN_MM, dilatedGroupRegion } from '../regions/exclusion.js';
import type { attenuationStep } from '../volume/attenuation.js';
import { unknownStatusIssue } from '../volume/attenuation.js';
import type { Volume } from '../volume/volume.js';
import { blurredGroupMembership } from '../regions/membership.js';
import { DEFAULT_EXCLUDED_WEIGHT } from '../register/warp-gain.js';

/** FWHM of the blur of the atlas cerebellum that is the warp gain's membership, mm (docs/registration.md). */
export const WARP_GAIN_MEMBERSHIP_FWHM_MM = 12;

/**
 * The pipeline's warp (docs/registration.md): a 3-cosine DCT warp with the atlas cerebellum's
 * intensity fitted (its excluded margin down-weighted to 0.3); the caller's `warp` settings
 * override these, `warp: false` turns the warp off.
 */
function warpOptions(atlas: LabelAtlas, warp: RegistrationOptions['warp']): RegistrationOptions['warp'] {
  if (warp === false) return false;
  return {
    order: 3,
    lambda: 2,
    iterations: 4,
    stride: 16,
    gain: {
      membership: blurredGroupMembership(atlas, 'cerebellum', WARP_GAIN_MEMBERSHIP_FWHM_MM),
      excludedWeight: DEFAULT_EXCLUDED_WEIGHT,
    },
    ...warp,
  };
}

export interface RegisteredStudy {
  /** The volume that was registered and is measured (the study, or its corrected copy). */
  readonly volume: Volume;
  readonly registration: RegistrationResult;
  /** The attenuation choice (when the status was unknown) and the registration's own issues. */
  readonly issues: readonly Issue[];
}

/**
 * The caller's options with the cerebellum as the checked region and, with its margin, kept out of
 * the affine cost, and the pipeline's warp (exported for bench/speed.ts, which times the registration
 * as the analysis runs it).
 */
export function registrationOptions(atlas: LabelAtlas, options: RegistrationOptions | undefined): RegistrationOptions {
  return {
    ...options,
    region: { volume: dilatedGroupRegion(atlas, 'cerebellum', 0), name: 'cerebellum' },
    // A cold cerebellum is the very finding: keep it, and the margin its blur darkens, out of the cost
    // so that it cannot pull the fit (src/regions/exclusion.ts, docs/validation.md).
    exclude: { volume: dilatedGroupRegion(atlas, 'cerebellum', CEREBELLUM_EXCLUSION_MARGIN_MM) },
    warp: warpOptions(atlas, options?.warp),
  };
}

/** Register the output of `attenuationStep` to `template`. */
export function registerStudy(
  attenuation: ReturnType<typeof attenuationStep>,
  atlas: LabelAtlas,
  template: Volume,
  options: RegistrationOptions | undefined,
): RegisteredStudy {
  const issues: Issue[] = [];
  const register = (v: Volume) => registerToTemplate(v, template, registrationOptions(atlas, options));
  if (!attenuation.alternative) {
    const registration = register(attenuation.volume);
    issues.push(...registration.issues);
    return { volume: attenuation.volume, registration, issues };
  }
  // attenuation status unknown: keep whichever of the study and its Chang-corrected copy fits better at
  // the coarsest level, and register only that one through the finer levels (src/register/choose.ts)
  const alt = attenuation.alternative;
  const best = registerBetterOf(attenuation.volume, alt.volume, template, registrationOptions(atlas, options));
  const useAlt = best.chosen === 1;
  issues.push(unknownStatusIssue(useAlt, best.similarities[0], best.similarities[1], best.decidedAtMm));
  if (useAlt) issues.push(alt.issue);
  const registration = best.registration;
  issues.push(...registration.issues);
  return { volume: useAlt ? alt.volume : attenuation.volume, registration, issues };
}
