/**
 * `VolumeMetadata` from a DICOM dataset. Never copies patient name, ID or birth
 * date: the birth date is only used to compute the age.
 */
import type { DataSet } from 'dicom-parser';
import type { Radiopharmaceutical, VolumeMetadata } from '../volume/volume.js';
import { TAGS, firstItem, getString, getStrings } from './attributes.js';
import { parseAgeString } from '../volume/age.js';
import { parseTracer } from '../vocabulary/tracer.js';

/** DICOM DA (YYYYMMDD, also the old YYYY.MM.DD) to YYYY-MM-DD, or null. */
export function dicomDate(da: string | undefined): string | null {
  if (!da) return null;
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da.trim());
  if (!m) return null;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Age in years from Patient's Age (AS, PS3.5 6.2: nnnD/W/M/Y), else from birth date
 * and study (or acquisition) date. Null when neither is usable.
 */
export function patientAgeYears(ageString: string | undefined, birthDate: string | undefined, atDate: string | undefined): number | null {
  if (ageString) {
    // the one Age String parser (src/volume/age.ts)
    const years = parseAgeString(ageString);
    if (years !== null) return years;
  }
  const b = dicomDate(birthDate);
  const a = dicomDate(atDate);
  if (!b || !a) return null;
  const tb = Date.UTC(Number(b.slice(0, 4)), Number(b.slice(5, 7)) - 1, Number(b.slice(8, 10)));
  const ta = Date.UTC(Number(a.slice(0, 4)), Number(a.slice(5, 7)) - 1, Number(a.slice(8, 10)));
  if (!(ta >= tb)) return null;
  return (ta - tb) / (365.25 * 86_400_000);
}

/** Normalise a tracer name to HMPAO / ECD / IMP (parseTracer, src/vocabulary/tracer.ts), else the name itself. */
export function normaliseTracer(name: string): string {
  return parseTracer(name) ?? name.trim();
}

/** Radiopharmaceutical from the Radiopharmaceutical Information Sequence (0054,0016), C.8.4.10. */
export function radiopharmaceuticalOf(ds: DataSet): Radiopharmaceutical | null {
  const item = firstItem(ds, TAGS.RadiopharmaceuticalInformationSequence);
  if (!item) return null;
  const text = getString(item, TAGS.Radiopharmaceutical);
  const codeItem = firstItem(item, TAGS.RadiopharmaceuticalCodeSequence);
  const meaning = codeItem ? getString(codeItem, TAGS.CodeMeaning) : undefined;
  const nucItem = firstItem(item, TAGS.RadionuclideCodeSequence);
  const nuclide = nucItem ? (getString(nucItem, TAGS.CodeMeaning) ?? null) : null;
  const name = text ?? meaning ?? null;
  if (!name) return nuclide ? { code: 'UNKNOWN', name: null, nuclide } : null;
  let code = normaliseTracer(name);
  if (meaning && code === name.trim()) {
    const fromMeaning = normaliseTracer(meaning);
    if (fromMeaning === 'HMPAO' || fromMeaning === 'ECD' || fromMeaning === 'IMP') code = fromMeaning;
  }
  return { code, name, nuclide };
}

function sexOf(ds: DataSet): 'M' | 'F' | 'O' | null {
  const s = getString(ds, TAGS.PatientSex)?.toUpperCase();
  return s === 'M' || s === 'F' || s === 'O' ? s : null;
}

/**
 * Attenuation correction from Corrected Image (0028,0051, PS3.3 C.8.4.9 / C.8.9.1: `ATTN`)
 * and Attenuation Correction Method (0054,1101): true when either says corrected, false
 * when the method says none or Corrected Image is present without `ATTN`, null when the
 * file says nothing.
 */
export function attenuationCorrectedOf(ds: DataSet): boolean | null {
  const corrected = getStrings(ds, TAGS.CorrectedImage).map((v) => v.toUpperCase()).filter((v) => v !== '');
  if (corrected.includes('ATTN')) return true;
  const method = (getString(ds, TAGS.AttenuationCorrectionMethod) ?? '').trim();
  if (method !== '') return !/^(NONE|NO|OFF|NAC)$/i.test(method);
  return corrected.length > 0 ? false : null;
}

/** Build the metadata (no identifiers). `extra` holds reader facts (transfer syntax, gates...). */
export function buildMetadata(
  ds: DataSet, units: string | null, totalCounts: number, extra: Record<string, string | number | boolean | null>,
): VolumeMetadata {
  const study = getString(ds, TAGS.StudyDate);
  const acq = getString(ds, TAGS.AcquisitionDate);
  return {
    format: 'dicom',
    modality: getString(ds, TAGS.Modality) ?? null,
    sopClassUid: getString(ds, TAGS.SOPClassUID) ?? null,
    imageType: getStrings(ds, TAGS.ImageType),
    manufacturer: getString(ds, TAGS.Manufacturer) ?? null,
    manufacturerModel: getString(ds, TAGS.ManufacturerModelName) ?? null,
    studyInstanceUid: getString(ds, TAGS.StudyInstanceUID) ?? null,
    seriesInstanceUid: getString(ds, TAGS.SeriesInstanceUID) ?? null,
    patientAgeYears: patientAgeYears(getString(ds, TAGS.PatientAge), getString(ds, TAGS.PatientBirthDate), study ?? acq),
    patientSex: sexOf(ds),
    radiopharmaceutical: radiopharmaceuticalOf(ds),
    units,
    acquisitionDate: dicomDate(acq) ?? dicomDate(study),
    totalCounts,
    extra,
    attenuationCorrected: attenuationCorrectedOf(ds),
  };
}
