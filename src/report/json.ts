/**
 * The JSON report (schema documented in docs/report-schema.md). Deterministic:
 * the same input gives byte-identical output (fixed key order, numbers rounded
 * to 6 significant digits, no timestamps). Carries no patient identifiers
 * unless `includeIdentifiers` is set, in which case it says so.
 */
import type { Classification } from '../classify/classify.js';
import type { Issue } from '../issues.js';
import type { RegistrationResult } from '../register/types.js';
import type { RegionMeasurement } from '../regions/measure.js';
import type { CerebellarRatios } from '../regions/ratios.js';
import type { Volume } from '../volume/volume.js';
import type { Tracer } from '../vocabulary/tracer.js';
import type { AnalysisReport, ValueSource } from './report-type.js';
import { VERSION } from '../version.js';
import { pseudonymForData, seriesPseudonym } from '../hash/pseudonym.js';

export const REPORT_SCHEMA = 'spect-perfusion/report';
export const REPORT_SCHEMA_VERSION = 2;
/** The report's `software.version`: the package version (src/version.ts). */
export const SOFTWARE_VERSION = VERSION;

export interface ReportOptions {
  /** Key of the study pseudonym (HMAC-SHA-256). */
  readonly pseudonymKey?: string;
  /** Put Study/Series UIDs and the acquisition date in the report (off by default). */
  readonly includeIdentifiers?: boolean;
}

export type { AnalysisReport, ValueSource } from './report-type.js';

/** The unrounded values of one analysis that the report is a view of (src/pipeline/analyze.ts returns them too). */
export interface AnalysisValues {
  readonly registration: RegistrationResult;
  /** Regional statistics of the analysed volume (unrounded). */
  readonly regions: RegionMeasurement;
  /** The ratios of `regions` (unrounded; null when not measurable). */
  readonly ratios: CerebellarRatios;
  readonly classification: Classification;
  /** Every issue of the analysis, in report order. */
  readonly issues: readonly Issue[];
  /** The age and tracer the analysis used (the caller's, else the study's), null when unknown. */
  readonly ageYears: number | null;
  readonly tracer: Tracer | null;
}

export interface ReportInput extends AnalysisValues {
  readonly volume: Volume;
  /** Where the age came from: the caller (`--age`), the study's own file or sidecar, a batch manifest, or unknown. */
  readonly ageSource: ValueSource;
  readonly tracerSource: ValueSource;
  readonly atlasName: string;
  readonly normals?: { readonly n: number; readonly regionalZ: Readonly<Record<string, number | null>> } | null;
}

/** The report before rounding: the declared shape (src/report/report-type.ts), unrounded numbers. */
function assemble(r: ReportInput, o: ReportOptions): AnalysisReport {
  const m = r.volume.metadata;
  // one study can hold several series: the pseudonym names the series analysed
  const id = m.studyInstanceUid
    ? seriesPseudonym(m.studyInstanceUid, m.seriesInstanceUid, o.pseudonymKey)
    : pseudonymForData(r.volume.data, o.pseudonymKey);
  const c = r.classification;
  return {
    schema: REPORT_SCHEMA,
    schemaVersion: REPORT_SCHEMA_VERSION,
    software: { name: 'spect-perfusion', version: SOFTWARE_VERSION },
    study: {
      id,
      identifiersIncluded: o.includeIdentifiers === true,
      ...(o.includeIdentifiers
        ? { studyInstanceUid: m.studyInstanceUid, seriesInstanceUid: m.seriesInstanceUid, acquisitionDate: m.acquisitionDate }
        : {}),
    },
    ratios: r.ratios,
    classification: {
      label: c.label,
      severeCerebellarHypoperfusion: c.severeCerebellarHypoperfusion,
      ratio: c.ratio,
      expectedRatio: c.expectedRatio,
      percentLoss: c.percentLoss,
      hemispherePercentLoss: c.hemispherePercentLoss,
      zScore: c.zScore,
      reference: c.reference
        ? {
            kind: c.reference.kind ?? 'custom', name: c.reference.name ?? `${c.reference.tracer} ${c.reference.ageBand}`,
            tracer: c.reference.tracer, ageBand: c.reference.ageBand, ageYears: c.reference.ageYears ?? null,
            mean: c.reference.mean, sd: c.reference.sd, meanBand: c.reference.meanBand ?? null, n: c.reference.n ?? null,
            provisional: c.reference.provisional, derivation: c.reference.derivation,
          }
        : null,
      reasons: c.reasons,
      assumptions: c.assumptions,
      notes: c.notes,
    },
    metadata: {
      format: m.format,
      modality: m.modality,
      manufacturer: m.manufacturer,
      manufacturerModel: m.manufacturerModel,
      ageYears: r.ageYears,
      ageSource: r.ageSource,
      sex: m.patientSex,
      tracer: r.tracer,
      tracerSource: r.tracerSource,
      units: m.units,
    },
    volume: {
      dims: r.volume.dims,
      spacing: r.volume.spacing,
      affine: Array.from(r.volume.affine),
      totalCounts: m.totalCounts,
    },
    registration: {
      atlas: r.atlasName,
      subjectToMni: Array.from(r.registration.subjectToMni),
      similarity: r.registration.similarity,
      iterations: r.registration.iterations,
      scale: r.registration.scale,
      templateCoverage: r.registration.templateCoverage,
      cerebellumCoverage: r.registration.regionCoverage,
      warp: r.registration.warp ? { maxDisplacementMm: r.registration.warp.maxDisplacementMm, cerebellarGain: r.registration.warp.gain } : null,
    },
    regions: {
      groups: r.regions.groups,
      labels: r.regions.labels,
    },
    normals: r.normals ?? null,
    issues: r.issues.map((i) => ({ code: i.code, severity: i.severity, message: i.message })),
  };
}

/**
 * Build the report object: `assemble`'s view rounded by `roundDeep`, which keeps the shape
 * and turns a non-finite number into null (the declared type says where that can happen).
 */
export function buildReport(input: ReportInput, options: ReportOptions = {}): AnalysisReport {
  return roundDeep(assemble(input, options)) as AnalysisReport;
}

/** Round non-integer numbers to 6 significant digits; NaN/Infinity become null. */
export function roundDeep(v: unknown): unknown {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (Number.isInteger(v)) return v;
    const r = Number(v.toPrecision(6));
    return Object.is(r, -0) ? 0 : r;
  }
  if (Array.isArray(v)) return v.map(roundDeep);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => roundDeep(x));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = roundDeep(x);
    return out;
  }
  return v;
}

/** Serialise a report (2-space indented, trailing newline). */
export function reportToJson(report: AnalysisReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
