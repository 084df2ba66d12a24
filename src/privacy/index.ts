/** Patient privacy: PS3.15 Annex E de-identification of the DICOM the library writes. Core (no node:*). */
export { CONFIDENTIALITY_PROFILE, PROFILE_BY_KEYWORD, DEID_CODES, type ProfileEntry } from './profile.js';
export { deidentifyAttributes } from './deidentify.js';
export { attributesFromDataSet, deidentifyDataset } from './dataset.js';
export { hashedUid } from './uid.js';
export type {
  ProfileAction, DateHandling, DeidentifyOptions, SourceStudy, AttributeOutcome, DeidentifiedAttributes,
} from './types.js';
