/**
 * The attributes of DICOM PS3.15 Table E.1-1 ("Application Level
 * Confidentiality Profile Attributes") that this library may meet in a
 * brain SPECT study or writes itself, with the Basic Profile action code as
 * the standard lists it and the action this library applies.
 *
 * Codes (PS3.15 E.1.1): D replace with a dummy value, Z zero length (or a
 * dummy value), X remove, K keep, C clean, U replace by a consistent UID.
 * Compound codes (X/Z, X/D, Z/D, X/Z/D) depend on the IOD's attribute type;
 * the library applies Z to attributes the NM Image IOD makes type 2 (they
 * must be present) and X to the others. Options (PS3.15 E.3):
 * - Retain Patient Characteristics (113108, E.3.7): sex, age, size, weight,
 *   ethnic group kept (K) because the analysis needs age and sex.
 * - Retain Longitudinal Temporal Information with Modified Dates (113107,
 *   E.3.6): dates shifted by a fixed number of days when the caller asks;
 *   otherwise dates are emptied (Z) or removed (X).
 * Private attributes are removed (E.1-1 note on private attributes; E.3.10
 * not applied): the writer never writes any.
 */
import type { ProfileAction } from './types.js';

export interface ProfileEntry {
  readonly tag: number;
  readonly keyword: string;
  readonly name: string;
  readonly vr: string;
  /** The Basic Profile code exactly as in PS3.15 Table E.1-1. */
  readonly basic: string;
  /** What this library does with the Basic Profile alone. */
  readonly applied: ProfileAction;
  /** Action under Retain Patient Characteristics (113108), when it changes. */
  readonly retainPatientCharacteristics?: ProfileAction;
  /** A date or time: shifted under Modified Dates (113107). */
  readonly temporal?: 'date' | 'time' | 'datetime';
  /** True when the library's NM writer writes this attribute. */
  readonly written: boolean;
}

const e = (
  tag: number, keyword: string, name: string, vr: string, basic: string, applied: ProfileAction,
  more: Partial<Pick<ProfileEntry, 'retainPatientCharacteristics' | 'temporal' | 'written'>> = {},
): ProfileEntry => ({ tag, keyword, name, vr, basic, applied, written: more.written ?? false, ...more });

