/**
 * Attribute values that may appear in messages: only values from fixed tables
 * of the standard. Free text from a file (Series Description, an unknown Image
 * Type value, a private SOP Class UID) never reaches an error message, an issue
 * or the CLI: it could carry a patient name or a record number (issue 14), so
 * it is replaced by a description of what it is.
 */
import { IMAGE_SOP_CLASSES } from './sop-classes.js';

/**
 * Image Type defined terms (PS3.3 C.7.6.1.1.2 values 1 and 2; C.8.4.8.1.1 NM
 * value 3 and 4; C.8.2.1.1.1 CT value 3; common MR/PET terms, and MOSAIC).
 */
const IMAGE_TYPE_TERMS = new Set([
  'ORIGINAL', 'DERIVED', 'PRIMARY', 'SECONDARY',
  'STATIC', 'DYNAMIC', 'GATED', 'WHOLE BODY', 'TOMO', 'GATED TOMO', 'RECON TOMO', 'RECON GATED TOMO',
  'EMISSION', 'TRANSMISSION',
  'AXIAL', 'LOCALIZER', 'REFERENCE', 'OTHER', 'MOSAIC', 'MPR', 'MIP', 'PROJECTION IMAGE', 'VOLUME', 'NONE',
  'M', 'P', 'R', 'I', 'FFE', 'SE', 'IR', 'DIS2D', 'DIS3D', 'NORM', 'ND', 'CSA RESAMPLED', 'CSA MPR',
]);

/** One Image Type value as it may be shown: the defined term, `(empty)`, or `(unrecognised value)`. */
export function safeImageTypeValue(v: string | undefined): string {
  const t = (v ?? '').toUpperCase().trim();
  if (t === '') return '(empty)';
  return IMAGE_TYPE_TERMS.has(t) ? t : '(unrecognised value)';
}

/** Image Type values joined by backslashes, each through `safeImageTypeValue`. */
export function safeImageType(values: readonly string[]): string {
  return values.map(safeImageTypeValue).join('\\');
}

/** Storage SOP classes that are not images this reader reads, by their standard names (PS3.4 B.5, PS3.6 Annex A). */
const OTHER_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.481.3': 'RT Structure Set',
  '1.2.840.10008.5.1.4.1.1.481.2': 'RT Dose',
  '1.2.840.10008.5.1.4.1.1.481.5': 'RT Plan',
  '1.2.840.10008.5.1.4.1.1.66': 'Raw Data',
  '1.2.840.10008.5.1.4.1.1.66.1': 'Spatial Registration',
  '1.2.840.10008.5.1.4.1.1.66.4': 'Segmentation',
  '1.2.840.10008.5.1.4.1.1.104.1': 'Encapsulated PDF',
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR',
  '1.2.840.10008.5.1.4.1.1.88.59': 'Key Object Selection Document',
  '1.2.840.10008.5.1.4.1.1.11.1': 'Grayscale Softcopy Presentation State',
  '1.2.840.10008.5.1.4.1.1.1': 'Computed Radiography Image',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image - For Presentation',
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image',
  '1.2.840.10008.5.1.4.1.1.3.1': 'Ultrasound Multi-frame Image',
  '1.2.840.10008.5.1.4.1.1.12.1': 'X-Ray Angiographic Image',
  '1.2.840.10008.5.1.4.1.1.77.1.4': 'VL Photographic Image',
  '1.2.840.10008.5.1.4.1.1.9.1.1': '12-lead ECG Waveform',
  '1.2.840.10008.1.3.10': 'Media Storage Directory (DICOMDIR)',
};

/** The standard name of a SOP Class UID, or null when it is not in the fixed tables. */
export function sopClassName(uid: string | null | undefined): string | null {
  if (!uid) return null;
  return IMAGE_SOP_CLASSES[uid] ?? OTHER_SOP_CLASSES[uid] ?? null;
}

/** How a SOP class may be shown in a message: `the <name> SOP Class` or `an unrecognised SOP Class`. */
export function describeSopClass(uid: string | null | undefined): string {
  const n = sopClassName(uid);
  return n ? `the ${n} SOP Class` : 'an unrecognised SOP Class';
}

/** A UID for `details` only when it is a well-formed UID (digits and dots, at most 64 characters), else null. */
export function safeUid(uid: string | null | undefined): string | null {
  return uid && /^[0-9]+(\.[0-9]+)*$/.test(uid) && uid.length <= 64 ? uid : null;
}
