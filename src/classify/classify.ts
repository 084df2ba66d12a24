/**
 * The cerebellar hypoperfusion classifier.
 *
 * z = (ratio - mean) / sd against the age- and tracer-matched reference range
 * (negative = lower cerebellar uptake than normal; the opposite sign to
 * 3D-SSP/eZIS, which report decreases as positive Z).
 * Default bands: normal z >= -2, mild -3 <= z < -2, moderate -4 <= z < -3,
 * severe z < -4. Two SD is the usual abnormality cut-off (eZIS Z > 2;
 * DaTQUANT z < -2); beyond four SD the cerebellum has lost about a third of its
 * expected relative uptake in a child (0.87 -> below 0.60), the "much lower
 * uptake than the cerebral cortex" of the index OMS case (Takenaka J et al.,
 * Asia Ocean J Nucl Med Biol). `severeCerebellarHypoperfusion` additionally
 * requires both hemispheres to be low (bilateral loss): a unilateral drop with
 * an asymmetry index above 10 % suggests crossed cerebellar diaschisis instead
 * (Sin et al., Ann Rehabil Med 2018;42(1)).
 */
import { ageBandOf, referenceRangeFor, REFERENCE_RANGES, type ReferenceRange, type Tracer } from './reference-ranges.js';

export type SeverityLabel = 'normal' | 'mild' | 'moderate' | 'severe';

export interface ClassifierThresholds {
  /** z below which the result is at least mild (default -2). */
  readonly mild: number;
  readonly moderate: number;
  readonly severe: number;
  /** Minimum share of the cerebellum inside the field of view (default 0.9). */
  readonly minCerebellarCoverage: number;
  /** Minimum registration similarity (NCC, default 0.6). */
  readonly minSimilarity: number;
  /** Minimum total counts in the study (default 2e5). Ignored when units are not counts. */
  readonly minTotalCounts: number;
  /** Asymmetry index (%) above which a unilateral pattern is reported (default 10). */
  readonly asymmetryPercent: number;
}

export const DEFAULT_THRESHOLDS: ClassifierThresholds = Object.freeze({
  mild: -2,
  moderate: -3,
  severe: -4,
  minCerebellarCoverage: 0.9,
  minSimilarity: 0.6,
  minTotalCounts: 2e5,
  asymmetryPercent: 10,
});

export interface ClassifierInput {
  /** Cerebellum / cerebral cortex ratio. */
  readonly ratio: number;
  readonly ratioLeft?: number;
  readonly ratioRight?: number;
  /** |L - R| / mean(L, R) x 100 of the cerebellar hemispheres. */
  readonly asymmetryIndex?: number;
  readonly ageYears: number | null;
  readonly tracer: Tracer | null;
  readonly cerebellarCoverage: number;
  readonly registrationSimilarity: number;
  /** Registration problems that make the mapping untrustworthy. */
  readonly registrationFailed?: boolean;
  /** null when the data are not counts (e.g. already normalised). */
  readonly totalCounts: number | null;
}

export interface ClassifierOptions {
  readonly thresholds?: Partial<ClassifierThresholds>;
  /** Used when the study does not give the age; recorded in `assumptions`. */
  readonly assumeAgeYears?: number;
  /** Used when the study does not give the tracer; recorded in `assumptions`. */
  readonly assumeTracer?: Tracer;
  /** Replace the built-in reference table. */
  readonly referenceRanges?: readonly ReferenceRange[];
  /** Use this range whatever the age band and tracer (e.g. from a normal database). */
  readonly reference?: ReferenceRange;
}

interface Common {
  readonly ratio: number;
  readonly reasons: readonly string[];
  readonly assumptions: readonly string[];
  readonly notes: readonly string[];
}

export type Classification =
  | (Common & {
      readonly label: SeverityLabel;
      readonly severeCerebellarHypoperfusion: boolean;
      readonly zScore: number;
      readonly reference: ReferenceRange;
    })
  | (Common & {
      readonly label: 'indeterminate';
      readonly severeCerebellarHypoperfusion: false;
      readonly zScore: number | null;
      readonly reference: ReferenceRange | null;
    });

export const OMS_NOTE =
  'Severe bilateral cerebellar hypoperfusion in a child: consider opsoclonus-myoclonus syndrome and search for an underlying neuroblastoma.';

