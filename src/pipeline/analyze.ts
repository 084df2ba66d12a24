/**
 * The whole analysis of one study: register to the atlas, carry the atlas into
 * the study, measure regions, compute ratios, classify, and assemble the report.
 */
import { assessPlausibility, plausibilityIssues } from '../analysis/plausibility.js';
import { builtinAtlas, builtinTemplate } from '../atlas/index.js';
import { acquisitionCounts } from '../dicom/counts.js';
import { checkHeadCoverage } from '../dicom/coverage.js';
import type { LabelAtlas } from '../atlas/types.js';
import { classifyCerebellarPerfusion, type ClassifierOptions } from '../classify/classify.js';
import { parseTracer, type Tracer } from '../classify/reference-ranges.js';
import type { Issue } from '../issues.js';
import type { RegistrationOptions } from '../register/types.js';
import { buildReport, type AnalysisReport, type AnalysisValues, type ReportOptions } from '../report/json.js';
import type { Volume } from '../volume/volume.js';
import { regionalZ, zMap, type NormalDatabase, type NormalMaps } from '../classify/normals.js';
import { mniNormalisedMap, relativeRegionalMeans } from '../regions/mni-map.js';
import { attenuationStep } from '../volume/attenuation.js';
import { measureStudy } from './measure-step.js';
import { registerStudy } from './register-step.js';

export interface AnalyzeOptions extends ReportOptions {
  /** Age in years; overrides the study's own. */
  readonly ageYears?: number;
  /** Tracer; overrides the study's own. */
  readonly tracer?: Tracer;
  /**
   * Whether the study was reconstructed with attenuation correction; overrides the file's own
   * (`metadata.attenuationCorrected`). When false the library applies a first-order Chang
   * correction before registration and measurement (src/volume/attenuation.ts).
   */
  readonly attenuationCorrected?: boolean;
  /** Label atlas in MNI space (default: the built-in atlas at 2 mm). */
  readonly atlas?: LabelAtlas;
  /** Registration template in MNI space (default: the built-in perfusion template for the tracer). */
  readonly template?: Volume;
  readonly classifier?: ClassifierOptions;
  readonly registration?: RegistrationOptions;
  /** System resolution (FWHM, mm) assumed by the partial-volume-corrected ratio (default 12). */
  readonly pvcFwhmMm?: number;
  /** A normal database: adds regional z-scores and a voxel-wise z-map. */
  readonly normals?: { readonly db: NormalDatabase; readonly maps: NormalMaps };
}

/** The analysis of one study: the unrounded values, and the report that is their rounded view. */
export interface AnalysisResult extends AnalysisValues {
  /** The JSON report (rounded, docs/report-schema.md): a view of the values of AnalysisValues. */
  readonly report: AnalysisReport;
  /** Regional z-scores against the normal database, null without one. */
  readonly normals: { readonly n: number; readonly regionalZ: Readonly<Record<string, number | null>> } | null;
  /** Atlas labels carried into the study grid (nearest neighbour). */
  readonly labelsInSubject: Int16Array;
  readonly atlas: LabelAtlas;
  /** The analysed volume (for figures and resampling). */
  readonly volumeRef: Volume;
  /** z-map in the atlas grid when a normal database was given. */
  readonly zMap: Float32Array | null;
}

/** Analyse one study. Never returns NaN figures: unmeasurable values are null with issues. */
export function analyzeStudy(input: Volume, options: AnalyzeOptions = {}): AnalysisResult {
  // A volume too thin to hold a head (one slice of a series, a series copied in part) never reaches registration.
  checkHeadCoverage(input);
  const issues: Issue[] = [...input.issues];
  // A study reconstructed without attenuation correction is corrected (Chang) before registration and measurement.
  const attenuation = attenuationStep(input, options.attenuationCorrected);
  issues.push(...attenuation.issues);
  const atlas = options.atlas ?? builtinAtlas({ voxelSize: 2 });
  const studyTracer = parseTracer(attenuation.volume.metadata.radiopharmaceutical?.code ?? attenuation.volume.metadata.radiopharmaceutical?.name ?? null);
  const tracer = options.tracer ?? studyTracer;
  const ageYears = options.ageYears ?? attenuation.volume.metadata.patientAgeYears;
  const template = options.template ?? builtinTemplate({ voxelSize: 2, tracer: tracer ?? 'HMPAO' });

  // register (src/pipeline/register-step.ts), then regions (src/pipeline/measure-step.ts)
  const registered = registerStudy(attenuation, atlas, template, options.registration);
  const { volume, registration } = registered;
  issues.push(...registered.issues);
  const { labelsInSubject, regions, ratios, cerebellarCoverage: cbCoverage, issues: measureIssues } = measureStudy(volume, atlas, registration, options.pvcFwhmMm);
  issues.push(...measureIssues);
  let normalsOut: { n: number; regionalZ: Record<string, number | null> } | null = null;
  let zm: Float32Array | null = null;
  let classifierOptions = options.classifier;
  if (options.normals) {
    const rel = relativeRegionalMeans(regions.groups);
    normalsOut = { n: options.normals.db.n, regionalZ: regionalZ(rel, options.normals.db) };
    const wb = regions.groups.wholeBrain?.mean;
    if (wb) zm = zMap(mniNormalisedMap(volume, atlas, registration.mniToSubject, wb), options.normals.maps);
    // the classifier checks the database (controls, spread, tracer, age) and may refuse it with an issue
    classifierOptions = { ...classifierOptions, normals: options.normals.db };
  }
  // No confident label on something that is not a brain (a phantom sphere, corrupted voxel sizes).
  const plausibility = assessPlausibility({ scale: registration.scale, groups: regions.groups, ageYears: ageYears ?? null });
  issues.push(...plausibilityIssues(plausibility));
  const classification = classifyCerebellarPerfusion(
    {
      ratio: ratios.cerebellumToCortex,
      ratioLeft: ratios.cerebellumLeftToCortex,
      ratioRight: ratios.cerebellumRightToCortex,
      asymmetryIndex: ratios.cerebellarAsymmetryIndex,
      ageYears: ageYears ?? null,
      tracer: tracer ?? null,
      cerebellarCoverage: cbCoverage,
      registrationSimilarity: registration.similarity,
      registrationFailed: registration.issues.some((i) => i.severity === 'error'),
      // Counts Accumulated when the file has it, a voxel sum only when nothing better exists (src/dicom/counts.ts)
      totalCounts: acquisitionCounts(volume.metadata),
      ...(plausibility.plausible ? {} : { notABrain: plausibility.reasons }),
    },
    classifierOptions,
  );
  issues.push(...classification.issues);
  const report = buildReport({
    volume, registration, regions, ratios, classification, issues,
    ageYears: ageYears ?? null,
    ageSource: options.ageYears !== undefined ? 'caller' : ageYears != null ? (volume.metadata.ageSource ?? volume.metadata.format) : 'unknown',
    tracer: tracer ?? null,
    tracerSource: options.tracer !== undefined ? 'caller' : tracer ? (volume.metadata.tracerSource ?? volume.metadata.format) : 'unknown',
    atlasName: atlas.name,
    normals: normalsOut,
  }, options);
  return {
    report, registration, regions, ratios, classification, issues, ageYears: ageYears ?? null, tracer: tracer ?? null, normals: normalsOut,
    labelsInSubject, atlas, volumeRef: volume, zMap: zm,
  };
}
