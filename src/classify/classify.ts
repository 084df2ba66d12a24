/**
 * The cerebellar hypoperfusion classifier (docs/method.md, section 5).
 *
 * The reference is the age- and tracer-matched expected ratio: the built-in
 * continuous age model (age-model.ts) or a normal database used safely
 * (normals-safety.ts). Then
 *   loss = 1 - ratio / expected (percent), z = (ratio - expected) / sd
 * (negative z = lower cerebellar uptake than normal; the opposite sign to
 * 3D-SSP/eZIS, which report decreases as positive Z). z decides whether the
 * result is outside normal at all (z < -2); the loss sets the label
 * (severity.ts): mild 10-16 %, moderate 16-27.5 %, severe >= 27.5 %.
 * `severeCerebellarHypoperfusion` additionally requires each hemisphere to
 * have lost at least 16 % (bilateral loss): a unilateral drop with an
 * asymmetry index above 10 % suggests crossed cerebellar diaschisis instead
 * (Sin et al., Ann Rehabil Med 2018;42(1)).
 */
import type { Issue } from '../issues.js';
import { referenceRangeFor } from './age-model.js';
import type { NormalDatabase } from './normals.js';
import { normalsReference, type NormalsLimits } from './normals-safety.js';
import { ageBandOf, type ReferenceRange, type Tracer } from './reference-ranges.js';
import { DEFAULT_SEVERITY, gradeLoss, percentLoss, type SeverityLabel, type SeverityThresholds } from './severity.js';

export type { SeverityLabel } from './severity.js';

export interface ClassifierThresholds extends SeverityThresholds {
  /** Minimum share of the cerebellum inside the field of view (default 0.9). */
  readonly minCerebellarCoverage: number;
  /** Minimum registration similarity (NCC, default 0.6). */
  readonly minSimilarity: number;
  /** Minimum total counts in the study (default 2e5). Ignored when units are not counts. */
  readonly minTotalCounts: number;
  /** Asymmetry index (%) above which a unilateral pattern is reported (default 10). */
  readonly asymmetryPercent: number;
  /** Age (years) below which a severe bilateral result gets the OMS/neuroblastoma note (default 16). */
  readonly childAgeYears: number;
}

export const DEFAULT_THRESHOLDS: ClassifierThresholds = Object.freeze({
  ...DEFAULT_SEVERITY,
  minCerebellarCoverage: 0.9,
  minSimilarity: 0.6,
  minTotalCounts: 2e5,
  asymmetryPercent: 10,
  childAgeYears: 16,
});

export interface ClassifierInput {
  /** Cerebellum / cerebral cortex ratio; null (or NaN) when it could not be measured. */
  readonly ratio: number | null;
  readonly ratioLeft?: number | null;
  readonly ratioRight?: number | null;
  /** |L - R| / mean(L, R) x 100 of the cerebellar hemispheres. */
  readonly asymmetryIndex?: number | null;
  readonly ageYears: number | null;
  readonly tracer: Tracer | null;
  readonly cerebellarCoverage: number;
  readonly registrationSimilarity: number;
  /** Registration problems that make the mapping untrustworthy. */
  readonly registrationFailed?: boolean;
  /** null when the data are not counts (e.g. already normalised). */
  readonly totalCounts: number | null;
  /** Why the study cannot be a brain perfusion SPECT (src/analysis/plausibility.ts); any reason makes it indeterminate. */
  readonly notABrain?: readonly string[];
}

export interface ClassifierOptions {
  readonly thresholds?: Partial<ClassifierThresholds>;
  /** Used when the study does not give the age; recorded in `assumptions`. */
  readonly assumeAgeYears?: number;
  /** Used when the study does not give the tracer; recorded in `assumptions`. */
  readonly assumeTracer?: Tracer;
  /** A normal database: checked and evaluated at the study's age (normals-safety.ts); refused ones fall back to the built-in model. */
  readonly normals?: NormalDatabase;
  readonly normalsLimits?: Partial<NormalsLimits>;
  /** Use this range whatever the age and tracer (a mismatch is a warning issue). */
  readonly reference?: ReferenceRange;
}

