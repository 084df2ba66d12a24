/**
 * De-identify the attributes of a source study for the library's DICOM writer
 * (PS3.15 Annex E, Basic Application Level Confidentiality Profile with the
 * Retain Patient Characteristics Option, and optionally Retain Longitudinal
 * Temporal Information with Modified Dates). The result never contains a
 * source value of an identifying attribute: names and IDs become the study
 * pseudonym, UIDs keyed hashes, dates empty or shifted.
 */
import { patientAgeYears } from '../../dicom/metadata.js';
import { checkedShift, methodOf, studyPseudonym } from './common.js';
import { CONFIDENTIALITY_PROFILE } from './profile.js';
import type { AttributeOutcome, DeidentifiedAttributes, DeidentifyOptions, ProfileAction, SourceStudy } from './types.js';
import { hashedUid } from './uid.js';
import { dayNumber, formatDay } from './dates.js';
import { TAG } from '../../dicom-base/tags.js';

/**
 * The Table E.1-1 attributes that the library's writers (nm-multiframe.ts,
 * single-frame.ts with the `deidentified` option) write, and the action they
 * apply; `date`: shifted (C) under Modified Dates. No other row of the table is
 * ever written by them.
 */
const WRITTEN: ReadonlyMap<number, { readonly applied: ProfileAction; readonly date?: true }> = new Map([
  [TAG.MediaStorageSOPInstanceUID, { applied: 'U' }], // Media Storage SOP Instance UID
  [TAG.InstanceCreationDate, { applied: 'X', date: true }], // Instance Creation Date (written only when shifted)
  [TAG.InstanceCreationTime, { applied: 'X' }], // Instance Creation Time
  [TAG.SOPInstanceUID, { applied: 'U' }], // SOP Instance UID
  [TAG.StudyDate, { applied: 'Z', date: true }], // Study Date
  [TAG.SeriesDate, { applied: 'X', date: true }], // Series Date (written only when shifted)
  [TAG.AcquisitionDate, { applied: 'Z', date: true }], // Acquisition Date
  [TAG.ContentDate, { applied: 'Z', date: true }], // Content Date
  [TAG.StudyTime, { applied: 'Z' }], // Study Time
  [TAG.SeriesTime, { applied: 'X' }], // Series Time
  [TAG.AcquisitionTime, { applied: 'Z' }], // Acquisition Time
  [TAG.ContentTime, { applied: 'Z' }], // Content Time
  [TAG.AccessionNumber, { applied: 'Z' }], // Accession Number
  [TAG.ReferringPhysicianName, { applied: 'Z' }], // Referring Physician's Name
  [TAG.PatientName, { applied: 'Z' }], // Patient's Name (dummy: pseudonym)
  [TAG.PatientID, { applied: 'Z' }], // Patient ID (dummy: pseudonym)
  [TAG.PatientBirthDate, { applied: 'Z' }], // Patient's Birth Date
  [TAG.PatientSex, { applied: 'K' }], // Patient's Sex (113108)
  [TAG.PatientAge, { applied: 'K' }], // Patient's Age (113108)
  [TAG.StudyInstanceUID, { applied: 'U' }], // Study Instance UID
  [TAG.SeriesInstanceUID, { applied: 'U' }], // Series Instance UID
  [TAG.StudyID, { applied: 'Z' }], // Study ID
  [TAG.FrameOfReferenceUID, { applied: 'U' }], // Frame of Reference UID
]);

/** Tags of the Table E.1-1 attributes the library's writers write (see WRITTEN). */
export const WRITTEN_BY_WRITERS: ReadonlySet<number> = new Set(WRITTEN.keys());

function clean(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.replace(/[\0 ]+$/, '').trim();
  return t.length > 0 ? t : undefined;
}

