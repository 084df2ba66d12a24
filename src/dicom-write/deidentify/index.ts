/** Patient privacy: PS3.15 Annex E de-identification of DICOM objects. Core (no node:*). */
export {
  CONFIDENTIALITY_PROFILE, PROFILE_BY_KEYWORD, PROFILE_BY_TAG, DEID_CODES, BASIC_PROFILE_EDITION,
  RETAINED_PATIENT_CHARACTERISTICS, groupRule, keywordFromName, type ProfileEntry, type GroupRule,
} from './profile.js';
export { BASIC_PROFILE_ROWS } from './basic-profile-table.js';
export { resolveCode, defaultAttributeTypes, type AttributeType, type ResolvedAction } from './resolve.js';
export { deidentifyAttributes, WRITTEN_BY_WRITERS } from './deidentify.js';
export {
  deidentifyDicom, type DeidentifyFileOptions, type DeidentifiedFile, type AuditEntry, type AuditRule,
} from './deidentify-file.js';
export { attributesFromDataSet, deidentifyDataset } from './dataset.js';
export type { DataSetLike } from './dataset.js';
export { hashedUid } from './uid.js';
export type {
  ProfileAction, DateHandling, DeidentifyOptions, SourceStudy, AttributeOutcome, DeidentifiedAttributes,
} from './types.js';