/** PS3.15 Table E.1-1 rows relevant to this library (tag order). */
export const CONFIDENTIALITY_PROFILE: readonly ProfileEntry[] = [
  e(0x00020003, 'MediaStorageSOPInstanceUID', 'Media Storage SOP Instance UID', 'UI', 'U', 'U', { written: true }),
  e(0x00080012, 'InstanceCreationDate', 'Instance Creation Date', 'DA', 'X/D', 'X', { temporal: 'date', written: true }),
  e(0x00080013, 'InstanceCreationTime', 'Instance Creation Time', 'TM', 'X/Z/D', 'X', { temporal: 'time', written: true }),
  e(0x00080018, 'SOPInstanceUID', 'SOP Instance UID', 'UI', 'U', 'U', { written: true }),
  e(0x00080020, 'StudyDate', 'Study Date', 'DA', 'Z', 'Z', { temporal: 'date', written: true }),
  e(0x00080021, 'SeriesDate', 'Series Date', 'DA', 'X/D', 'X', { temporal: 'date', written: true }),
  e(0x00080022, 'AcquisitionDate', 'Acquisition Date', 'DA', 'X/Z', 'Z', { temporal: 'date', written: true }),
  e(0x00080023, 'ContentDate', 'Content Date', 'DA', 'Z/D', 'Z', { temporal: 'date', written: true }),
  e(0x0008002a, 'AcquisitionDateTime', 'Acquisition DateTime', 'DT', 'X/Z/D', 'X', { temporal: 'datetime' }),
  e(0x00080030, 'StudyTime', 'Study Time', 'TM', 'Z', 'Z', { temporal: 'time', written: true }),
  e(0x00080031, 'SeriesTime', 'Series Time', 'TM', 'X/D', 'X', { temporal: 'time', written: true }),
  e(0x00080032, 'AcquisitionTime', 'Acquisition Time', 'TM', 'X/Z', 'Z', { temporal: 'time', written: true }),
  e(0x00080033, 'ContentTime', 'Content Time', 'TM', 'Z/D', 'Z', { temporal: 'time', written: true }),
  e(0x00080050, 'AccessionNumber', 'Accession Number', 'SH', 'Z', 'Z', { written: true }),
  e(0x00080080, 'InstitutionName', 'Institution Name', 'LO', 'X/Z/D', 'X'),
  e(0x00080081, 'InstitutionAddress', 'Institution Address', 'ST', 'X', 'X'),
  e(0x00080090, 'ReferringPhysicianName', "Referring Physician's Name", 'PN', 'Z', 'Z', { written: true }),
  e(0x00080201, 'TimezoneOffsetFromUTC', 'Timezone Offset From UTC', 'SH', 'X', 'X'),
  e(0x00081010, 'StationName', 'Station Name', 'SH', 'X/Z/D', 'X'),
  e(0x00081030, 'StudyDescription', 'Study Description', 'LO', 'X', 'X'),
  e(0x0008103e, 'SeriesDescription', 'Series Description', 'LO', 'X', 'X'),
  e(0x00081040, 'InstitutionalDepartmentName', 'Institutional Department Name', 'LO', 'X', 'X'),
  e(0x00081048, 'PhysiciansOfRecord', 'Physician(s) of Record', 'PN', 'X', 'X'),
  e(0x00081050, 'PerformingPhysicianName', "Performing Physician's Name", 'PN', 'X', 'X'),
  e(0x00081060, 'NameOfPhysiciansReadingStudy', 'Name of Physician(s) Reading Study', 'PN', 'X', 'X'),
  e(0x00081070, 'OperatorsName', "Operators' Name", 'PN', 'X/Z/D', 'X'),
  e(0x00081080, 'AdmittingDiagnosesDescription', 'Admitting Diagnoses Description', 'LO', 'X', 'X'),
  e(0x00081155, 'ReferencedSOPInstanceUID', 'Referenced SOP Instance UID', 'UI', 'U', 'X'),
  e(0x00082111, 'DerivationDescription', 'Derivation Description', 'ST', 'X', 'X'),
  e(0x00083010, 'IrradiationEventUID', 'Irradiation Event UID', 'UI', 'U', 'X'),
  e(0x00100010, 'PatientName', "Patient's Name", 'PN', 'Z', 'Z', { written: true }),
  e(0x00100020, 'PatientID', 'Patient ID', 'LO', 'Z', 'Z', { written: true }),
  e(0x00100021, 'IssuerOfPatientID', 'Issuer of Patient ID', 'LO', 'X', 'X'),
  e(0x00100030, 'PatientBirthDate', "Patient's Birth Date", 'DA', 'Z', 'Z', { written: true }),
  e(0x00100032, 'PatientBirthTime', "Patient's Birth Time", 'TM', 'X', 'X'),
  e(0x00100040, 'PatientSex', "Patient's Sex", 'CS', 'Z', 'Z', { retainPatientCharacteristics: 'K', written: true }),
  e(0x00101000, 'OtherPatientIDs', 'Other Patient IDs', 'LO', 'X', 'X'),
  e(0x00101001, 'OtherPatientNames', 'Other Patient Names', 'PN', 'X', 'X'),
  e(0x00101002, 'OtherPatientIDsSequence', 'Other Patient IDs Sequence', 'SQ', 'X', 'X'),
  e(0x00101005, 'PatientBirthName', "Patient's Birth Name", 'PN', 'X', 'X'),
  e(0x00101010, 'PatientAge', "Patient's Age", 'AS', 'X', 'X', { retainPatientCharacteristics: 'K', written: true }),
  e(0x00101020, 'PatientSize', "Patient's Size", 'DS', 'X', 'X', { retainPatientCharacteristics: 'K' }),
  e(0x00101030, 'PatientWeight', "Patient's Weight", 'DS', 'X', 'X', { retainPatientCharacteristics: 'K' }),
  e(0x00101040, 'PatientAddress', "Patient's Address", 'LO', 'X', 'X'),
  e(0x00101060, 'PatientMotherBirthName', "Patient's Mother's Birth Name", 'PN', 'X', 'X'),
  e(0x00101090, 'MedicalRecordLocator', 'Medical Record Locator', 'LO', 'X', 'X'),
  e(0x00102154, 'PatientTelephoneNumbers', "Patient's Telephone Numbers", 'SH', 'X', 'X'),
  e(0x00102160, 'EthnicGroup', 'Ethnic Group', 'SH', 'X', 'X', { retainPatientCharacteristics: 'K' }),
  e(0x00102180, 'Occupation', 'Occupation', 'SH', 'X', 'X'),
  e(0x001021b0, 'AdditionalPatientHistory', 'Additional Patient History', 'LT', 'X', 'X'),
  e(0x00104000, 'PatientComments', 'Patient Comments', 'LT', 'X', 'X'),
  e(0x00181000, 'DeviceSerialNumber', 'Device Serial Number', 'LO', 'X/Z/D', 'X'),
  e(0x00181002, 'DeviceUID', 'Device UID', 'UI', 'U', 'X'),
  e(0x00181030, 'ProtocolName', 'Protocol Name', 'LO', 'X/D', 'X'),
  e(0x00181072, 'RadiopharmaceuticalStartTime', 'Radiopharmaceutical Start Time', 'TM', 'X', 'X'),
  e(0x00181078, 'RadiopharmaceuticalStartDateTime', 'Radiopharmaceutical Start DateTime', 'DT', 'X', 'X'),
  e(0x0020000d, 'StudyInstanceUID', 'Study Instance UID', 'UI', 'U', 'U', { written: true }),
  e(0x0020000e, 'SeriesInstanceUID', 'Series Instance UID', 'UI', 'U', 'U', { written: true }),
  e(0x00200010, 'StudyID', 'Study ID', 'SH', 'Z', 'Z', { written: true }),
  e(0x00200052, 'FrameOfReferenceUID', 'Frame of Reference UID', 'UI', 'U', 'U', { written: true }),
  e(0x00200200, 'SynchronizationFrameOfReferenceUID', 'Synchronization Frame of Reference UID', 'UI', 'U', 'X'),
  e(0x00204000, 'ImageComments', 'Image Comments', 'LT', 'X', 'X'),
  e(0x00321032, 'RequestingPhysician', 'Requesting Physician', 'PN', 'X', 'X'),
  e(0x00321060, 'RequestedProcedureDescription', 'Requested Procedure Description', 'LO', 'X/Z', 'X'),
  e(0x00380010, 'AdmissionID', 'Admission ID', 'LO', 'X', 'X'),
  e(0x00400244, 'PerformedProcedureStepStartDate', 'Performed Procedure Step Start Date', 'DA', 'X', 'X'),
  e(0x00400245, 'PerformedProcedureStepStartTime', 'Performed Procedure Step Start Time', 'TM', 'X', 'X'),
  e(0x00400253, 'PerformedProcedureStepID', 'Performed Procedure Step ID', 'SH', 'X', 'X'),
  e(0x00400254, 'PerformedProcedureStepDescription', 'Performed Procedure Step Description', 'LO', 'X', 'X'),
  e(0x00401001, 'RequestedProcedureID', 'Requested Procedure ID', 'SH', 'X', 'X'),
  e(0x0040a124, 'UID', 'UID', 'UI', 'U', 'X'),
  e(0x00700084, 'ContentCreatorName', "Content Creator's Name", 'PN', 'Z', 'X'),
];

/** Entry by keyword. */
export const PROFILE_BY_KEYWORD: ReadonlyMap<string, ProfileEntry> = new Map(CONFIDENTIALITY_PROFILE.map((p) => [p.keyword, p]));

/**
 * De-identification method codes (PS3.16 CID 7050 "De-identification Method",
 * scheme DCM) used in (0012,0064).
 */
export const DEID_CODES = {
  basicProfile: ['113100', 'DCM', 'Basic Application Confidentiality Profile'],
  retainModifiedDates: ['113107', 'DCM', 'Retain Longitudinal Temporal Information Modified Dates Option'],
  retainPatientCharacteristics: ['113108', 'DCM', 'Retain Patient Characteristics Option'],
} as const satisfies Record<string, readonly [string, string, string]>;
