/**
 * Attenuation correction of a study reconstructed without it: the first-order
 * Chang method (src/kernels/chang.ts) with a uniform attenuation coefficient
 * inside the head outline found from the image, in the planes perpendicular to
 * the scanner axis. docs/method.md (section "Attenuation correction") gives the
 * coefficient's sources and the method's limits.
 */
import { AnalysisError, ErrorCode } from '../errors.js';
import type { Issue } from '../issues.js';
import { changCorrect } from '../kernels/chang.js';
import { createVolume, type Volume } from './volume.js';

/**
 * Uniform attenuation coefficient for Tc-99m (140 keV) brain SPECT without
 * scatter correction, 1/cm: the "broad-beam" value, below the narrow-beam
 * 0.154 /cm of water at 140 keV because scattered photons accepted in the
 * photopeak window make the head look less attenuating (see docs/method.md).
 */
export const CHANG_MU_PER_CM = 0.12;
/** Outline threshold: fraction of the 99.5th percentile of the smoothed image. */
export const CHANG_OUTLINE_FRACTION = 0.15;
/** Width of the blocks the outline and the factors are computed on, mm. */
export const CHANG_BLOCK_MM = 6;
/**
 * A plane's outline may be joined with the outlines up to this far above it (the face lies below
 * the frontal lobes), mm. Default 0, the plane's own outline: 40 mm over-corrected the cerebellum
 * (+0.10 on the ratio, docs/method.md).
 */
export const CHANG_EXTEND_UP_MM = 0;

export interface AttenuationCorrectionOptions {
  /** Attenuation coefficient, 1/cm (default CHANG_MU_PER_CM). */
  readonly muPerCm?: number;
  /** Outline threshold fraction (default CHANG_OUTLINE_FRACTION). */
  readonly outlineFraction?: number;
  /** Outline of a plane joined with those up to this far above it, mm (default CHANG_EXTEND_UP_MM). */
  readonly extendUpMm?: number;
  /** The head when known from elsewhere (1 inside, the study's grid): replaces the outline found from the image. */
  readonly headMask?: Uint8Array;
}

/** The grid axis closest to the scanner's (and patient's) head-foot axis: the world z of the affine's columns. */
export function axialGridAxis(v: Volume): 0 | 1 | 2 {
  const A = v.affine;
  let best: 0 | 1 | 2 = 2,
    bestC = -1;
  for (const a of [0, 1, 2] as const) {
    const c = Math.abs(A[8 + a]!) / v.spacing[a];
    if (c > bestC) {
      bestC = c;
      best = a;
    }
  }
  return best;
}

/**
 * The Chang-corrected study and the issue that says so. Metadata keep the file's own
 * `attenuationCorrected` (false or null): what the file said.
 * @throws AnalysisError INVALID_PARAMETER (a `headMask` of another size than the study, or one
 *   that covers no 6 mm block of it)
 */
export function correctAttenuation(
  v: Volume,
  options: AttenuationCorrectionOptions = {},
): { volume: Volume; issue: Issue; maxCorrection: number; deepToMean: number } {
  const mu = options.muPerCm ?? CHANG_MU_PER_CM;
  const axis = axialGridAxis(v);
  if (options.headMask && options.headMask.length !== v.data.length) {
    throw new AnalysisError(ErrorCode.INVALID_PARAMETER, `headMask has ${options.headMask.length} voxels, the study ${v.data.length}`);
  }
  const r = changCorrect(v.data, v.dims, {
    muPerMm: mu / 10,
    spacing: v.spacing,
    axis,
    thresholdFraction: options.outlineFraction ?? CHANG_OUTLINE_FRACTION,
    blockMm: CHANG_BLOCK_MM,
    extendUpMm: options.extendUpMm ?? CHANG_EXTEND_UP_MM,
    superiorStep: v.affine[8 + axis]! >= 0 ? 1 : -1,
    ...(options.headMask ? { headMask: options.headMask } : {}),
  });
  if (options.headMask && r.headFraction === 0) {
    throw new AnalysisError(
      ErrorCode.INVALID_PARAMETER,
      `headMask covers no ${CHANG_BLOCK_MM} mm block of the study more than half (empty, too thin or misplaced), or the study is empty`,
    );
  }
  const maxCorrection = 1 / r.minFactor;
  // the metadata (and the acquired counts) stay the file's own
  const volume = createVolume({ data: r.data, dims: v.dims, affine: v.affine, metadata: v.metadata, issues: v.issues });
  return {
    volume,
    maxCorrection,
    deepToMean: r.deepToMean,
    issue: {
      code: 'ATTENUATION_CORRECTED_BY_LIBRARY',
      severity: 'warning',
      message: `the study was not attenuation corrected (or, status unknown, fitted better once corrected): the library applied a first-order Chang correction (Chang 1978) (uniform mu ${mu.toFixed(3)} /cm inside the head outline, largest factor ${maxCorrection.toFixed(2)}); ratios are less exact than with a measured correction`,
    },
  };
}

/**
 * What the analysis does about attenuation. Known status: the volume to analyse (Chang-corrected
 * when the study was not corrected) and the issue that says so. Unknown status (a NIfTI without
 * sidecar, a DICOM without Corrected Image): both the study as it is and its Chang-corrected copy
 * are candidates; the analysis registers both and keeps the better fit (`chooseAttenuation`).
 * (An image-only detector, the depth profile `deepToMean`, was measured and rejected: its values
 * with and without correction overlap across studies, docs/method.md.)
 */
export function attenuationStep(
  v: Volume,
  override: boolean | undefined,
): { volume: Volume; issues: Issue[]; alternative: { volume: Volume; issue: Issue } | null } {
  const status = override ?? v.metadata.attenuationCorrected ?? null;
  if (status === true) return { volume: v, issues: [], alternative: null };
  const c = correctAttenuation(v);
  if (status === false) return { volume: c.volume, issues: [c.issue], alternative: null };
  return { volume: v, issues: [], alternative: { volume: c.volume, issue: c.issue } };
}

/** The issue of an unknown attenuation status, with the similarities (at the `levelMm` pyramid level) that decided it. */
export function unknownStatusIssue(corrected: boolean, asIs: number, changed: number, levelMm: number): Issue {
  return {
    code: 'ATTENUATION_STATUS_UNKNOWN',
    severity: 'warning',
    message: `the file does not say whether the study was attenuation corrected; registered at ${levelMm} mm as it is (similarity ${asIs.toFixed(3)}) and after a Chang correction (${changed.toFixed(3)}), the ${corrected ? 'corrected copy' : 'study as it is'} fits the template better and was analysed`,
  };
}
