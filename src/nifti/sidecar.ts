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
 * never the values (a sidecar can hold names and free text).
 */
import { parseTracer } from '../vocabulary/tracer.js';
import { IssueList, type Issue, type IssueCode } from '../issues.js';
import { MAX_AGE_YEARS, parseAgeString } from '../volume/age.js';
import type { Radiopharmaceutical, Volume, VolumeMetadata } from '../volume/volume.js';
import { readNifti, type ReadNiftiOptions } from './read.js';

/** Largest sidecar read (1 MiB); dcm2niix sidecars are a few kB. */
export const SIDECAR_MAX_BYTES = 1024 * 1024;
/** Longest string value used; longer ones are ignored with an issue. */
const MAX_STRING = 256;

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

type FieldType = 'string' | 'number' | 'string[]';

/** The fields read and their JSON types (dcm2niix names first, then BIDS-PET). */
export const SIDECAR_FIELDS: Readonly<Record<string, FieldType>> = {
  PatientAge: 'string', PatientSex: 'string', PatientWeight: 'number', Radiopharmaceutical: 'string',
  Modality: 'string', Manufacturer: 'string', ManufacturersModelName: 'string', ImageType: 'string[]',
  SeriesDescription: 'string', ConversionSoftware: 'string',
  TracerName: 'string', TracerRadionuclide: 'string', InjectedRadioactivity: 'number',
  InjectedRadioactivityUnits: 'string', Units: 'string',
  // boolean or a method text; read by attenuationOf (the only field that may be a boolean)
  AttenuationCorrection: 'string',
};

const EMPTY: Omit<NiftiSidecar, 'issues' | 'fieldsUsed' | 'usable'> = {
  patientAgeYears: null, patientSex: null, patientWeightKg: null, radiopharmaceutical: null, injectedActivityMBq: null,
  modality: null, manufacturer: null, manufacturerModel: null, imageType: null, seriesDescription: null,
  conversionSoftware: null, units: null, attenuationCorrected: null,
};

/** Activity units to MBq (BIDS-PET recommends MBq; mCi is common in the US). */
const ACTIVITY_TO_MBQ: Readonly<Record<string, number>> = {
  BQ: 1e-6, KBQ: 1e-3, MBQ: 1, GBQ: 1e3, UCI: 0.037, 'µCI': 0.037, MCI: 37,
};
const MAX_ACTIVITY_MBQ = 1e5;
const MAX_WEIGHT_KG = 500;

