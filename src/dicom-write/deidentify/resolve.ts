/**
 * Resolution of the Table E.1-1 codes into one action for an attribute of a
 * given object, and the dummy values of action D.
 *
 * Compound codes (PS3.15 E.1.1): X/Z = X unless Z is required to keep the IOD
 * conformant (type 3 vs 2); X/D = X unless D is required (type 3 vs 1); X/Z/D
 * = X, Z or D for types 3, 2, 1; Z/D = Z unless D is required (type 2 vs 1);
 * X/Z/U* = X, Z, or (type 1 sequences) keep the sequence with its instance
 * UIDs replaced. The type comes from `attributeType(tag)`; by default from
 * DEFAULT_TYPES below (attributes of these codes that PS3.3 makes type 1 or 2
 * in the NM Image IOD, A.5, and the PET Image IOD, A.21); an attribute not
 * listed is treated as type 3, so compound X-codes remove it.
 */
import { TAG } from '../../dicom-base/tags.js';
export type AttributeType = 1 | 2 | 3;
export type ResolvedAction = 'D' | 'Z' | 'X' | 'K' | 'U';

export const NM_IMAGE_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.20';
export const PET_IMAGE_STORAGE_UID = '1.2.840.10008.5.1.4.1.1.128';

/** Type 1 / 2 attributes among the compound-code rows, for any image IOD (PS3.3 C.7.1.1, C.7.6.1, C.7.6.14, C.7.6.4). */
const COMMON_TYPES: ReadonlyArray<readonly [number, AttributeType]> = [
  [TAG.PatientID, 2], // Patient ID, Patient module
  [TAG.PatientSexNeutered, 2], // Patient's Sex Neutered, Patient module (2C)
  [TAG.ContentDate, 2], // Content Date, General Image (2C)
  [TAG.ContentTime, 2], // Content Time, General Image (2C)
  [TAG.AcquisitionContextSequence, 2], // Acquisition Context Sequence, Acquisition Context module
  [TAG.ContrastBolusAgent, 2], // Contrast/Bolus Agent, Contrast/Bolus module
  [TAG.ContentCreatorName, 2], // Content Creator's Name, Presentation State Identification
];

/** PET Series (C.8.9.1) makes Series Date/Time type 1; PET Image (C.8.9.4) Acquisition Date/Time type 2. */
const PET_TYPES: ReadonlyArray<readonly [number, AttributeType]> = [
  [TAG.SeriesDate, 1],
  [TAG.SeriesTime, 1],
  [TAG.AcquisitionDate, 2],
  [TAG.AcquisitionTime, 2],
];

/** Type of each compound-code attribute for the IOD of `sopClassUid` (undefined: type 3). */
export function defaultAttributeTypes(sopClassUid: string | null): (tag: number) => AttributeType | undefined {
  const m = new Map<number, AttributeType>(COMMON_TYPES);
  if (sopClassUid === PET_IMAGE_STORAGE_UID) for (const [t, y] of PET_TYPES) m.set(t, y);
  return (tag) => m.get(tag);
}

/** One action for a Table E.1-1 code and the attribute's type in the IOD. */
export function resolveCode(code: string, type: AttributeType | undefined): ResolvedAction {
  const t = type ?? 3;
  switch (code) {
    case 'D': case 'Z': case 'X': case 'K': case 'U':
      return code;
    case 'C':
      return 'D'; // cleaning = replacement by a value known not to identify: the dummy
    case 'X/Z':
      return t === 3 ? 'X' : 'Z';
    case 'X/D':
      return t === 3 ? 'X' : 'D';
    case 'Z/D':
      return t === 1 ? 'D' : 'Z';
    case 'X/Z/D':
      return t === 3 ? 'X' : t === 2 ? 'Z' : 'D';
    case 'X/Z/U*':
      return t === 3 ? 'X' : t === 2 ? 'Z' : 'U';
    default:
      return 'X'; // unknown code: the safe action
  }
}

/**
 * VR of a table row when the file does not say (Implicit VR): from the name,
 * for the VRs whose action needs one (sequences, UIDs, dates and times).
 */
export function vrFromName(name: string): string | undefined {
  if (/Sequence\b/.test(name)) return 'SQ';
  if (/\bUID\b/.test(name)) return 'UI';
  if (/DateTime\b/.test(name)) return 'DT';
  if (/\bDate\b/.test(name)) return 'DA';
  if (/\bTime\b/.test(name)) return 'TM';
  return undefined;
}

const TEXT_DUMMY = 'ANONYMIZED';

/**
 * Dummy value of action D for a VR (PS3.5 6.2 formats), as text for string
 * VRs or bytes for binary VRs. `sourceLength` sizes binary dummies (zeros) and
 * the dummy of an unknown VR (text if the source value was printable text).
 */
export function dummyValue(vr: string | undefined, source: Uint8Array): string | Uint8Array {
  switch (vr) {
    case 'DA': return '19000101';
    case 'TM': return '000000';
    case 'DT': return '19000101000000';
    case 'AS': return '000Y';
    case 'DS': case 'IS': return '0';
    case 'AE': case 'CS': case 'LO': case 'LT': case 'PN': case 'SH': case 'ST': case 'UC': case 'UT':
      return TEXT_DUMMY;
    case 'UR': return 'urn:x-anonymized';
    case undefined: case 'UN': {
      let text = source.length > 0;
      for (const b of source) {
        const control = b < 0x20 && b !== 0 && b !== 0x09 && b !== 0x0a && b !== 0x0d;
        if (control || b > 0x7e) text = false;
      }
      if (!text) return new Uint8Array(Math.max(2, source.length + (source.length & 1)));
      return /^[\s\d.+-]*\d[\s\d.+-]*$/.test(String.fromCharCode(...source.subarray(0, 64))) ? '0' : TEXT_DUMMY;
    }
    default: {
      const size = BINARY_SIZE[vr] ?? 2;
      return new Uint8Array(size);
    }
  }
}

/** Size of one value of the binary VRs (PS3.5 Table 6.2-1). */
const BINARY_SIZE: Readonly<Record<string, number>> = {
  AT: 4, FL: 4, FD: 8, OB: 2, OD: 8, OF: 4, OL: 4, OV: 8, OW: 2, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8,
};
