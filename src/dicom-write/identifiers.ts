/**
 * Identifying attributes in the writer: realistic FAKE identifiers for tests
 * of de-identification (`identifiers` option), and the attributes of a
 * de-identified object (`deidentified` option: Patient Identity Removed
 * (0012,0062), De-identification Method (0012,0063) and its Code Sequence
 * (0012,0064), PS3.3 C.7.1.1 and PS3.15 E.1.1; Longitudinal Temporal
 * Information Modified (0028,0303), PS3.3 C.12.1).
 */
import type { DeidentifiedAttributes } from './deidentify/types.js';
import { codeItem, sq, str, type Element } from './encoder.js';
import { TRACERS, type DicomWriteOptions, type FakeIdentifiers, type TracerCode } from './types.js';
import { TAG } from '../dicom-base/tags.js';

/**
 * Realistic but invented identifiers, one in every attribute the writer can
 * write (none belongs to a real person or institution). Dates: birth
 * 2022-03-14, study 2025-06-11, so the age at the study is 3 years.
 */
export const FAKE_IDENTIFIERS: FakeIdentifiers = Object.freeze({
  patientName: 'DOE^JANE^Q',
  patientId: 'MRN-4471-9032',
  issuerOfPatientId: 'EXAMPLE-HIS-MRN',
  otherPatientIds: 'NHS-943-476-5919',
  otherPatientNames: 'DOE-SAMPLE^JANIE',
  patientBirthName: 'SAMPLE^JANE',
  patientMotherBirthName: 'SAMPLE^MARYANNE',
  patientBirthDate: '20220314',
  patientBirthTime: '071530',
  patientAddress: '12 Sample Street, Exampletown EX4 7QT',
  patientTelephoneNumbers: '+44-1632-960417',
  patientComments: 'Jane Doe, MRN-4471-9032: opsoclonus since May; mother Maryanne Sample',
  medicalRecordLocator: 'RECORDS-SHELF-77B',
  accessionNumber: 'ACC-7730021',
  institutionName: "St Example Children's Hospital",
  institutionAddress: '1 Hospital Road, Exampletown EX1 2AB',
  institutionalDepartmentName: 'Exampletown Nuclear Medicine',
  referringPhysicianName: 'HOUSEMAN^GREGORIA^DR',
  performingPhysicianName: 'QUINCEY^MICHAELA',
  physiciansOfRecord: 'GREYSTOKE^MEREDITH',
  readingPhysicianName: 'WATTERSON^JOHANNA',
  requestingPhysician: 'STRANGEWAYS^STEPHAN',
  operatorsName: 'TECHWORTH^TERRENCE',
  stationName: 'NMWS-EXROOM7',
  deviceSerialNumber: 'SN-88213-XB77',
  studyId: 'STUDY-5521',
  studyDescription: 'Brain perfusion SPECT for DOE^JANE',
  seriesDescription: 'HMPAO recon Jane Doe MRN-4471-9032',
  protocolName: 'Paediatric brain HMPAO (Doe)',
  imageComments: 'Patient DOE^JANE sedated by Dr Quincey',
  additionalPatientHistory: 'Jane Doe: neuroblastoma work-up, see MRN-4471-9032',
  studyDate: '20250611',
  studyTime: '093012',
  studyInstanceUid: '1.2.826.0.1.3680043.10.4471.9032.1',
  seriesInstanceUid: '1.2.826.0.1.3680043.10.4471.9032.2',
  sopInstanceUid: '1.2.826.0.1.3680043.10.4471.9032.3',
  frameOfReferenceUid: '1.2.826.0.1.3680043.10.4471.9032.4',
});

const TRACER_CODES = new Set<string>(Object.keys(TRACERS));

/**
 * Fold `identifiers` or `deidentified` into the plain patient/study options,
 * so that the module builders see one set of values. `deidentified` wins.
 */
