/**
 * Uptake ratios from regional means. The primary figure is the mean uptake of
 * the whole cerebellum over the mean uptake of the cerebral cortex (all lobes,
 * both sides). Alternatives are reported beside it because the choice of
 * reference region changes what a global change looks like (Win TP et al.,
 * AOJNMB 2019;7(1):58-70): cerebellum / whole brain, cerebellum / thalamus.
 */
import type { RegionStat } from './measure.js';
import { RegionGroup } from '../vocabulary/region-groups.js';

export interface CerebellarRatios {
  /** cerebellum / cerebral cortex (primary). */
  readonly cerebellumToCortex: number | null;
  readonly cerebellumLeftToCortex: number | null;
  readonly cerebellumRightToCortex: number | null;
  readonly cerebellumToWholeBrain: number | null;
  readonly cerebellumToThalamus: number | null;
  /** |L - R| / mean(L, R) x 100 over the cerebellar hemispheres. */
  readonly cerebellarAsymmetryIndex: number | null;
  /**
   * Partial-volume-corrected cerebellum / cerebral cortex ratio (geometric
   * transfer matrix, Rousset et al. 1998; src/regions/pvc.ts) at the resolution in
   * `pvcFwhmMm`. A separate figure: the classifier's reference ranges are for the
   * plain `cerebellumToCortex`. Null when not computed or not solvable.
   */
  readonly cerebellumToCortexPvc: number | null;
  /** System resolution (FWHM, mm) the corrected ratio assumed; null when not computed. */
  readonly pvcFwhmMm: number | null;
}

/** Ratio of two regional means; null when either is missing or not finite, or the denominator is not positive. */
export function meanRatio(a: RegionStat | undefined, b: RegionStat | undefined): number | null {
  if (!a || !b || a.mean === null || b.mean === null || !(b.mean > 0)) return null;
  const r = a.mean / b.mean;
  return Number.isFinite(r) ? r : null;
}

/** Ratios from group statistics named as the built-in atlas names them. */
export function cerebellarRatios(
  groups: Readonly<Record<string, RegionStat>>,
  pvc: { readonly ratio: number | null; readonly fwhmMm: number } | null = null,
): CerebellarRatios {
  const cb = groups[RegionGroup.cerebellum], l = groups[RegionGroup.cerebellumLeft], r = groups[RegionGroup.cerebellumRight];
  const cortex = groups[RegionGroup.cerebralCortex];
  let asym: number | null = null;
  if (l?.mean != null && r?.mean != null && l.mean + r.mean > 0) {
    asym = (Math.abs(l.mean - r.mean) / ((l.mean + r.mean) / 2)) * 100;
  }
  return {
    cerebellumToCortex: meanRatio(cb, cortex),
    cerebellumLeftToCortex: meanRatio(l, cortex),
    cerebellumRightToCortex: meanRatio(r, cortex),
    cerebellumToWholeBrain: meanRatio(cb, groups[RegionGroup.wholeBrain]),
    cerebellumToThalamus: meanRatio(cb, groups[RegionGroup.thalamus]),
    cerebellarAsymmetryIndex: asym,
    cerebellumToCortexPvc: pvc?.ratio ?? null,
    pvcFwhmMm: pvc ? pvc.fwhmMm : null,
  };
}
