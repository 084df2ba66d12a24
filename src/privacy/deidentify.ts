/**
 * De-identify the attributes of a source study for the library's DICOM writer
 * (PS3.15 Annex E, Basic Application Level Confidentiality Profile with the
 * Retain Patient Characteristics Option, and optionally Retain Longitudinal
 * Temporal Information with Modified Dates). The result never contains a
 * source value of an identifying attribute: names and IDs become the study
 * pseudonym, UIDs keyed hashes, dates empty or shifted.
 */
import { DicomError, ErrorCode } from '../errors.js';
import { patientAgeYears } from '../dicom/metadata.js';
import { pseudonymFor, pseudonymForData, seriesPseudonym } from '../report/pseudonym.js';
import { CONFIDENTIALITY_PROFILE, DEID_CODES } from './profile.js';
import type { AttributeOutcome, DeidentifiedAttributes, DeidentifyOptions, ProfileAction, SourceStudy } from './types.js';
import { hashedUid } from './uid.js';

const MS_PER_DAY = 86_400_000;

/** YYYYMMDD (or YYYY-MM-DD / YYYY.MM.DD) to a UTC day number, or null. */
function dayNumber(date: string): number | null {
  const m = /^(\d{4})[-.]?(\d{2})[-.]?(\d{2})$/.exec(date.trim());
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) ? t / MS_PER_DAY : null;
}

function formatDay(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  if (y < 1 || y > 9999) throw new DicomError(ErrorCode.INVALID_PARAMETER, 'date shift moves the study date outside years 1..9999');
  return String(y).padStart(4, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');
}

function clean(v: string | undefined): string | undefined {
  if (v === undefined) return undefined;
  const t = v.replace(/[\0 ]+$/, '').trim();
  return t.length > 0 ? t : undefined;
}

/**
 * Build the de-identified attribute set of `source` for `writeDeidentifiedNm`.
 * @throws DicomError INVALID_PARAMETER (empty key, non-integer or out-of-range date shift)
 */
export function deidentifyAttributes(source: SourceStudy, options: DeidentifyOptions): DeidentifiedAttributes {
  if (typeof options.key !== 'string' || options.key.length === 0) {
    throw new DicomError(ErrorCode.INVALID_PARAMETER, 'de-identification needs a non-empty key');
  }
  const dates = options.dates ?? { mode: 'remove' as const };
  if (dates.mode === 'shift' && !(Number.isInteger(dates.days) && Math.abs(dates.days) <= 3_650_000)) {
    throw new DicomError(ErrorCode.INVALID_PARAMETER, 'the date shift must be a whole number of days');
  }
  const a = source.attributes ?? {};
  const m = source.metadata;
  const studyUid = clean(a.StudyInstanceUID) ?? m.studyInstanceUid ?? null;
  const sourceSeriesUid = clean(a.SeriesInstanceUID) ?? m.seriesInstanceUid ?? null;
  const pseudonym = studyUid
    ? seriesPseudonym(studyUid, sourceSeriesUid, options.key)
    : source.data
      ? pseudonymForData(source.data, options.key)
      : pseudonymFor('no-study-uid', options.key);
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
  if (dates.mode === 'shift' && sourceDate !== undefined) {
    const day = dayNumber(sourceDate);
    if (day !== null) studyDate = formatDay(day + dates.days);
  }
  const age = m.patientAgeYears ?? patientAgeYears(clean(a.PatientAge), clean(a.PatientBirthDate), sourceDate);
  const sexRaw = m.patientSex ?? clean(a.PatientSex)?.toUpperCase() ?? null;
  const sex = sexRaw === 'M' || sexRaw === 'F' || sexRaw === 'O' ? sexRaw : null;

  const outcomes: AttributeOutcome[] = [];
  const present = (kw: string): boolean =>
    clean(a[kw]) !== undefined ||
    (kw === 'StudyInstanceUID' && studyUid !== null) ||
    (kw === 'SeriesInstanceUID' && m.seriesInstanceUid !== null) ||
    (kw === 'PatientSex' && sex !== null) ||
    (kw === 'PatientAge' && age !== null) ||
    (kw === 'StudyDate' && sourceDate !== undefined);
  for (const p of CONFIDENTIALITY_PROFILE) {
    if (!present(p.keyword)) continue;
    let action: ProfileAction = p.retainPatientCharacteristics ?? p.applied;
    let outcome: AttributeOutcome['outcome'];
    if (p.temporal === 'date' && p.written && studyDate !== '') {
      action = 'C';
      outcome = 'replaced';
    } else if (p.keyword === 'PatientName' || p.keyword === 'PatientID') {
      outcome = 'replaced'; // Z with a dummy value: the pseudonym
    } else {
      outcome = action === 'K' ? 'kept' : action === 'X' ? 'removed' : action === 'Z' ? 'emptied' : 'replaced';
    }
    outcomes.push({ tag: p.tag, keyword: p.keyword, action, outcome });
  }

  const codes: (readonly [string, string, string])[] = [DEID_CODES.basicProfile, DEID_CODES.retainPatientCharacteristics];
  const method = ['PS3.15 E.1 Basic Profile (113100)', 'Retain Patient Characteristics (113108)'];
  if (dates.mode === 'shift' && studyDate !== '') {
    codes.push(DEID_CODES.retainModifiedDates);
    method.push('Modified Dates (113107)');
  } else {
    method.push('dates removed');
  }
  method.push('spect-perfusion 0.1');
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