export function effectiveOptions<T extends DicomWriteOptions>(o: T): T {
  const d = o.deidentified;
  if (d) {
    const tracer = d.tracerCode !== null && TRACER_CODES.has(d.tracerCode) ? (d.tracerCode as TracerCode) : undefined;
    return {
      ...o,
      identifiers: undefined,
      patient: {
        name: d.patientName,
        id: d.patientId,
        birthDate: '',
        ...(d.patientSex ? { sex: d.patientSex } : {}),
        ...(d.patientAgeYears !== null && d.patientAgeYears >= 0 && d.patientAgeYears <= 999 ? { age: d.patientAgeYears } : {}),
      },
      study: { date: d.studyDate, time: d.studyTime, id: '', accessionNumber: '', uids: d.uids },
      seriesDescription: undefined,
      ...(o.radiopharmaceutical === undefined && tracer ? { radiopharmaceutical: { code: tracer } } : {}),
      ...(o.manufacturer === undefined && d.manufacturer ? { manufacturer: d.manufacturer.slice(0, 64) } : {}),
      ...(o.manufacturerModel === undefined && d.manufacturerModel ? { manufacturerModel: d.manufacturerModel.slice(0, 64) } : {}),
    };
  }
  const f = o.identifiers;
  if (!f) return o;
  return {
    ...o,
    patient: { ...o.patient, name: f.patientName, id: f.patientId, birthDate: f.patientBirthDate },
    study: {
      ...o.study,
      date: f.studyDate,
      time: f.studyTime,
      description: f.studyDescription,
      id: f.studyId,
      accessionNumber: f.accessionNumber,
      uids: { study: f.studyInstanceUid, series: f.seriesInstanceUid, frameOfReference: f.frameOfReferenceUid, sopInstance: f.sopInstanceUid },
    },
    seriesDescription: f.seriesDescription,
  };
}

/** The identifying attributes not covered by the patient/study options (PS3.3 C.7.1.1, C.7.2.1, C.7.3.1, C.7.5.1, C.7.6.1). */
export function identifierElements(f: FakeIdentifiers): Element[] {
  return [
    str(TAG.InstitutionName, 'LO', f.institutionName),
    str(TAG.InstitutionAddress, 'ST', f.institutionAddress),
    str(TAG.ReferringPhysicianName, 'PN', f.referringPhysicianName),
    str(TAG.StationName, 'SH', f.stationName),
    str(TAG.InstitutionalDepartmentName, 'LO', f.institutionalDepartmentName),
    str(TAG.PhysiciansOfRecord, 'PN', f.physiciansOfRecord),
    str(TAG.PerformingPhysicianName, 'PN', f.performingPhysicianName),
    str(TAG.NameOfPhysiciansReadingStudy, 'PN', f.readingPhysicianName),
    str(TAG.OperatorsName, 'PN', f.operatorsName),
    str(TAG.IssuerOfPatientID, 'LO', f.issuerOfPatientId),
    str(TAG.PatientBirthTime, 'TM', f.patientBirthTime),
    str(TAG.OtherPatientIDs, 'LO', f.otherPatientIds),
    str(TAG.OtherPatientNames, 'PN', f.otherPatientNames),
    str(TAG.PatientBirthName, 'PN', f.patientBirthName),
    str(TAG.PatientAddress, 'LO', f.patientAddress),
    str(TAG.PatientMotherBirthName, 'PN', f.patientMotherBirthName),
    str(TAG.MedicalRecordLocator, 'LO', f.medicalRecordLocator),
    str(TAG.PatientTelephoneNumbers, 'SH', f.patientTelephoneNumbers),
    str(TAG.AdditionalPatientHistory, 'LT', f.additionalPatientHistory),
    str(TAG.PatientComments, 'LT', f.patientComments),
    str(TAG.DeviceSerialNumber, 'LO', f.deviceSerialNumber),
    str(TAG.ProtocolName, 'LO', f.protocolName),
    str(TAG.ImageComments, 'LT', f.imageComments),
    str(TAG.RequestingPhysician, 'PN', f.requestingPhysician),
  ];
}

/** Patient Identity Removed, De-identification Method (+ Code Sequence) and Longitudinal Temporal Information Modified. */
export function deidentificationElements(d: DeidentifiedAttributes): Element[] {
  return [
    str(TAG.PatientIdentityRemoved, 'CS', 'YES'),
    str(TAG.DeidentificationMethod, 'LO', d.method),
    sq(TAG.DeidentificationMethodCodeSequence, d.codes.map((c) => codeItem(c[0], c[1], c[2]))),
    str(TAG.LongitudinalTemporalInformationModified, 'CS', d.temporalInformation),
  ];
}

/** `base` with every element whose tag is in `extra` replaced by the one in `extra`. */
export function withOverrides(base: readonly Element[], extra: readonly Element[]): Element[] {
  const tags = new Set(extra.map((x) => x.tag));
  return [...base.filter((x) => !tags.has(x.tag)), ...extra];
}
