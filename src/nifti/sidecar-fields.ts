/**
 * Reading the fields of a NIfTI JSON sidecar (sidecar.ts): each field's JSON type, the checks of
 * its value, and the library's value for it. A field of the wrong type or with an unusable value
 * is an issue (`SIDECAR_FIELD_TYPE`, `SIDECAR_FIELD_VALUE`) and reads as null. Messages name
 * fields and types, never the values.
 */
import { parseTracer } from '../vocabulary/tracer.js';
import type { IssueList } from '../issues.js';
import { MAX_AGE_YEARS, parseAgeString } from '../volume/age.js';
import type { Radiopharmaceutical } from '../volume/volume.js';

/** Longest string value used; longer ones are ignored with an issue. */
const MAX_STRING = 256;

type FieldType = 'string' | 'number' | 'string[]';

/** The fields read and their JSON types (dcm2niix names first, then BIDS-PET). */
export const SIDECAR_FIELDS: Readonly<Record<string, FieldType>> = {
  PatientAge: 'string',
  PatientSex: 'string',
  PatientWeight: 'number',
  Radiopharmaceutical: 'string',
  Modality: 'string',
  Manufacturer: 'string',
  ManufacturersModelName: 'string',
  ImageType: 'string[]',
  SeriesDescription: 'string',
  ConversionSoftware: 'string',
  TracerName: 'string',
  TracerRadionuclide: 'string',
  InjectedRadioactivity: 'number',
  InjectedRadioactivityUnits: 'string',
  Units: 'string',
  // boolean or a method text; read by attenuationOf (the only field that may be a boolean)
  AttenuationCorrection: 'string',
};

/** Activity units to MBq (BIDS-PET recommends MBq; mCi is common in the US). */
const ACTIVITY_TO_MBQ: Readonly<Record<string, number>> = {
  BQ: 1e-6,
  KBQ: 1e-3,
  MBQ: 1,
  GBQ: 1e3,
  UCI: 0.037,
  µCI: 0.037,
  MCI: 37,
};
const MAX_ACTIVITY_MBQ = 1e5;
const MAX_WEIGHT_KG = 500;

/** Typed access to the fields of one sidecar object; `used` collects the names that gave a value. */
export class SidecarFields {
  readonly used: string[] = [];
  constructor(
    readonly obj: Record<string, unknown>,
    readonly issues: IssueList,
  ) {}

  valueIssue(field: string, why: string): void {
    this.issues.add('SIDECAR_FIELD_VALUE', 'warning', `sidecar field ${field} ${why}; ignored`);
  }

  private typeIssue(field: string, got: string, want: string): void {
    this.issues.add('SIDECAR_FIELD_TYPE', 'warning', `sidecar field ${field} is ${got}, not ${want}; ignored`);
  }

  has(field: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.obj, field);
  }

  /** The field's value if it has the type of SIDECAR_FIELDS (strings trimmed, empty as null), else null. */
  get(field: string): string | number | string[] | null {
    if (!this.has(field)) return null;
    const v = this.obj[field];
    if (v === null || v === undefined) return null;
    const want = SIDECAR_FIELDS[field]!;
    const got = Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
    if (want === 'number') {
      if (typeof v !== 'number') {
        this.typeIssue(field, got, 'a number');
        return null;
      }
      if (!Number.isFinite(v)) {
        this.valueIssue(field, 'is not a finite number');
        return null;
      }
      return v;
    }
    if (want === 'string[]') {
      if (typeof v === 'string')
        return (
          this.checkString(field, v)
            ?.split('\\')
            .map((s) => s.trim())
            .filter((s) => s !== '') ?? null
        );
      if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) {
        this.typeIssue(field, Array.isArray(v) ? 'an array with non-string items' : got, 'an array of strings');
        return null;
      }
      if (v.length > 16 || v.some((s) => s.length > MAX_STRING)) {
        this.valueIssue(field, 'is too long');
        return null;
      }
      const items = v.map((s) => s.trim()).filter((s) => s !== '');
      return items.length ? items : null;
    }
    if (typeof v !== 'string') {
      this.typeIssue(field, got, 'a string');
      return null;
    }
    return this.checkString(field, v);
  }

  private checkString(field: string, v: string): string | null {
    if (v.length > MAX_STRING) {
      this.valueIssue(field, `is longer than ${MAX_STRING} characters`);
      return null;
    }
    const t = v.trim();
    return t === '' ? null : t;
  }

  str(field: string): string | null {
    const v = this.get(field);
    return typeof v === 'string' ? v : null;
  }

  num(field: string): number | null {
    const v = this.get(field);
    return typeof v === 'number' ? v : null;
  }

  /** `v`, noting `field` as used when it is not null. */
  take<T>(field: string, v: T | null): T | null {
    if (v !== null) this.used.push(field);
    return v;
  }
}

