/**
 * Tracers, age bands, cited sources and the anchors of the age model
 * (src/classify/age-model.ts; docs/method.md explains the derivations).
 *
 * The ratio is the one this library measures: mean uptake in the atlas
 * cerebellum over mean uptake in the atlas cerebral cortex (all lobes), in the
 * subject's own space at SPECT resolution.
 *
 * Anchors:
 * - ADULT_HMPAO_MEAN: 1.068, the ratio measured on the SPM12 Tc-99m HMPAO
 *   perfusion template (OldNorm SPECT.nii, a mean image of normal adults) with
 *   the FSL MNI structural atlas (validated in test/ and docs/validation.md).
 * - ADULT_CV: 0.0522, the coefficient of variation of cortex-to-cerebellum
 *   ratios in 30 healthy adults with Tc-99m ECD (78.03 % +/- 4.07 %):
 *   Marroni BJ et al., Dement Neuropsychol 2013;7(4), doi:10.1590/S1980-57642013DN74000010.
 * - CHILD_FACTOR and CHILD_CV: Tc-99m ECD in 23 children aged 4-15 and 10
 *   adults, cortex relative to cerebellum = 100 %: parietal 107.6 +/- 9.8 vs
 *   84.1 +/- 12.4, frontal 97.7 +/- 6.7 vs 79.4 +/- 8.9, left temporal
 *   99.7 +/- 7.4 vs 84.9 +/- 10.1 (Barthel H et al., Nuklearmedizin
 *   1997;36(4):110-116, doi:10.1055/s-0038-1629869). The child cerebellum/cortex
 *   ratio is 100/mean(107.6, 97.7, 99.7) = 0.9836 against 100/mean(84.1, 79.4,
 *   84.9) = 1.2077 in adults: factor 0.8144. The children's mean CV over the
 *   three regions is 0.0780.
 * - Infants: perfusion becomes adult-like at the beginning of the second year
 *   (Rubinstein M et al., J Nucl Med 1989, I-123 IMP in 30 infants); cortical
 *   flow is low in early infancy and rises through early childhood, and varies
 *   with age more than cerebellar flow (Kobayashi A et al., No To Hattatsu
 *   1996;28(6):501-7). No numeric infant norm exists: the age model
 *   interpolates (age-model.ts) and is marked provisional.
 * - Tracers: HMPAO shows relatively higher cerebellar uptake than ECD (J Nucl
 *   Med 1997, SPECT imaging of normal subjects with Tc-99m HMPAO and Tc-99m ECD),
 *   but no numeric ECD or IMP value measured the way this library measures is
 *   published: ECD and IMP reuse the HMPAO anchor and are marked provisional.
 *   A normal database built from local controls (`normals build`) replaces them.
 * - TEST_RETEST_CV: 0.030, the intrasubject reproducibility of regional
 *   Tc-99m ECD uptake (12 adults retested), and INTERSUBJECT_CV 0.048 (89
 *   adults aged 20-81): Van Laere K et al., Eur J Nucl Med 2001,
 *   doi:10.1007/s002590100549. A normal database whose spread is below the
 *   test-retest variability is not plausible (normals-safety.ts).
 */

// the one Tracer and tracer-name parser (src/vocabulary/tracer.ts), re-exported for the classifier's callers
import type { Tracer } from '../vocabulary/tracer.js';
export { Tracer, TRACERS, parseTracer } from '../vocabulary/tracer.js';

export const AgeBand = { infant: 'infant', child: 'child', adult: 'adult' } as const;
export type AgeBand = (typeof AgeBand)[keyof typeof AgeBand];

export interface Citation {
  readonly short: string;
  readonly reference: string;
}

