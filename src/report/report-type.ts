/**
 * The declared type of the JSON report (schema `spect-perfusion/report` version 2,
 * docs/report-schema.md): a rounded view of the analysis (src/report/json.ts). Every
 * number rounding could turn into `null` (a ratio, a mean, a z-score: anything that can
 * be unmeasurable) is typed `number | null`; the rest are finite by construction
 * (counts of voxels, dimensions, validated spacing and affines, the similarity and scale
 * of a registration that succeeded: src/register/register.ts refuses a non-finite fit).
 */
import type { AgeBand } from '../classify/reference-ranges.js';
import type { SeverityLabel } from '../classify/severity.js';
import type { IssueCode, IssueSeverity } from '../issues.js';
import type { RegionStat } from '../regions/measure.js';
import type { CerebellarRatios } from '../regions/ratios.js';
import type { Tracer } from '../vocabulary/tracer.js';
import type { MetadataSource, VolumeMetadata } from '../volume/volume.js';

/** Origin of an age or tracer in the report. */
export type ValueSource = 'caller' | MetadataSource | 'unknown';

export interface ReportStudy {
  /** The study pseudonym (HMAC-SHA-256 of the Study and Series Instance UIDs, else of the voxels). */
  readonly id: string;
  readonly identifiersIncluded: boolean;
  /** Only with `includeIdentifiers`. */
  readonly studyInstanceUid?: string | null;
  readonly seriesInstanceUid?: string | null;
  readonly acquisitionDate?: string | null;
}

/** The ratios as the report rounds them (the same fields as the analysis's; rounding keeps null as null). */
export type ReportRatios = CerebellarRatios;

export interface ReportReference {
  readonly kind: 'model' | 'normals' | 'custom';
  readonly name: string;
  readonly tracer: Tracer;
  readonly ageBand: AgeBand;
  readonly ageYears: number | null;
  readonly mean: number;
  readonly sd: number;
  readonly meanBand: readonly [number, number] | null;
  readonly n: number | null;
  readonly provisional: boolean;
  readonly derivation: string;
}

export interface ReportClassification {
  readonly label: SeverityLabel | 'indeterminate';
  readonly severeCerebellarHypoperfusion: boolean;
  readonly ratio: number | null;
  readonly expectedRatio: number | null;
  readonly percentLoss: number | null;
  readonly hemispherePercentLoss: { readonly left: number | null; readonly right: number | null };
  readonly zScore: number | null;
  readonly reference: ReportReference | null;
  readonly reasons: readonly string[];
  readonly assumptions: readonly string[];
  readonly notes: readonly string[];
}

export interface ReportMetadata {
  readonly format: VolumeMetadata['format'];
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly manufacturerModel: string | null;
  readonly ageYears: number | null;
  readonly ageSource: ValueSource;
  readonly sex: VolumeMetadata['patientSex'];
  readonly tracer: Tracer | null;
  readonly tracerSource: ValueSource;
  readonly units: string | null;
}

export interface ReportVolume {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  /** 16 numbers, row-major, voxel (i,j,k) -> RAS mm. */
  readonly affine: readonly number[];
  readonly totalCounts: number;
}

export interface ReportRegistration {
  readonly atlas: string;
  /** 16 numbers, row-major, subject RAS mm -> MNI mm. */
  readonly subjectToMni: readonly number[];
  readonly similarity: number;
  readonly iterations: number;
  readonly scale: {
    readonly factors: readonly [number, number, number];
    readonly shear: readonly [number, number, number];
    readonly determinant: number;
    readonly rotationDeg: number;
  };
  readonly templateCoverage: number;
  readonly cerebellumCoverage: number | null;
  /** The DCT warp after the affine fit (docs/registration.md), null when it was turned off. */
  readonly warp: {
    /** Largest displacement of the warp at the template points, mm. */
    readonly maxDisplacementMm: number;
    /** The fitted gain of the template's cerebellum (its uptake relative to the template's), null without a gain. */
    readonly cerebellarGain: number | null;
  } | null;
}

/** A region's statistics as the report rounds them (the same fields as the analysis's). */
export type ReportRegionStat = RegionStat;

export interface ReportNormals {
  readonly n: number;
  readonly regionalZ: Readonly<Record<string, number | null>>;
}

export interface ReportIssue {
  readonly code: IssueCode;
  readonly severity: IssueSeverity;
  readonly message: string;
}

/** Plain-data report; see docs/report-schema.md. */
export interface AnalysisReport {
  readonly schema: 'spect-perfusion/report';
  readonly schemaVersion: 2;
  readonly software: { readonly name: 'spect-perfusion'; readonly version: string };
  readonly study: ReportStudy;
  readonly ratios: ReportRatios;
  readonly classification: ReportClassification;
  readonly metadata: ReportMetadata;
  readonly volume: ReportVolume;
  readonly registration: ReportRegistration;
  readonly regions: {
    readonly groups: Readonly<Record<string, ReportRegionStat>>;
    readonly labels: readonly ReportRegionStat[];
  };
  readonly normals: ReportNormals | null;
  readonly issues: readonly ReportIssue[];
}
