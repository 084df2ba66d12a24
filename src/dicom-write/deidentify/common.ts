/**
 * What both de-identification paths share: the attribute set for the library's writers
 * (deidentify.ts) and the de-identified copy of a source file (deidentify-file.ts).
 */
import { DicomError, ErrorCode } from '../../errors.js';
import { pseudonymFor, pseudonymForData, seriesPseudonym } from '../../hash/pseudonym.js';
import { DEID_CODES } from './profile.js';
import type { DeidentifyOptions } from './types.js';

/**
 * The date shift in whole days, or null when dates are removed.
 * @throws DicomError INVALID_PARAMETER (empty key, non-integer or out-of-range date shift)
 */
export function checkedShift(options: DeidentifyOptions): number | null {
  if (typeof options.key !== 'string' || options.key.length === 0) {
    throw new DicomError(ErrorCode.INVALID_PARAMETER, 'de-identification needs a non-empty key');
  }
  const dates = options.dates ?? { mode: 'remove' as const };
  if (dates.mode === 'shift' && !(Number.isInteger(dates.days) && Math.abs(dates.days) <= 3_650_000)) {
    throw new DicomError(ErrorCode.INVALID_PARAMETER, 'the date shift must be a whole number of days');
  }
  return dates.mode === 'shift' ? dates.days : null;
}

/** The study pseudonym, as the report names the study: of its Study and Series UIDs, else of its voxels. */
export function studyPseudonym(studyUid: string | null, seriesUid: string | null, data: Float32Array | undefined, key: string): string {
  if (studyUid) return seriesPseudonym(studyUid, seriesUid, key);
  return data ? pseudonymForData(data, key) : pseudonymFor('no-study-uid', key);
}

/** De-identification Method Code Sequence (0012,0064) codes and De-identification Method (0012,0063) values. */
export function methodOf(datesShifted: boolean): { codes: (readonly [string, string, string])[]; method: string[] } {
  const codes: (readonly [string, string, string])[] = [DEID_CODES.basicProfile, DEID_CODES.retainPatientCharacteristics];
  const method = ['PS3.15 E.1 Basic Profile (113100)', 'Retain Patient Characteristics (113108)'];
  if (datesShifted) {
    codes.push(DEID_CODES.retainModifiedDates);
    method.push('Modified Dates (113107)');
  } else {
    method.push('dates removed');
  }
  method.push('spect-perfusion 0.1');
  return { codes, method };
}