/** PatientAge as a DICOM Age String, in years. */
export function ageOf(f: SidecarFields): number | null {
  const ageText = f.str('PatientAge');
  if (ageText === null) return null;
  const a = parseAgeString(ageText);
  if (a === null) f.valueIssue('PatientAge', 'is not a DICOM Age String (nnnD, nnnW, nnnM or nnnY)');
  else if (a > MAX_AGE_YEARS) f.valueIssue('PatientAge', `is above ${MAX_AGE_YEARS} years`);
  else return f.take('PatientAge', a);
  return null;
}

export function sexOf(f: SidecarFields): 'M' | 'F' | 'O' | null {
  const sexText = f.str('PatientSex');
  if (sexText === null) return null;
  const s = sexText.toUpperCase();
  if (s === 'M' || s === 'F' || s === 'O') return f.take('PatientSex', s);
  f.valueIssue('PatientSex', 'is not M, F or O');
  return null;
}

export function weightOf(f: SidecarFields): number | null {
  const w = f.num('PatientWeight');
  if (w === null) return null;
  if (w > 0 && w <= MAX_WEIGHT_KG) return f.take('PatientWeight', w);
  f.valueIssue('PatientWeight', `is not in (0, ${MAX_WEIGHT_KG}] kg`);
  return null;
}

/** InjectedRadioactivity in MBq, with its InjectedRadioactivityUnits. */
export function activityOf(f: SidecarFields): number | null {
  const act = f.num('InjectedRadioactivity');
  const actUnits = f.str('InjectedRadioactivityUnits');
  if (act === null) return null;
  const k = actUnits === null ? undefined : ACTIVITY_TO_MBQ[actUnits.toUpperCase()];
  if (actUnits === null) f.valueIssue('InjectedRadioactivity', 'has no InjectedRadioactivityUnits');
  else if (k === undefined)
    f.valueIssue('InjectedRadioactivity', 'has InjectedRadioactivityUnits other than Bq, kBq, MBq, GBq, uCi or mCi');
  else if (!(act > 0) || act * k > MAX_ACTIVITY_MBQ) f.valueIssue('InjectedRadioactivity', `is not in (0, ${MAX_ACTIVITY_MBQ}] MBq`);
  else {
    const mbq = f.take('InjectedRadioactivity', act * k);
    f.used.push('InjectedRadioactivityUnits');
    return mbq;
  }
  return null;
}

/** BIDS-PET AttenuationCorrection: a boolean, or a method text ("none", "no", ... = false). */
export function attenuationOf(f: SidecarFields): boolean | null {
  const ac = f.has('AttenuationCorrection') ? f.obj['AttenuationCorrection'] : null;
  if (typeof ac === 'boolean') return f.take('AttenuationCorrection', ac);
  if (ac === null || ac === undefined) return null;
  const text = f.str('AttenuationCorrection');
  return text === null ? null : f.take('AttenuationCorrection', !/^(none|no|false|off|nac|not applied)$/i.test(text.trim()));
}

/**
 * The tracer from dcm2niix `Radiopharmaceutical` and BIDS `TracerName`, mapped with
 * `parseTracer`. Two names that map to different known tracers leave it unknown.
 */
export function tracerOf(f: SidecarFields): Radiopharmaceutical | null {
  const rp = f.str('Radiopharmaceutical'),
    tracerName = f.str('TracerName'),
    nuclide = f.str('TracerRadionuclide');
  const a = parseTracer(rp),
    b = parseTracer(tracerName);
  if (nuclide !== null) f.used.push('TracerRadionuclide');
  if (a && b && a !== b) {
    f.issues.add(
      'SIDECAR_CONFLICT',
      'warning',
      'sidecar fields Radiopharmaceutical and TracerName name different tracers; the tracer is left unknown',
    );
    return { code: 'UNKNOWN', name: null, nuclide };
  }
  if (rp !== null) f.used.push('Radiopharmaceutical');
  if (tracerName !== null) f.used.push('TracerName');
  const name = (b ? tracerName : a ? rp : (tracerName ?? rp)) ?? null;
  if (name === null) return nuclide !== null ? { code: 'UNKNOWN', name: null, nuclide } : null;
  return { code: a ?? b ?? name, name, nuclide };
}