/** Classify a measured ratio. Pure; never throws on data, returns `indeterminate` with reasons instead. */
export function classifyCerebellarPerfusion(input: ClassifierInput, options: ClassifierOptions = {}): Classification {
  const th: ClassifierThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const reasons: string[] = [];
  const assumptions: string[] = [];
  const notes: string[] = [];
  const blockers: string[] = [];

  let age = input.ageYears;
  if (age === null || !Number.isFinite(age)) {
    if (options.assumeAgeYears !== undefined) {
      age = options.assumeAgeYears;
      assumptions.push(`age not in the study; assumed ${age} years (${ageBandOf(age)} reference range)`);
    } else {
      blockers.push('patient age unknown: give --age so that an age-matched reference range can be used');
    }
  }
  let tracer = input.tracer;
  if (tracer === null) {
    if (options.assumeTracer !== undefined) {
      tracer = options.assumeTracer;
      assumptions.push(`tracer not in the study; assumed ${tracer}`);
    } else {
      blockers.push('tracer unknown: give --tracer (hmpao, ecd or imp); norms are tracer-specific');
    }
  }
  if (!Number.isFinite(input.ratio) || input.ratio <= 0) blockers.push('the cerebellum/cortex ratio could not be measured');
  if (!(input.cerebellarCoverage >= th.minCerebellarCoverage)) {
    blockers.push(
      `only ${(100 * input.cerebellarCoverage).toFixed(0)} % of the cerebellum is inside the field of view (minimum ${(100 * th.minCerebellarCoverage).toFixed(0)} %)`,
    );
  }
  if (input.registrationFailed || !(input.registrationSimilarity >= th.minSimilarity)) {
    blockers.push(`registration to the atlas is poor (similarity ${input.registrationSimilarity.toFixed(3)}, minimum ${th.minSimilarity})`);
  }
  if (input.totalCounts !== null && !(input.totalCounts >= th.minTotalCounts)) {
    blockers.push(`too few counts (${Math.round(input.totalCounts)}, minimum ${th.minTotalCounts})`);
  }

  let reference: ReferenceRange | null = null;
  if (age !== null && Number.isFinite(age) && tracer !== null) {
    if (options.reference) {
      reference = options.reference;
      if (reference.tracer !== tracer || reference.ageBand !== ageBandOf(age)) {
        notes.push(`the given reference range is for ${reference.tracer} ${reference.ageBand}, the study is ${tracer} ${ageBandOf(age)}`);
      }
    } else {
      reference = referenceRangeFor(tracer, age, options.referenceRanges ?? REFERENCE_RANGES);
    }
  }
  const z = reference && Number.isFinite(input.ratio) ? (input.ratio - reference.mean) / reference.sd : null;
  if (reference?.provisional) notes.push(`reference range for ${reference.tracer} ${reference.ageBand} is provisional: ${reference.derivation}`);

  const asym = input.asymmetryIndex;
  const unilateral = asym !== undefined && Number.isFinite(asym) && asym > th.asymmetryPercent;
  if (unilateral) {
    notes.push(`cerebellar asymmetry index ${asym.toFixed(1)} % (> ${th.asymmetryPercent} %): a unilateral pattern such as crossed cerebellar diaschisis, not the bilateral loss this classifier looks for`);
  }

  if (blockers.length > 0 || reference === null || z === null) {
    return { label: 'indeterminate', severeCerebellarHypoperfusion: false, zScore: z, reference, ratio: input.ratio, reasons: blockers, assumptions, notes };
  }

  let label: SeverityLabel = 'normal';
  if (z < th.severe) label = 'severe';
  else if (z < th.moderate) label = 'moderate';
  else if (z < th.mild) label = 'mild';
  reasons.push(
    `cerebellum/cortex ${input.ratio.toFixed(3)} vs ${reference.tracer} ${reference.ageBand} reference ${reference.mean.toFixed(3)} +/- ${reference.sd.toFixed(3)}: z = ${z.toFixed(2)} (${label})`,
  );

  // Bilateral check: both hemispheres must be beyond the severe cut-off.
  let bilateral = true;
  for (const [side, r] of [['left', input.ratioLeft], ['right', input.ratioRight]] as const) {
    if (r === undefined || !Number.isFinite(r)) continue;
    const zs = (r - reference.mean) / reference.sd;
    if (!(zs < th.severe)) bilateral = false;
    if (label === 'severe') reasons.push(`${side} cerebellum/cortex ${r.toFixed(3)} (z = ${zs.toFixed(2)})`);
  }
  const severe = label === 'severe' && bilateral;
  if (label === 'severe' && !bilateral) reasons.push('only one cerebellar hemisphere is beyond the severe cut-off: not flagged as severe bilateral hypoperfusion');
  if (severe && ageBandOf(age!) !== 'adult') notes.push(OMS_NOTE);
  return { label, severeCerebellarHypoperfusion: severe, zScore: z, reference, ratio: input.ratio, reasons, assumptions, notes };
}