interface Common {
  /** The measured ratio, null when it could not be measured. */
  readonly ratio: number | null;
  /** Expected ratio of the reference (null without a reference). */
  readonly expectedRatio: number | null;
  /** 100 x (1 - ratio / expected); positive = lower than expected. */
  readonly percentLoss: number | null;
  readonly hemispherePercentLoss: { readonly left: number | null; readonly right: number | null };
  readonly reasons: readonly string[];
  readonly assumptions: readonly string[];
  readonly notes: readonly string[];
  /** Problems with the reference (normal database refused, tracer or age mismatch...); analyzeStudy adds them to the report's issues. */
  readonly issues: readonly Issue[];
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

const finite = (x: number | null | undefined): x is number => x !== null && x !== undefined && Number.isFinite(x);

/** Classify a measured ratio. Pure; never throws on data, returns `indeterminate` with reasons instead. */
export function classifyCerebellarPerfusion(input: ClassifierInput, options: ClassifierOptions = {}): Classification {
  const th: ClassifierThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const assumptions: string[] = [];
  const notes: string[] = [];
  const blockers: string[] = [];
  const issues: Issue[] = [];

  let age = finite(input.ageYears) ? input.ageYears : null;
  if (age === null) {
    if (options.assumeAgeYears !== undefined) {
      age = options.assumeAgeYears;
      assumptions.push(`age not in the study; assumed ${age} years`);
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
  const ratio = finite(input.ratio) && input.ratio > 0 ? input.ratio : null;
  if (ratio === null) blockers.push('the cerebellum/cortex ratio could not be measured');
  if (input.notABrain) blockers.push(...input.notABrain);
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

  const reference = age !== null && tracer !== null ? chooseReference(age, tracer, options, issues) : null;
  const expected = reference ? reference.mean : null;
  const z = reference && ratio !== null ? (ratio - reference.mean) / reference.sd : null;
  const loss = expected !== null && ratio !== null ? percentLoss(ratio, expected) : null;
  const hemi = (r: number | null | undefined) => (expected !== null && finite(r) && r > 0 ? percentLoss(r, expected) : null);
  const hemispherePercentLoss = { left: hemi(input.ratioLeft), right: hemi(input.ratioRight) };
  if (reference?.provisional) notes.push(`reference (${reference.name ?? reference.tracer}) is provisional: ${reference.derivation}`);

  const asym = input.asymmetryIndex;
  if (finite(asym) && asym > th.asymmetryPercent) {
    notes.push(`cerebellar asymmetry index ${asym.toFixed(1)} % (> ${th.asymmetryPercent} %): a unilateral pattern such as crossed cerebellar diaschisis, not the bilateral loss this classifier looks for`);
  }
  const common = { ratio, expectedRatio: expected, percentLoss: loss, hemispherePercentLoss, assumptions, notes, issues };

  if (blockers.length > 0 || reference === null || z === null || loss === null) {
    return { label: 'indeterminate', severeCerebellarHypoperfusion: false, zScore: z, reference, reasons: blockers, ...common };
  }

  const grade = gradeLoss(loss, z, th);
  const reasons = [
    `cerebellum/cortex ${ratio!.toFixed(3)} vs expected ${reference.mean.toFixed(3)} (${reference.name ?? reference.tracer}, sd ${reference.sd.toFixed(3)}): ${grade.why}`,
  ];
  // Bilateral check: each measured hemisphere must have lost at least hemisphereLossPercent.
  let bilateral = true;
  for (const side of ['left', 'right'] as const) {
    const l = hemispherePercentLoss[side];
    if (l === null) continue;
    if (!(l >= th.hemisphereLossPercent)) bilateral = false;
    if (grade.label === 'severe') reasons.push(`${side} cerebellum/cortex loss ${l.toFixed(1)} %`);
  }
  const severe = grade.label === 'severe' && bilateral;
  if (grade.label === 'severe' && !bilateral) {
    reasons.push(`one cerebellar hemisphere has lost less than ${th.hemisphereLossPercent} %: not flagged as severe bilateral hypoperfusion`);
  }
  if (severe && age! < th.childAgeYears) notes.push(OMS_NOTE);
  return { label: grade.label, severeCerebellarHypoperfusion: severe, zScore: z, reference, reasons, ...common };
}

function chooseReference(age: number, tracer: Tracer, options: ClassifierOptions, issues: Issue[]): ReferenceRange {
  if (options.reference) {
    const ref = options.reference;
    if (ref.tracer !== tracer || ref.ageBand !== ageBandOf(age)) {
      issues.push({
        code: 'REFERENCE_MISMATCH', severity: 'warning',
        message: `the given reference range is for ${ref.tracer} ${ref.ageBand}, the study is ${tracer} ${ageBandOf(age)}`,
      });
    }
    return ref;
  }
  if (options.normals) {
    const nr = normalsReference(options.normals, { ageYears: age, tracer }, options.normalsLimits);
    issues.push(...nr.issues);
    if (nr.reference) return nr.reference;
  }
  return referenceRangeFor(tracer, age);
}