export interface ReferenceRange {
  readonly tracer: Tracer;
  /** Age band of the reference, for reporting only (the built-in model is continuous in age). */
  readonly ageBand: AgeBand;
  /** Expected cerebellum / cerebral cortex ratio in normal subjects. */
  readonly mean: number;
  /** The SD that z uses: between-subject SD (built-in model) or the prediction SD of a new subject (normal database). */
  readonly sd: number;
  /** Where the range comes from (default 'model' for ranges built before this field existed). */
  readonly kind?: 'model' | 'normals' | 'custom';
  /** One short line naming the reference for text, CSV and figure. */
  readonly name?: string;
  /** Age the range was evaluated at (years), when it depends on age. */
  readonly ageYears?: number | null;
  /** Relative uncertainty of `mean` and the band it gives (built-in model). */
  readonly uncertainty?: number;
  readonly meanBand?: readonly [number, number];
  /** Number of controls (normal database). */
  readonly n?: number;
  /** True when no direct measurement supports the number for this tracer and age. */
  readonly provisional: boolean;
  readonly derivation: string;
  readonly sources: readonly Citation[];
}

export const SOURCES = {
  spmTemplate: {
    short: 'SPM12 HMPAO template',
    reference:
      'Tc-99m HMPAO perfusion template of SPM12 (OldNorm/SPECT.nii, mean of normal adults), measured with the FSL MNI structural atlas (Mazziotta et al., Phil Trans R Soc B 2001; Collins et al. 1995): cerebellum/cortex 1.068.',
  },
  marroni2013: {
    short: 'Marroni 2013',
    reference: 'Marroni BJ et al. Dement Neuropsychol 2013;7(4). doi:10.1590/S1980-57642013DN74000010 (Tc-99m ECD, 30 healthy adults: cortex/cerebellum 78.03 +/- 4.07 %).',
  },
  barthel1997: {
    short: 'Barthel 1997',
    reference: 'Barthel H, Wiener M, Dannenberg C, Sattler B, Martin WG, Knapp WH. Nuklearmedizin 1997;36(4):110-116. doi:10.1055/s-0038-1629869 (Tc-99m ECD, 23 children 4-15 y vs 10 adults).',
  },
  rubinstein1989: {
    short: 'Rubinstein 1989',
    reference: 'Rubinstein M, Denays R et al. Functional imaging of brain maturation in humans using iodine-123 iodoamphetamine and SPECT. J Nucl Med 1989 (adult-like pattern from the beginning of the second year).',
  },
  kobayashi1996: {
    short: 'Kobayashi 1996',
    reference: 'Kobayashi A, Ito M, Shiraishi H et al. No To Hattatsu 1996;28(6):501-7 (I-123 IMP rCBF, 26 subjects 0-19 y: low in early infancy, rising through early childhood, falling after puberty; cortex varies with age more than cerebellum).',
  },
  vanLaere2001: {
    short: 'Van Laere 2001',
    reference: 'Van Laere K et al. Eur J Nucl Med 2001. doi:10.1007/s002590100549 (Tc-99m ECD, 89 adults 20-81: inter-subject variability 4.8 %, intrasubject test-retest 3.0 %).',
  },
  hmpaoVsEcd1997: {
    short: 'HMPAO vs ECD 1997',
    reference: 'SPECT imaging of normal subjects with Tc-99m HMPAO and Tc-99m ECD. J Nucl Med 1997 (HMPAO: relatively higher cerebellum and basal ganglia).',
  },
} as const satisfies Record<string, Citation>;

export const ADULT_HMPAO_MEAN = 1.068;
export const ADULT_CV = 4.07 / 78.03;
const CHILD_RATIO = 100 / ((107.6 + 97.7 + 99.7) / 3);
const ADULT_RATIO_BARTHEL = 100 / ((84.1 + 79.4 + 84.9) / 3);
export const CHILD_FACTOR = CHILD_RATIO / ADULT_RATIO_BARTHEL;
export const CHILD_CV = (9.8 / 107.6 + 6.7 / 97.7 + 7.4 / 99.7) / 3;

/** Intrasubject (test-retest) and inter-subject variability of regional ECD uptake (Van Laere 2001). */
export const TEST_RETEST_CV = 0.03;
export const INTERSUBJECT_CV = 0.048;

/** Age band of an age in years: infant < 1, child 1 to < 16, adult >= 16. */
export function ageBandOf(ageYears: number): AgeBand {
  if (ageYears < 1) return 'infant';
  if (ageYears < 16) return 'child';
  return 'adult';
}
