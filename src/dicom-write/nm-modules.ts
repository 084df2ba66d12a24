/**
 * Modules shared by the NM and PET writers (PS3.3 A.5 NM Image IOD, A.21 PET
 * Image IOD): Patient (C.7.1.1), General Study (C.7.2.1), Patient Study
 * (C.7.2.2), General Series (C.7.3.1), NM/PET Patient Orientation (C.8.4.6),
 * Frame of Reference (C.7.4.1), General Equipment (C.7.5.1), SOP Common
 * (C.12.1), and the Radiopharmaceutical Information Sequence (C.8.4.10).
 */
import { codeItem, ds, is, sq, str, us, type Element } from './encoder.js';
import { deidentificationElements, identifierElements, withOverrides } from './identifiers.js';
import { TRACERS, type DicomWriteOptions, type NmStyle } from './types.js';
import { TAG } from '../dicom-base/tags.js';

export interface CommonUids {
  readonly study: string;
  readonly series: string;
  readonly frameOfReference: string;
}

const DEFAULT_MANUFACTURER: Readonly<Record<NmStyle | 'series', string>> = {
  ge: 'GE MEDICAL SYSTEMS',
  siemens: 'SIEMENS NM',
  hermes: 'HERMES MEDICAL SOLUTIONS',
  series: 'SPECT-PERFUSION SIMULATOR',
};

/** Patient's Age (AS, PS3.5 6.2): nnnY, or nnnM below 2 years. */
export function formatAge(years: number): string {
  if (!(years >= 0) || years > 999) throw new RangeError(`age ${years} out of range`);
  if (years < 2) return String(Math.floor(years * 12)).padStart(3, '0') + 'M';
  return String(Math.floor(years)).padStart(3, '0') + 'Y';
}

/** Patient, study, series, orientation, frame of reference and equipment attributes. */
export function commonModules(options: DicomWriteOptions, style: NmStyle | 'series', modality: 'NM' | 'PT', uids: CommonUids): Element[] {
  const p = options.patient ?? {};
  const s = options.study ?? {};
  const date = s.date ?? '20260101';
  const time = s.time ?? '120000';
  const el: Element[] = [
    // Patient (C.7.1.1), type 2 attributes always present
    str(TAG.PatientName, 'PN', p.name ?? 'SIMULATED^SUBJECT'),
    str(TAG.PatientID, 'LO', p.id ?? 'SIM0001'),
    str(TAG.PatientBirthDate, 'DA', p.birthDate ?? ''),
    str(TAG.PatientSex, 'CS', p.sex ?? ''),
    // General Study (C.7.2.1)
    str(TAG.StudyInstanceUID, 'UI', uids.study),
    str(TAG.StudyDate, 'DA', date),
    str(TAG.StudyTime, 'TM', time),
    str(TAG.ReferringPhysicianName, 'PN', ''),
    str(TAG.StudyID, 'SH', s.id ?? '1'),
    str(TAG.AccessionNumber, 'SH', s.accessionNumber ?? ''),
    // General Series (C.7.3.1)
    str(TAG.Modality, 'CS', modality),
    str(TAG.SeriesInstanceUID, 'UI', uids.series),
    is(TAG.SeriesNumber, options.seriesNumber ?? 1),
    str(TAG.BodyPartExamined, 'CS', 'HEAD'),
    // NM/PET Patient Orientation (C.8.4.6): type 2, written empty (orientation is in IOP)
    sq(TAG.PatientOrientationCodeSequence, []),
    sq(TAG.PatientGantryRelationshipCodeSequence, []),
    // Frame of Reference (C.7.4.1)
    str(TAG.FrameOfReferenceUID, 'UI', uids.frameOfReference),
    str(TAG.PositionReferenceIndicator, 'LO', ''),
    // General Equipment (C.7.5.1)
    str(TAG.Manufacturer, 'LO', options.manufacturer ?? DEFAULT_MANUFACTURER[style]),
    str(TAG.SoftwareVersions, 'LO', 'spect-perfusion 0.1'),
    // General Acquisition / General Image dates
    str(TAG.AcquisitionDate, 'DA', date),
    str(TAG.AcquisitionTime, 'TM', time),
    str(TAG.ContentDate, 'DA', date),
    str(TAG.ContentTime, 'TM', time),
  ];
  // Series Date/Time are type 3 (C.7.3.1): left out when empty (PS3.15 E.1-1 action X/D)
  if (date !== '') el.push(str(TAG.SeriesDate, 'DA', date));
  if (time !== '') el.push(str(TAG.SeriesTime, 'TM', time));
  if (s.description !== undefined) el.push(str(TAG.StudyDescription, 'LO', s.description));
  if (options.seriesDescription !== undefined) el.push(str(TAG.SeriesDescription, 'LO', options.seriesDescription));
  if (options.manufacturerModel !== undefined) el.push(str(TAG.ManufacturerModelName, 'LO', options.manufacturerModel));
  if (p.age !== undefined) el.push(str(TAG.PatientAge, 'AS', formatAge(p.age))); // Patient Study (C.7.2.2)
  // Callers pass options through effectiveOptions (identifiers.ts) first; these add the rest.
  if (options.deidentified) return withOverrides(el, deidentificationElements(options.deidentified));
  if (options.identifiers) return withOverrides(el, identifierElements(options.identifiers));
  return el;
}

