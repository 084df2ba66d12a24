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
    str(0x00080080, 'LO', f.institutionName),
    str(0x00080081, 'ST', f.institutionAddress),
    str(0x00080090, 'PN', f.referringPhysicianName),
    str(0x00081010, 'SH', f.stationName),
    str(0x00081040, 'LO', f.institutionalDepartmentName),
    str(0x00081048, 'PN', f.physiciansOfRecord),
    str(0x00081050, 'PN', f.performingPhysicianName),
    str(0x00081060, 'PN', f.readingPhysicianName),
    str(0x00081070, 'PN', f.operatorsName),
    str(0x00100021, 'LO', f.issuerOfPatientId),
    str(0x00100032, 'TM', f.patientBirthTime),
    str(0x00101000, 'LO', f.otherPatientIds),
    str(0x00101001, 'PN', f.otherPatientNames),
    str(0x00101005, 'PN', f.patientBirthName),
    str(0x00101040, 'LO', f.patientAddress),
    str(0x00101060, 'PN', f.patientMotherBirthName),
    str(0x00101090, 'LO', f.medicalRecordLocator),
    str(0x00102154, 'SH', f.patientTelephoneNumbers),
    str(0x001021b0, 'LT', f.additionalPatientHistory),
    str(0x00104000, 'LT', f.patientComments),
    str(0x00181000, 'LO', f.deviceSerialNumber),
    str(0x00181030, 'LO', f.protocolName),
    str(0x00204000, 'LT', f.imageComments),
    str(0x00321032, 'PN', f.requestingPhysician),
  ];
}

/** Patient Identity Removed, De-identification Method (+ Code Sequence) and Longitudinal Temporal Information Modified. */
export function deidentificationElements(d: DeidentifiedAttributes): Element[] {
  return [
    str(0x00120062, 'CS', 'YES'),
    str(0x00120063, 'LO', d.method),
    sq(0x00120064, d.codes.map((c) => codeItem(c[0], c[1], c[2]))),
    str(0x00280303, 'CS', d.temporalInformation),
  ];
}

/** `base` with every element whose tag is in `extra` replaced by the one in `extra`. */
export function withOverrides(base: readonly Element[], extra: readonly Element[]): Element[] {
  const tags = new Set(extra.map((x) => x.tag));
  return [...base.filter((x) => !tags.has(x.tag)), ...extra];
}
