/**
 * The JSON sidecar of a NIfTI file (`study.json` beside `study.nii.gz`), as
 * written by dcm2niix (C. Rorden, https://github.com/rordenlab/dcm2niix: DICOM
 * attribute keywords such as `PatientAge`, `Radiopharmaceutical`) and by the
 * BIDS PET extension (Norgaard et al., Sci Data 2022;9:65: `TracerName`,
 * `TracerRadionuclide`, `InjectedRadioactivity`, ...).
 *
 * Core code: takes the sidecar's bytes, never touches the file system. A
 * sidecar that is too large, not UTF-8, not JSON or not a JSON object, and
 * fields of the wrong type or with unusable values, become issues, never
 * errors: the image itself is still fine. Messages name fields and types,
 * never the values (a sidecar can hold names and free text). The fields are
 * read in sidecar-fields.ts; a volume's metadata is filled in sidecar-apply.ts.
 */
import { IssueList, type Issue, type IssueCode } from '../issues.js';
import type { Radiopharmaceutical } from '../volume/volume.js';
import { SidecarFields, activityOf, ageOf, attenuationOf, sexOf, tracerOf, weightOf } from './sidecar-fields.js';

export { SIDECAR_FIELDS } from './sidecar-fields.js';

/** Largest sidecar read (1 MiB); dcm2niix sidecars are a few kB. */
export const SIDECAR_MAX_BYTES = 1024 * 1024;

export interface SidecarOptions {
  /** Largest sidecar accepted in bytes (default `SIDECAR_MAX_BYTES`). */
  readonly maxSidecarBytes?: number;
}

/** What a sidecar says, in the library's terms; null where it says nothing usable. */
export interface NiftiSidecar {
  readonly patientAgeYears: number | null;
  readonly patientSex: 'M' | 'F' | 'O' | null;
  readonly patientWeightKg: number | null;
  readonly radiopharmaceutical: Radiopharmaceutical | null;
  readonly injectedActivityMBq: number | null;
  readonly modality: string | null;
  readonly manufacturer: string | null;
  readonly manufacturerModel: string | null;
  readonly imageType: readonly string[] | null;
  /** May hold identifying free text: kept here only, never copied into the volume metadata. */
  readonly seriesDescription: string | null;
  readonly conversionSoftware: string | null;
  readonly units: string | null;
  /** BIDS-PET `AttenuationCorrection`: a boolean, or a method text ("none" = false). */
  readonly attenuationCorrected: boolean | null;
  /** False when the sidecar could not be read at all (too large, not JSON, not an object). */
  readonly usable: boolean;
  /** Names of the sidecar fields that gave a value (no values). */
  readonly fieldsUsed: readonly string[];
  readonly issues: readonly Issue[];
}

const EMPTY: Omit<NiftiSidecar, 'issues' | 'fieldsUsed' | 'usable'> = {
  patientAgeYears: null, patientSex: null, patientWeightKg: null, radiopharmaceutical: null, injectedActivityMBq: null,
  modality: null, manufacturer: null, manufacturerModel: null, imageType: null, seriesDescription: null,
  conversionSoftware: null, units: null, attenuationCorrected: null,
};

/** A sidecar that could not be used: one warning `code`, nothing read. */
export function unusableSidecar(code: IssueCode, message: string): NiftiSidecar {
  return { ...EMPTY, usable: false, fieldsUsed: [], issues: [{ code, severity: 'warning', message: message + '; the sidecar was ignored' }] };
}

/** The result for a sidecar of `size` bytes that was not read because it is larger than `max`. */
export function oversizeSidecar(size: number, max: number = SIDECAR_MAX_BYTES): NiftiSidecar {
  return unusableSidecar('SIDECAR_TOO_LARGE', `the JSON sidecar has ${size} bytes, more than the ${max} accepted`);
}

/**
 * Parse sidecar bytes. Never throws on bad input: problems are in `issues`.
 */
export function parseNiftiSidecar(bytes: Uint8Array, options: SidecarOptions = {}): NiftiSidecar {
  const max = options.maxSidecarBytes ?? SIDECAR_MAX_BYTES;
  if (bytes.length > max) return oversizeSidecar(bytes.length, max);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return unusableSidecar('SIDECAR_MALFORMED', 'the JSON sidecar is not UTF-8 text');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // the parser's message can quote the file's text: never pass it on
    return unusableSidecar('SIDECAR_MALFORMED', 'the JSON sidecar is not valid JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return unusableSidecar('SIDECAR_NOT_OBJECT', `the JSON sidecar is ${Array.isArray(json) ? 'an array' : json === null ? 'null' : 'a ' + typeof json}, not an object`);
  }
  return interpret(json as Record<string, unknown>);
}

function interpret(obj: Record<string, unknown>): NiftiSidecar {
  const f = new SidecarFields(obj, new IssueList());
  const patientAgeYears = ageOf(f), patientSex = sexOf(f), patientWeightKg = weightOf(f);
  const injectedActivityMBq = activityOf(f);
  const radiopharmaceutical = tracerOf(f);
  const attenuationCorrected = attenuationOf(f);
  const modalityText = f.str('Modality');
  const modality = modalityText === null ? null : f.take('Modality', modalityText.toUpperCase());
  const imageTypeValue = f.get('ImageType');
  const imageType = Array.isArray(imageTypeValue) ? f.take('ImageType', imageTypeValue.map((s) => s.toUpperCase())) : null;
  const text = (field: string) => f.take(field, f.str(field));
  return {
    patientAgeYears, patientSex, patientWeightKg, radiopharmaceutical, injectedActivityMBq,
    modality,
    manufacturer: text('Manufacturer'),
    manufacturerModel: text('ManufacturersModelName'),
    imageType,
    seriesDescription: text('SeriesDescription'),
    conversionSoftware: text('ConversionSoftware'),
    units: text('Units'),
    attenuationCorrected,
    usable: true,
    fieldsUsed: f.used,
    issues: f.issues.toArray(),
  };
}