/** What happened to each Table E.1-1 attribute the source has (`present`), as the writers write the set. */
function profileOutcomes(present: (keyword: string) => boolean, datesShifted: boolean): AttributeOutcome[] {
  const outcomes: AttributeOutcome[] = [];
  for (const p of CONFIDENTIALITY_PROFILE) {
    if (!present(p.keyword)) continue;
    const w = WRITTEN.get(p.tag);
    let action: ProfileAction;
    let outcome: AttributeOutcome['outcome'];
    if (!w) {
      // The library's writers write only the WRITTEN attributes: everything else of the table is absent.
      action = 'X';
      outcome = 'removed';
    } else if (w.date && datesShifted) {
      action = 'C';
      outcome = 'replaced';
    } else if (p.keyword === 'PatientName' || p.keyword === 'PatientID') {
      action = 'Z';
      outcome = 'replaced'; // Z with a dummy value: the pseudonym
    } else {
      action = w.applied;
      outcome = action === 'K' ? 'kept' : action === 'X' ? 'removed' : action === 'Z' ? 'emptied' : 'replaced';
    }
    outcomes.push({ tag: p.tag, keyword: p.keyword, action, outcome });
  }
  return outcomes;
}

/**
 * Build the de-identified attribute set of `source` for `writeDeidentifiedNm`.
 * @throws DicomError INVALID_PARAMETER (empty key, non-integer or out-of-range date shift)
 */
export function deidentifyAttributes(source: SourceStudy, options: DeidentifyOptions): DeidentifiedAttributes {
  const shift = checkedShift(options);
  const a = source.attributes ?? {};
  const m = source.metadata;
  const studyUid = clean(a.StudyInstanceUID) ?? m.studyInstanceUid ?? null;
  const sourceSeriesUid = clean(a.SeriesInstanceUID) ?? m.seriesInstanceUid ?? null;
  const pseudonym = studyPseudonym(studyUid, sourceSeriesUid, source.data, options.key);
  const seriesUid = sourceSeriesUid ?? `${pseudonym}/series`;
  const forUid = clean(a.FrameOfReferenceUID) ?? `${studyUid ?? pseudonym}/frame-of-reference`;
  const sopUid = clean(a.SOPInstanceUID) ?? `${seriesUid}/derived-instance`;
  const uids = {
    study: hashedUid(studyUid ?? `${pseudonym}/study`, options.key),
    series: hashedUid(seriesUid, options.key),
    frameOfReference: hashedUid(forUid, options.key),
    sopInstance: hashedUid(sopUid, options.key),
  };

  const sourceDate = clean(a.StudyDate) ?? clean(a.AcquisitionDate) ?? m.acquisitionDate ?? undefined;
  let studyDate = '';
  // Times of day are always emptied (Z): with shifted dates they would still narrow down the visit.
  const studyTime = '';
  if (shift !== null && sourceDate !== undefined) {
    const day = dayNumber(sourceDate);
    if (day !== null) studyDate = formatDay(day + shift);
  }
  const age = m.patientAgeYears ?? patientAgeYears(clean(a.PatientAge), clean(a.PatientBirthDate), sourceDate);
  const sexRaw = m.patientSex ?? clean(a.PatientSex)?.toUpperCase() ?? null;
  const sex = sexRaw === 'M' || sexRaw === 'F' || sexRaw === 'O' ? sexRaw : null;

  // With the file's attributes, an attribute is a source attribute only when the file has it (Study and
  // Series UIDs may also come from the metadata); with metadata alone, when the metadata has a value.
  const fromMetadata = source.attributes === undefined;
  const present = (kw: string): boolean => {
    if (clean(a[kw]) !== undefined) return true;
    if (kw === 'StudyInstanceUID') return studyUid !== null;
    if (kw === 'SeriesInstanceUID') return m.seriesInstanceUid !== null;
    if (!fromMetadata) return false;
    return (kw === 'PatientSex' && sex !== null) || (kw === 'PatientAge' && age !== null) || (kw === 'StudyDate' && sourceDate !== undefined);
  };
  const outcomes = profileOutcomes(present, studyDate !== '');

  const { codes, method } = methodOf(shift !== null && studyDate !== '');
  return {
    pseudonym,
    patientName: pseudonym,
    patientId: pseudonym,
    patientSex: sex,
    patientAgeYears: age,
    uids,
    studyDate,
    studyTime,
    temporalInformation: studyDate !== '' ? 'MODIFIED' : 'REMOVED',
    method,
    codes,
    manufacturer: m.manufacturer ?? clean(a.Manufacturer) ?? null,
    manufacturerModel: m.manufacturerModel ?? clean(a.ManufacturerModelName) ?? null,
    tracerCode: m.radiopharmaceutical?.code ?? null,
    outcomes,
  };
}