/** Radiopharmaceutical Information Sequence (0054,0016) items (C.8.4.10 / C.8.9.2). */
export function radiopharmaceuticalSequence(options: DicomWriteOptions): Element {
  const r = options.radiopharmaceutical;
  if (!r) return sq(TAG.RadiopharmaceuticalInformationSequence, []);
  const t = TRACERS[r.code];
  const item: Element[] = [
    str(TAG.Radiopharmaceutical, 'LO', r.name ?? t.name),
    sq(TAG.RadionuclideCodeSequence, [codeItem(t.nuclideCode[0], t.nuclideCode[1], r.nuclide ?? t.nuclideCode[2])]),
    str(TAG.RadiopharmaceuticalRoute, 'LO', 'Intravenous'),
  ];
  if (t.agentCode) item.push(sq(TAG.RadiopharmaceuticalCodeSequence, [codeItem(t.agentCode[0], t.agentCode[1], t.agentCode[2])]));
  if (r.doseMBq !== undefined) item.push(ds(TAG.RadionuclideTotalDose, r.doseMBq));
  return sq(TAG.RadiopharmaceuticalInformationSequence, [item]);
}

/** SOP Common (C.12.1). */
export function sopCommon(sopClassUid: string, sopInstanceUid: string, date: string, time: string): Element[] {
  const el = [str(TAG.SOPClassUID, 'UI', sopClassUid), str(TAG.SOPInstanceUID, 'UI', sopInstanceUid)];
  // Instance Creation Date/Time are type 3: left out when empty (PS3.15 E.1-1 action X/D, X/Z/D)
  if (date !== '') el.push(str(TAG.InstanceCreationDate, 'DA', date));
  if (time !== '') el.push(str(TAG.InstanceCreationTime, 'TM', time));
  return el;
}

/** Image Pixel module (C.7.6.3) of the 16-bit greyscale images the writers make, without Pixel Representation. */
export function imagePixel16(nx: number, ny: number, pixelSpacing: readonly number[]): Element[] {
  return [
    us(TAG.SamplesPerPixel, 1),
    str(TAG.PhotometricInterpretation, 'CS', 'MONOCHROME2'),
    us(TAG.Rows, ny),
    us(TAG.Columns, nx),
    ds(TAG.PixelSpacing, pixelSpacing),
    us(TAG.BitsAllocated, 16),
    us(TAG.BitsStored, 16),
    us(TAG.HighBit, 15),
  ];
}
