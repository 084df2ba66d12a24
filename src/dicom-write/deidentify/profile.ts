/**
 * The Basic Application Level Confidentiality Profile of DICOM PS3.15 Annex E:
 * every row of Table E.1-1 (basic-profile-table.ts, generated from the
 * standard's table, edition in BASIC_PROFILE_EDITION), the rules the standard
 * states outside the table (private attributes, curves, overlays), and the
 * options this library applies.
 *
 * Codes (PS3.15 E.1.1): D replace with a non-zero-length dummy value
 * consistent with the VR, Z zero length (or a dummy), X remove, K keep
 * (sequences cleaned), C clean, U replace by a UID consistent within the set.
 * Compound codes depend on the attribute's type in the IOD: X/Z, X/D, X/Z/D,
 * Z/D and X/Z/U* are resolved by resolveCode (resolve.ts).
 * Options (PS3.15 E.3):
 * - Retain Patient Characteristics (113108, E.3.7): age, sex, size, weight,
 *   ethnic group kept (K): the analysis needs age and sex.
 * - Retain Longitudinal Temporal Information with Modified Dates (113107,
 *   E.3.6): dates shifted by a whole number of days when the caller asks.
 */
import { BASIC_PROFILE_EDITION, BASIC_PROFILE_ROWS } from './basic-profile-table.js';
import { TAG } from '../../dicom-base/tags.js';

export { BASIC_PROFILE_EDITION };

export interface ProfileEntry {
  readonly tag: number;
  /** DICOM keyword derived from the name (see keywordFromName). */
  readonly keyword: string;
  /** Attribute name exactly as in Table E.1-1. */
  readonly name: string;
  /** The Basic Profile code exactly as in Table E.1-1 (e.g. 'X/Z/D'). */
  readonly basic: string;
}

/**
 * Keyword of an attribute from its Table E.1-1 name (PS3.6 keywords are the
 * name without spaces, apostrophes and punctuation, each word capitalised):
 * "Patient's Birth Date" -> PatientBirthDate, "Physician(s) of Record" ->
 * PhysiciansOfRecord. A trailing "(see Note N)" of the table is dropped.
 */
export function keywordFromName(name: string): string {
  const base = name.replace(/\(see Note \d+\)/g, '').replace(/'s\b/g, '').replace(/\(s\)/g, 's');
  return base
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** Every row of PS3.15 Table E.1-1 (tag order). */
export const CONFIDENTIALITY_PROFILE: readonly ProfileEntry[] = BASIC_PROFILE_ROWS.map(([tag, name, basic]) => ({
  tag, keyword: keywordFromName(name), name, basic,
}));

export const PROFILE_BY_TAG: ReadonlyMap<number, ProfileEntry> = new Map(CONFIDENTIALITY_PROFILE.map((p) => [p.tag, p]));
/** Entry by keyword. */
export const PROFILE_BY_KEYWORD: ReadonlyMap<string, ProfileEntry> = new Map(CONFIDENTIALITY_PROFILE.map((p) => [p.keyword, p]));

/** Kept under the Retain Patient Characteristics Option (113108): Patient's Sex, Age, Size, Weight, Ethnic Group. */
export const RETAINED_PATIENT_CHARACTERISTICS: ReadonlySet<number> = new Set([TAG.PatientSex, TAG.PatientAge, TAG.PatientSize, TAG.PatientWeight, TAG.EthnicGroup]);

/** Rules of the Basic Profile stated outside Table E.1-1 (PS3.15 E.3.1 / E.3.10 and the 50xx / 60xx rows). */
export type GroupRule = 'private' | 'curve' | 'overlay';

/**
 * - private: odd groups (private data elements and their creators) are removed
 *   (the Retain Safe Private Option, E.3.10, is not applied);
 * - curve: all of Curve Data (50xx,xxxx) is removed;
 * - overlay: Overlay Data (60xx,3000) and Overlay Comments (60xx,4000) are
 *   removed; this library removes the rest of the overlay plane group too, since
 *   an overlay without its (type 1) data is not conformant.
 */
export function groupRule(tag: number): GroupRule | null {
  const group = tag >>> 16;
  if (group & 1) return 'private';
  if (group >= 0x5000 && group <= 0x50ff) return 'curve';
  if (group >= 0x6000 && group <= 0x60ff) return 'overlay';
  return null;
}

/**
 * De-identification method codes (PS3.16 CID 7050 "De-identification Method",
 * scheme DCM) used in (0012,0064).
 */
export const DEID_CODES = {
  basicProfile: ['113100', 'DCM', 'Basic Application Confidentiality Profile'],
  retainModifiedDates: ['113107', 'DCM', 'Retain Longitudinal Temporal Information Modified Dates Option'],
  retainPatientCharacteristics: ['113108', 'DCM', 'Retain Patient Characteristics Option'],
} as const satisfies Record<string, readonly [string, string, string]>;
