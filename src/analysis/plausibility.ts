/**
 * Is this study a brain perfusion SPECT at all? A uniform sphere, a Gaussian
 * blob or a real study with corrupted voxel sizes still registers to the
 * template with a moderate similarity and yields a cerebellum/cortex ratio;
 * without this check such a ratio would get a confident label. The checks use
 * only what the analysis has already measured (no extra pass over the data):
 *
 * 1. Head size after registration. `factors` of the registration are the
 *    subject brain's size relative to the MNI template along each axis. The
 *    lower bound follows brain growth: whole-brain volume at birth is about a
 *    third of the adult volume and a little over half at 3 months (Holland D et
 *    al., JAMA Neurol 2014;71(10):1266-1274), it doubles in the first year
 *    (+101 %) and grows 15 % in the second (Knickmeyer RC et al., J Neurosci
 *    2008;28(47):12176-12182), and is about 90 % of the adult volume by 6 years
 *    (Lenroot RK, Giedd JN, Neurosci Biobehav Rev 2006;30(6):718-729). Between
 *    these anchors the volume fraction is interpolated linearly in age; the
 *    linear size is its cube root. The bound allows a brain 25 % smaller than
 *    that along any axis (the MNI template is larger than an average adult
 *    brain, and head sizes vary); the upper bound (1.3) is the same at every
 *    age. A head whose axes differ by more than 35 % from each other is not
 *    a head.
 * 2. Grey-matter contrast. In perfusion SPECT grey matter takes up two to four
 *    times as much tracer as white matter, so even after 15 mm of blur the
 *    atlas cortex or deep grey nuclei read well above the atlas white matter
 *    (1.09 and 1.25 on the SPM12 HMPAO template, a mean of normal adults and
 *    blurrier than any single study; 1.25-1.55 on simulated studies at 9-15 mm
 *    FWHM). A uniform object reads below 1 (the cortex sits at its blurred
 *    edge) and a smooth blob about 1.0. Both ratios under 1.05 mean there is
 *    no brain-like structure where the atlas puts it.
 */
import type { Issue } from '../issues.js';
import type { RegionStat } from '../regions/measure.js';
import { meanRatio } from '../regions/ratios.js';
import type { ScaleDecomposition } from '../register/types.js';

/** Brain volume as a fraction of the adult volume, by age (years); sources above. */
const VOLUME_FRACTION: readonly (readonly [number, number])[] = [
  [0, 1 / 3], // Holland 2014: birth, about a third
  [0.25, 0.52], // Holland 2014: 3 months, a little over half
  [1, 2 / 3], // Knickmeyer 2008: +101 % in the first year from birth
  [2, 0.77], // Knickmeyer 2008: +15 % in the second year
  [6, 0.9], // Lenroot & Giedd 2006: about 90 % by 6 years
  [16, 1],
];

/** Linear size bounds (relative to the MNI template) for a brain of this age. */
export const SIZE_MARGIN = 0.75;
export const MAX_LINEAR_SIZE = 1.3;
export const MAX_ANISOTROPY = 1.35;
export const MIN_GREY_WHITE_CONTRAST = 1.05;

export function brainVolumeFraction(ageYears: number): number {
  const t = VOLUME_FRACTION;
  if (!(ageYears > 0)) return t[0]![1];
  for (let i = 1; i < t.length; i++) {
    const [a1, v1] = t[i]!;
    if (ageYears <= a1) {
      const [a0, v0] = t[i - 1]!;
      return v0 + ((v1 - v0) * (ageYears - a0)) / (a1 - a0);
    }
  }
  return 1;
}

/** Smallest plausible linear brain size relative to the template at this age (unknown age: the newborn bound). */
export function minLinearSize(ageYears: number | null): number {
  return SIZE_MARGIN * Math.cbrt(brainVolumeFraction(ageYears ?? 0));
}

export interface PlausibilityInput {
  readonly scale: ScaleDecomposition;
  readonly groups: Readonly<Record<string, RegionStat>>;
  readonly ageYears: number | null;
}

export interface Plausibility {
  /** False when the study cannot be a brain perfusion SPECT; `reasons` say why. */
  readonly plausible: boolean;
  readonly reasons: readonly string[];
  /** The figures the decision used (null when not measurable). */
  readonly figures: {
    readonly linearSize: readonly [number, number, number];
    readonly minLinearSize: number;
    readonly anisotropy: number;
    readonly cortexToWhiteMatter: number | null;
    readonly deepGreyToWhiteMatter: number | null;
  };
}

/** Decide whether a registered, measured study can be a brain perfusion SPECT. Pure. */
export function assessPlausibility(input: PlausibilityInput): Plausibility {
  const reasons: string[] = [];
  const f = input.scale.factors;
  const lo = minLinearSize(input.ageYears);
  const fmin = Math.min(f[0], f[1], f[2]);
  const fmax = Math.max(f[0], f[1], f[2]);
  const anisotropy = fmin > 0 ? fmax / fmin : Infinity;
  const sizes = f.map((x) => x.toFixed(2)).join(' x ');
  if (!(fmin >= lo) || !(fmax <= MAX_LINEAR_SIZE)) {
    const age = input.ageYears === null ? 'any age' : `${input.ageYears.toFixed(1)} years`;
    reasons.push(
      `not a plausible head: brain size after registration is ${sizes} of the template (plausible for ${age}: ${lo.toFixed(2)} to ${MAX_LINEAR_SIZE}); check Pixel Spacing and the slice spacing, or the registration failed`,
    );
  } else if (!(anisotropy <= MAX_ANISOTROPY)) {
    reasons.push(`not a plausible head: its axes after registration differ by a factor ${anisotropy.toFixed(2)} (${sizes}; at most ${MAX_ANISOTROPY}); check the voxel sizes`);
  }
  const g = input.groups;
  const ctxWm = meanRatio(g.cerebralCortex, g.whiteMatter);
  const dgWm = meanRatio(g.deepGrey, g.whiteMatter);
  if (ctxWm !== null && dgWm !== null && ctxWm < MIN_GREY_WHITE_CONTRAST && dgWm < MIN_GREY_WHITE_CONTRAST) {
    reasons.push(
      `no brain-like structure where the atlas lies: cortex/white matter ${ctxWm.toFixed(2)} and deep grey/white matter ${dgWm.toFixed(2)} (a perfusion study reads above ${MIN_GREY_WHITE_CONTRAST}); not a brain, or the registration failed`,
    );
  }
  return {
    plausible: reasons.length === 0,
    reasons,
    figures: { linearSize: [f[0], f[1], f[2]], minLinearSize: lo, anisotropy, cortexToWhiteMatter: ctxWm, deepGreyToWhiteMatter: dgWm },
  };
}

/** The plausibility verdict as issues (one error per reason). */
export function plausibilityIssues(p: Plausibility): Issue[] {
  return p.reasons.map((message) => ({ code: 'NOT_A_BRAIN_PERFUSION_STUDY', severity: 'error' as const, message }));
}