/** Modality codes of PS3.3 C.7.3.1.1.1 that may be named in a message (anything else is "an unrecognised value"). */
const KNOWN_MODALITIES = new Set(['NM', 'PT', 'ST', 'CT', 'MR', 'US', 'CR', 'DX', 'MG', 'XA', 'RF', 'OT', 'SEG', 'REG', 'RTDOSE', 'RTSTRUCT', 'SR', 'PR', 'KO', 'OP', 'SC']);
/** Modalities a perfusion SPECT (or a PET read the same way) can have; ST is the retired SPECT code. */
const EMISSION_MODALITIES = new Set(['NM', 'PT', 'ST']);
const NOT_RECON_IMAGE_TYPES = ['TOMO', 'GATED TOMO', 'STATIC', 'WHOLE BODY', 'DYNAMIC', 'GATED'];

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
  const issues = new IssueList();
  const used: string[] = [];
  const valueIssue = (field: string, why: string) => issues.add('SIDECAR_FIELD_VALUE', 'warning', `sidecar field ${field} ${why}; ignored`);

  const get = (field: string): string | number | string[] | null => {
    if (!Object.prototype.hasOwnProperty.call(obj, field)) return null;
    const v = obj[field];
    if (v === null || v === undefined) return null;
    const want = SIDECAR_FIELDS[field]!;
    const got = Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
    if (want === 'number') {
      if (typeof v !== 'number') { typeIssue(issues, field, got, 'a number'); return null; }
      if (!Number.isFinite(v)) { valueIssue(field, 'is not a finite number'); return null; }
      return v;
    }
    if (want === 'string[]') {
      if (typeof v === 'string') return checkString(field, v)?.split('\\').map((s) => s.trim()).filter((s) => s !== '') ?? null;
      if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
        typeIssue(issues, field, Array.isArray(v) ? 'an array with non-string items' : got, 'an array of strings'); return null;
      }
      if (v.length > 16 || v.some((s) => s.length > MAX_STRING)) { valueIssue(field, 'is too long'); return null; }
      const items = v.map((s) => s.trim()).filter((s) => s !== '');
      return items.length ? items : null;
    }
    if (typeof v !== 'string') { typeIssue(issues, field, got, 'a string'); return null; }
    return checkString(field, v);
  };
  const checkString = (field: string, v: string): string | null => {
    if (v.length > MAX_STRING) { valueIssue(field, `is longer than ${MAX_STRING} characters`); return null; }
    const t = v.trim();
    return t === '' ? null : t;
  };
  const str = (field: string): string | null => {
    const v = get(field);
    return typeof v === 'string' ? v : null;
  };
  const num = (field: string): number | null => {
    const v = get(field);
    return typeof v === 'number' ? v : null;
  };
  const take = <T>(field: string, v: T | null): T | null => {
    if (v !== null) used.push(field);
    return v;
  };

  let patientAgeYears: number | null = null;
  const ageText = str('PatientAge');
  if (ageText !== null) {
    const a = parseAgeString(ageText);
    if (a === null) valueIssue('PatientAge', 'is not a DICOM Age String (nnnD, nnnW, nnnM or nnnY)');
    else if (a > MAX_AGE_YEARS) valueIssue('PatientAge', `is above ${MAX_AGE_YEARS} years`);
    else patientAgeYears = take('PatientAge', a);
  }

  let patientSex: 'M' | 'F' | 'O' | null = null;
  const sexText = str('PatientSex');
  if (sexText !== null) {
    const s = sexText.toUpperCase();
    if (s === 'M' || s === 'F' || s === 'O') patientSex = take('PatientSex', s);
    else valueIssue('PatientSex', 'is not M, F or O');
  }

  let patientWeightKg: number | null = null;
  const w = num('PatientWeight');
  if (w !== null) {
    if (w > 0 && w <= MAX_WEIGHT_KG) patientWeightKg = take('PatientWeight', w);
    else valueIssue('PatientWeight', `is not in (0, ${MAX_WEIGHT_KG}] kg`);
  }

  let injectedActivityMBq: number | null = null;
  const act = num('InjectedRadioactivity');
  const actUnits = str('InjectedRadioactivityUnits');
  if (act !== null) {
    const f = actUnits === null ? undefined : ACTIVITY_TO_MBQ[actUnits.toUpperCase()];
    if (actUnits === null) valueIssue('InjectedRadioactivity', 'has no InjectedRadioactivityUnits');
    else if (f === undefined) valueIssue('InjectedRadioactivity', 'has InjectedRadioactivityUnits other than Bq, kBq, MBq, GBq, uCi or mCi');
    else if (!(act > 0) || act * f > MAX_ACTIVITY_MBQ) valueIssue('InjectedRadioactivity', `is not in (0, ${MAX_ACTIVITY_MBQ}] MBq`);
    else { injectedActivityMBq = take('InjectedRadioactivity', act * f); used.push('InjectedRadioactivityUnits'); }
  }

  const radiopharmaceutical = tracerOf(str('Radiopharmaceutical'), str('TracerName'), str('TracerRadionuclide'), issues, used);

  let attenuationCorrected: boolean | null = null;
  const ac = Object.prototype.hasOwnProperty.call(obj, 'AttenuationCorrection') ? obj['AttenuationCorrection'] : null;
  if (typeof ac === 'boolean') attenuationCorrected = take('AttenuationCorrection', ac);
  else if (ac !== null && ac !== undefined) {
    const text = str('AttenuationCorrection');
    if (text !== null) attenuationCorrected = take('AttenuationCorrection', !/^(none|no|false|off|nac|not applied)$/i.test(text.trim()));
  }

  const modalityText = str('Modality');
  const modality = modalityText === null ? null : take('Modality', modalityText.toUpperCase());
  const imageTypeValue = get('ImageType');
  const imageType = Array.isArray(imageTypeValue) ? take('ImageType', imageTypeValue.map((s) => s.toUpperCase())) : null;
  return {
    patientAgeYears, patientSex, patientWeightKg, radiopharmaceutical, injectedActivityMBq,
    modality,
    manufacturer: take('Manufacturer', str('Manufacturer')),
    manufacturerModel: take('ManufacturersModelName', str('ManufacturersModelName')),
    imageType,
    seriesDescription: take('SeriesDescription', str('SeriesDescription')),
    conversionSoftware: take('ConversionSoftware', str('ConversionSoftware')),
    units: take('Units', str('Units')),
    attenuationCorrected,
    usable: true,
    fieldsUsed: used,
    issues: issues.toArray(),
  };
}

function typeIssue(issues: IssueList, field: string, got: string, want: string): void {
  issues.add('SIDECAR_FIELD_TYPE', 'warning', `sidecar field ${field} is ${got}, not ${want}; ignored`);
}

/**
 * The tracer from dcm2niix `Radiopharmaceutical` and BIDS `TracerName`, mapped with
 * `parseTracer`. Two names that map to different known tracers leave it unknown.
 */
function tracerOf(rp: string | null, tracerName: string | null, nuclide: string | null, issues: IssueList, used: string[]): Radiopharmaceutical | null {
  const a = parseTracer(rp), b = parseTracer(tracerName);
  if (nuclide !== null) used.push('TracerRadionuclide');
  if (a && b && a !== b) {
    issues.add('SIDECAR_CONFLICT', 'warning', 'sidecar fields Radiopharmaceutical and TracerName name different tracers; the tracer is left unknown');
    return { code: 'UNKNOWN', name: null, nuclide };
  }
  if (rp !== null) used.push('Radiopharmaceutical');
  if (tracerName !== null) used.push('TracerName');
  const name = (b ? tracerName : a ? rp : tracerName ?? rp) ?? null;
  if (name === null) return nuclide !== null ? { code: 'UNKNOWN', name: null, nuclide } : null;
  return { code: a ?? b ?? name, name, nuclide };
}

