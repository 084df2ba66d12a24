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
    str(0x00100010, 'PN', p.name ?? 'SIMULATED^SUBJECT'),
    str(0x00100020, 'LO', p.id ?? 'SIM0001'),
    str(0x00100030, 'DA', p.birthDate ?? ''),
    str(0x00100040, 'CS', p.sex ?? ''),
    // General Study (C.7.2.1)
    str(0x0020000d, 'UI', uids.study),
    str(0x00080020, 'DA', date),
    str(0x00080030, 'TM', time),
    str(0x00080090, 'PN', ''),
    str(0x00200010, 'SH', s.id ?? '1'),
    str(0x00080050, 'SH', s.accessionNumber ?? ''),
    // General Series (C.7.3.1)
    str(0x00080060, 'CS', modality),
    str(0x0020000e, 'UI', uids.series),
    is(0x00200011, options.seriesNumber ?? 1),
    str(0x00180015, 'CS', 'HEAD'),
    // NM/PET Patient Orientation (C.8.4.6): type 2, written empty (orientation is in IOP)
    sq(0x00540410, []),
    sq(0x00540414, []),
    // Frame of Reference (C.7.4.1)
    str(0x00200052, 'UI', uids.frameOfReference),
    str(0x00201040, 'LO', ''),
    // General Equipment (C.7.5.1)
    str(0x00080070, 'LO', options.manufacturer ?? DEFAULT_MANUFACTURER[style]),
    str(0x00181020, 'LO', 'spect-perfusion 0.1'),
    // General Acquisition / General Image dates
    str(0x00080022, 'DA', date),
    str(0x00080032, 'TM', time),
    str(0x00080023, 'DA', date),
    str(0x00080033, 'TM', time),
  ];
  // Series Date/Time are type 3 (C.7.3.1): left out when empty (PS3.15 E.1-1 action X/D)
  if (date !== '') el.push(str(0x00080021, 'DA', date));
  if (time !== '') el.push(str(0x00080031, 'TM', time));
  if (s.description !== undefined) el.push(str(0x00081030, 'LO', s.description));
  if (options.seriesDescription !== undefined) el.push(str(0x0008103e, 'LO', options.seriesDescription));
  if (options.manufacturerModel !== undefined) el.push(str(0x00081090, 'LO', options.manufacturerModel));
  if (p.age !== undefined) el.push(str(0x00101010, 'AS', formatAge(p.age))); // Patient Study (C.7.2.2)
  // Callers pass options through effectiveOptions (identifiers.ts) first; these add the rest.
  if (options.deidentified) return withOverrides(el, deidentificationElements(options.deidentified));
  if (options.identifiers) return withOverrides(el, identifierElements(options.identifiers));
  return el;
}

/** Radiopharmaceutical Information Sequence (0054,0016) items (C.8.4.10 / C.8.9.2). */
export function radiopharmaceuticalSequence(options: DicomWriteOptions): Element {
  const r = options.radiopharmaceutical;
  if (!r) return sq(0x00540016, []);
  const t = TRACERS[r.code];
  const item: Element[] = [
    str(0x00180031, 'LO', r.name ?? t.name),
    sq(0x00540300, [codeItem(t.nuclideCode[0], t.nuclideCode[1], r.nuclide ?? t.nuclideCode[2])]),
    str(0x00181070, 'LO', 'Intravenous'),
  ];
  if (t.agentCode) item.push(sq(0x00540304, [codeItem(t.agentCode[0], t.agentCode[1], t.agentCode[2])]));
  if (r.doseMBq !== undefined) item.push(ds(0x00181074, r.doseMBq));
  return sq(0x00540016, [item]);
}

/** SOP Common (C.12.1). */
export function sopCommon(sopClassUid: string, sopInstanceUid: string, date: string, time: string): Element[] {
  const el = [str(0x00080016, 'UI', sopClassUid), str(0x00080018, 'UI', sopInstanceUid)];
  // Instance Creation Date/Time are type 3: left out when empty (PS3.15 E.1-1 action X/D, X/Z/D)
  if (date !== '') el.push(str(0x00080012, 'DA', date));
  if (time !== '') el.push(str(0x00080013, 'TM', time));
  return el;
}

/** Image Pixel module (C.7.6.3) of the 16-bit greyscale images the writers make, without Pixel Representation. */
export function imagePixel16(nx: number, ny: number, pixelSpacing: readonly number[]): Element[] {
  return [
    us(0x00280002, 1),
    str(0x00280004, 'CS', 'MONOCHROME2'),
    us(0x00280010, ny),
    us(0x00280011, nx),
    ds(0x00280030, pixelSpacing),
    us(0x00280100, 16),
    us(0x00280101, 16),
    us(0x00280102, 15),
  ];
}
