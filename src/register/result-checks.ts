/**
 * The checks of a finished registration (`registerToTemplate`): the plausibility of the transform
 * (similarity, reflection, size, shear, template coverage) and the coverage of an optional region
 * by the subject's field of view, each as an issue.
 */
import { ErrorCode, RegistrationError } from '../errors.js';
import type { IssueList } from '../issues.js';
import { invert4 } from '../volume/affine.js';
import { regionCoverage } from './coverage.js';
import type { PreparedSubject } from './prepare.js';
import type { RegistrationOptions, ScaleDecomposition } from './types.js';

/** Plausible range of the subject/template size factors (children from ~0.75 of adult size). */
export const PLAUSIBLE_SCALE: readonly [number, number] = [0.65, 1.3];
/** Below this NCC the registration is reported as failed (issue severity 'error'). */
export const FAILED_SIMILARITY = 0.5;
/** Largest plausible |shear| of the decomposition. */
export const PLAUSIBLE_SHEAR = 0.2;

/** Issues on the final similarity, the decomposition of the transform and the template coverage. */
export function checkTransform(
  finalNcc: number,
  scale: ScaleDecomposition,
  inside: number,
  options: RegistrationOptions,
  issues: IssueList,
): void {
  const poor = options.poorSimilarity ?? 0.7;
  if (finalNcc < poor) {
    const severe = finalNcc < FAILED_SIMILARITY;
    issues.add(
      'REGISTRATION_POOR_SIMILARITY',
      severe ? 'error' : 'warning',
      `Similarity to the template is ${severe ? 'very ' : ''}low (NCC ${finalNcc.toFixed(3)} < ${severe ? FAILED_SIMILARITY : poor}); check the registration.`,
    );
  }
  if (scale.determinant <= 0) {
    issues.add('REGISTRATION_REFLECTION', 'error', 'The estimated transform contains a reflection (left-right flip).');
  }
  const [lo, hi] = PLAUSIBLE_SCALE;
  if (scale.factors.some((f) => f < lo || f > hi)) {
    issues.add(
      'REGISTRATION_IMPLAUSIBLE_SCALE',
      'warning',
      `Brain size relative to the template is implausible (${scale.factors.map((f) => f.toFixed(2)).join(', ')}; expected ${lo}..${hi}).`,
    );
  }
  if (scale.shear.some((s) => Math.abs(s) > PLAUSIBLE_SHEAR)) {
    issues.add(
      'REGISTRATION_IMPLAUSIBLE_SHEAR',
      'warning',
      `Shear of the estimated transform is implausible (${scale.shear.map((s) => s.toFixed(2)).join(', ')}; |shear| <= ${PLAUSIBLE_SHEAR} expected).`,
    );
  }
  if (inside < 0.9) {
    issues.add(
      'REGISTRATION_TEMPLATE_OUTSIDE_FOV',
      'warning',
      `Only ${(100 * inside).toFixed(1)} % of the template mask falls inside the subject's field of view.`,
    );
  }
}

/** The fraction of `options.region` inside the subject's field of view (null without a region or when it is empty). */
export function checkRegion(options: RegistrationOptions, sp: PreparedSubject, m2s: Float64Array, issues: IssueList): number | null {
  if (!options.region) return null;
  const subjInv = invert4(sp.fov.affine);
  if (!subjInv) throw new RegistrationError(ErrorCode.REGISTRATION_FAILED, 'subject affine is singular');
  const cov = regionCoverage(options.region.volume, options.region.label, m2s, subjInv, sp.fov.dims);
  const name = options.region.name ?? 'region';
  if (cov === null) {
    issues.add('REGISTRATION_REGION_EMPTY', 'warning', `The ${name} region given for the coverage check has no voxel.`);
    return null;
  }
  const min = options.region.minCoverage ?? 0.99;
  if (cov.fraction < min) {
    issues.add(
      'REGISTRATION_REGION_OUTSIDE_FOV',
      'warning',
      `Only ${(100 * cov.fraction).toFixed(1)} % of the ${name} lies inside the subject's field of view.`,
    );
  }
  return cov.fraction;
}
