/**
 * Reference ranges of the cerebellum / cerebral cortex uptake ratio by tracer
 * and age band, each number with its source. docs/method.md explains the
 * derivations in full.
 *
 * The ratio is the one this library measures: mean uptake in the atlas
 * cerebellum over mean uptake in the atlas cerebral cortex (all lobes), in the
 * subject's own space at SPECT resolution.
 *
 * Anchors:
 * - ADULT_HMPAO_MEAN: 1.068, the ratio measured on the SPM12 Tc-99m HMPAO
 *   perfusion template (OldNorm SPECT.nii, a mean image of normal adults) with
 *   the FSL MNI structural atlas (validated in test/ and docs/validation.md).
 * - ADULT_CV: 0.052, the coefficient of variation of cortex-to-cerebellum
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
 *   (Rubinstein M et al., J Nucl Med 1989, I-123 IMP in 30 infants); before
 *   that the cortex is relatively low (Kobayashi A et al., No To Hattatsu
 *   1996;28(6):501-7). No numeric norm exists: the adult mean is used with a
 *   doubled spread and the range is marked provisional.
 * - Tracers: HMPAO shows relatively higher cerebellar uptake than ECD (J Nucl
 *   Med 1997, SPECT imaging of normal subjects with Tc-99m HMPAO and Tc-99m ECD),
 *   but no numeric ECD or IMP value measured the way this library measures is
 *   published: ECD and IMP reuse the HMPAO anchor and are marked provisional.
 *   A normal database built from local controls (`normals build`) replaces them.
 */

export const Tracer = { HMPAO: 'HMPAO', ECD: 'ECD', IMP: 'IMP' } as const;
export type Tracer = (typeof Tracer)[keyof typeof Tracer];
export const TRACERS: readonly Tracer[] = ['HMPAO', 'ECD', 'IMP'];

export const AgeBand = { infant: 'infant', child: 'child', adult: 'adult' } as const;
export type AgeBand = (typeof AgeBand)[keyof typeof AgeBand];

export interface Citation {
  readonly short: string;
  readonly reference: string;
}

export interface ReferenceRange {
  readonly tracer: Tracer;
  readonly ageBand: AgeBand;
  /** Expected cerebellum / cerebral cortex ratio in normal subjects. */
  readonly mean: number;
  /** Standard deviation of that ratio. */
  readonly sd: number;
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

function range(tracer: Tracer, ageBand: AgeBand): ReferenceRange {
  const tracerNote = tracer === 'HMPAO' ? '' : ` ${tracer} reuses the HMPAO anchor (no published value measured this way).`;
  const provisionalTracer = tracer !== 'HMPAO';
  if (ageBand === 'adult') {
    const mean = ADULT_HMPAO_MEAN;
    return {
      tracer, ageBand, mean, sd: mean * ADULT_CV, provisional: provisionalTracer,
      derivation: `mean = ratio on the SPM12 HMPAO template; sd = mean x CV ${ADULT_CV.toFixed(4)} (Marroni 2013).${tracerNote}`,
      sources: [SOURCES.spmTemplate, SOURCES.marroni2013, ...(provisionalTracer ? [SOURCES.hmpaoVsEcd1997] : [])],
    };
  }
  if (ageBand === 'child') {
    const mean = ADULT_HMPAO_MEAN * CHILD_FACTOR;
    return {
      tracer, ageBand, mean, sd: mean * CHILD_CV, provisional: true,
      derivation: `mean = adult mean x child/adult factor ${CHILD_FACTOR.toFixed(4)} (Barthel 1997, ECD); sd = mean x children's CV ${CHILD_CV.toFixed(4)} (Barthel 1997).${tracerNote}`,
      sources: [SOURCES.spmTemplate, SOURCES.barthel1997],
    };
  }
  const mean = ADULT_HMPAO_MEAN;
  return {
    tracer, ageBand, mean, sd: 2 * mean * CHILD_CV, provisional: true,
    derivation: `no numeric infant norm is published; adult mean with twice the children's spread (Rubinstein 1989: adult-like pattern from the second year).${tracerNote}`,
    sources: [SOURCES.spmTemplate, SOURCES.barthel1997, SOURCES.rubinstein1989],
  };
}

/** The full built-in table: every tracer x age band. */
export const REFERENCE_RANGES: readonly ReferenceRange[] = TRACERS.flatMap((t) =>
  (['infant', 'child', 'adult'] as const).map((b) => range(t, b)),
);

/** Age band of an age in years: infant < 1, child 1 to < 16, adult >= 16. */
export function ageBandOf(ageYears: number): AgeBand {
  if (ageYears < 1) return 'infant';
  if (ageYears < 16) return 'child';
  return 'adult';
}

/** Look up the built-in range for a tracer and age. */
export function referenceRangeFor(tracer: Tracer, ageYears: number, table: readonly ReferenceRange[] = REFERENCE_RANGES): ReferenceRange {
  const band = ageBandOf(ageYears);
  const r = table.find((x) => x.tracer === tracer && x.ageBand === band);
  if (!r) throw new RangeError(`no reference range for ${tracer} ${band}`);
  return r;
}

/** Normalise a free-text tracer name ('hmpao', 'Exametazime', 'Tc99m-ECD', 'bicisate', 'IMP', 'iofetamine') to a Tracer. */
export function parseTracer(text: string | null | undefined): Tracer | null {
  if (!text) return null;
  const t = text.toLowerCase();
  if (t.includes('hmpao') || t.includes('exametazime') || t.includes('ceretec')) return 'HMPAO';
  if (t.includes('ecd') || t.includes('bicisate') || t.includes('neurolite')) return 'ECD';
  if (t.includes('imp') || t.includes('iofetamine') || t.includes('iodoamphetamine')) return 'IMP';
  return null;
}