/**
 * The volume with the sidecar's values filled in where the image has none
 * (`ageSource` etc. become 'sidecar'). A sidecar value that differs from the
 * image's own, a non-emission Modality and an Image Type of projections or
 * planar data give `SIDECAR_CONTRADICTS_IMAGE`; the image's own values are kept.
 */
export function applyNiftiSidecar(volume: Volume, sidecar: NiftiSidecar): Volume {
  const m = volume.metadata;
  const issues = new IssueList();
  issues.push(...volume.issues, ...sidecar.issues);
  const contradicts = (field: string) =>
    issues.add('SIDECAR_CONTRADICTS_IMAGE', 'warning', `sidecar field ${field} differs from the image's own value; the image's value was kept`);
  const fill = <T>(field: string, own: T | null, side: T | null, same: (x: T, y: T) => boolean): { value: T | null; fromSidecar: boolean } => {
    if (side === null) return { value: own, fromSidecar: false };
    if (own === null) return { value: side, fromSidecar: true };
    if (!same(own, side)) contradicts(field);
    return { value: own, fromSidecar: false };
  };
  const eq = <T>(x: T, y: T) => x === y;
  const age = fill('PatientAge', m.patientAgeYears, sidecar.patientAgeYears, (x, y) => Math.abs(x - y) < 1e-9);
  const sex = fill('PatientSex', m.patientSex, sidecar.patientSex, eq);
  const tracer = fill('Radiopharmaceutical/TracerName', m.radiopharmaceutical, sidecar.radiopharmaceutical,
    (x, y) => (parseTracer(x.code) ?? x.code) === (parseTracer(y.code) ?? y.code));
  const modality = fill('Modality', m.modality, sidecar.modality, eq);
  const units = fill('Units', m.units, sidecar.units, eq);
  const ac = fill('AttenuationCorrection', m.attenuationCorrected ?? null, sidecar.attenuationCorrected, eq);
  const metadata: VolumeMetadata = {
    ...m,
    modality: modality.value,
    manufacturer: m.manufacturer ?? sidecar.manufacturer,
    manufacturerModel: m.manufacturerModel ?? sidecar.manufacturerModel,
    imageType: m.imageType.length ? m.imageType : (sidecar.imageType ?? []),
    patientAgeYears: age.value,
    ageSource: age.fromSidecar ? 'sidecar' : (m.ageSource ?? null),
    patientSex: sex.value,
    sexSource: sex.fromSidecar ? 'sidecar' : (m.sexSource ?? null),
    radiopharmaceutical: tracer.value,
    tracerSource: tracer.fromSidecar ? 'sidecar' : (m.tracerSource ?? null),
    units: units.value,
    patientWeightKg: m.patientWeightKg ?? sidecar.patientWeightKg,
    injectedActivityMBq: m.injectedActivityMBq ?? sidecar.injectedActivityMBq,
    attenuationCorrected: ac.value,
    attenuationSource: ac.fromSidecar ? 'sidecar' : (m.attenuationSource ?? null),
    extra: {
      ...m.extra,
      sidecar: true,
      sidecarFields: sidecar.fieldsUsed.join(','),
      ...(sidecar.conversionSoftware !== null && /^[\w .+-]{1,64}$/.test(sidecar.conversionSoftware) ? { conversionSoftware: sidecar.conversionSoftware } : {}),
    },
  };
  checkImageKind(metadata, issues);
  if (sidecar.fieldsUsed.length) {
    issues.add('SIDECAR_READ', 'info', `metadata from the JSON sidecar: ${sidecar.fieldsUsed.join(', ')}`);
  } else if (sidecar.usable) {
    issues.add('SIDECAR_READ', 'info', 'the JSON sidecar holds no field this library uses');
  }
  return { ...volume, metadata, issues: issues.toArray() };
}

function checkImageKind(m: VolumeMetadata, issues: IssueList): void {
  if (m.modality !== null && !EMISSION_MODALITIES.has(m.modality)) {
    const name = KNOWN_MODALITIES.has(m.modality) ? m.modality : 'an unrecognised value';
    issues.add('SIDECAR_CONTRADICTS_IMAGE', 'error', `the sidecar gives Modality ${name}, not NM or PT: this is not an emission tomogram`);
  }
  const t = m.imageType;
  if (m.modality === 'NM' && t.length > 0 && !t.includes('RECON TOMO') && !t.includes('RECON GATED TOMO') && t.some((x) => NOT_RECON_IMAGE_TYPES.includes(x))) {
    issues.add('SIDECAR_CONTRADICTS_IMAGE', 'error', 'the sidecar ImageType says projections or planar data, not RECON TOMO: this is not a reconstructed volume');
  }
}

/** Read a NIfTI and apply its sidecar (null: no sidecar). */
export function readNiftiWithSidecar(nifti: Uint8Array, sidecar: Uint8Array | null, options: ReadNiftiOptions & SidecarOptions = {}): Volume {
  const volume = readNifti(nifti, options);
  return sidecar === null ? volume : applyNiftiSidecar(volume, parseNiftiSidecar(sidecar, options));
}
