/**
 * Types of the de-identification step (DICOM PS3.15 Annex E). Core code: no
 * node:* imports, so it runs in browsers too.
 */
import type { VolumeMetadata } from '../../volume/volume.js';

/**
 * Action codes of PS3.15 Table E.1-1: D dummy value, Z zero length (or dummy),
 * X remove, K keep, C clean, U replace the UID by a consistent new one.
 */
export type ProfileAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

/** How dates are handled: removed (default), or shifted by a whole number of days (PS3.15 E.3.6, option 113107). */
export type DateHandling = { readonly mode: 'remove' } | { readonly mode: 'shift'; readonly days: number };

export interface DeidentifyOptions {
  /** Secret key of the pseudonym and of the replacement UIDs (HMAC-SHA-256). Required, non-empty. */
  readonly key: string;
  /** Default `{ mode: 'remove' }`. */
  readonly dates?: DateHandling;
}

/**
 * A source study as the de-identifier sees it: the reader's metadata (no names
 * in it) plus, optionally, the raw string values of attributes of the source
 * file keyed by DICOM keyword (e.g. `PatientName`), as `attributesFromDataSet`
 * returns them.
 */
export interface SourceStudy {
  readonly metadata: VolumeMetadata;
  readonly attributes?: Readonly<Record<string, string>>;
  /** Voxel data: pseudonym source when the study has no Study Instance UID. */
  readonly data?: Float32Array;
  /** The source DICOM file itself: `writeDeidentifiedNm` copies it with the profile applied. */
  readonly file?: Uint8Array;
}

/** What happened to one source attribute in the library's writers (`deidentifyAttributes`). */
export interface AttributeOutcome {
  /** group << 16 | element. */
  readonly tag: number;
  readonly keyword: string;
  /** Action applied (PS3.15 E.1-1 code after the options). */
  readonly action: ProfileAction;
  readonly outcome: 'removed' | 'emptied' | 'replaced' | 'kept';
}

/** The de-identified attribute set handed to the DICOM writer. */
export interface DeidentifiedAttributes {
  /** Study pseudonym, `sp-` + 16 hex digits (same as the report's `study.id` for the same key). */
  readonly pseudonym: string;
  /** Written into Patient's Name and Patient ID. */
  readonly patientName: string;
  readonly patientId: string;
  /** Kept under the Retain Patient Characteristics Option (113108). */
  readonly patientSex: 'M' | 'F' | 'O' | null;
  readonly patientAgeYears: number | null;
  /** Replacement UIDs (2.25 form, keyed hash of the source UID). */
  readonly uids: { readonly study: string; readonly series: string; readonly frameOfReference: string; readonly sopInstance: string };
  /** DA YYYYMMDD shifted, or '' when dates are removed. */
  readonly studyDate: string;
  /** Always '' (times of day are emptied, also when dates are shifted). */
  readonly studyTime: string;
  /** Longitudinal Temporal Information Modified (0028,0303). */
  readonly temporalInformation: 'MODIFIED' | 'REMOVED';
  /** De-identification Method (0012,0063), each value at most 64 characters. */
  readonly method: readonly string[];
  /** De-identification Method Code Sequence (0012,0064) items: value, scheme, meaning (PS3.16 CID 7050). */
  readonly codes: readonly (readonly [string, string, string])[];
  /** Tracer, manufacturer and model: kept (not identifying, needed by the analysis). */
  readonly manufacturer: string | null;
  readonly manufacturerModel: string | null;
  readonly tracerCode: string | null;
  /** One entry per source attribute of the profile that was present. */
  readonly outcomes: readonly AttributeOutcome[];
}
