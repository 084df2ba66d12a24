/**
 * Declarative table of the DICOM attributes the reader uses, and small typed
 * accessors over a dicom-parser `DataSet`. The VR in the table is used when the
 * file is Implicit VR (dicom-parser then has no VR for the element).
 */
import type { DataSet, Element } from 'dicom-parser';

export interface TagDef {
  /** dicom-parser tag key, `xGGGGEEEE`, lower case. */
  readonly tag: string;
  readonly keyword: string;
  readonly vr: string;
}

const t = (tag: string, keyword: string, vr: string): TagDef => ({ tag, keyword, vr });

/** Attributes read by src/dicom (PS3.6 data dictionary). */
export const TAGS = {
  SOPClassUID: t('x00080016', 'SOPClassUID', 'UI'),
  SOPInstanceUID: t('x00080018', 'SOPInstanceUID', 'UI'),
  ImageType: t('x00080008', 'ImageType', 'CS'),
  StudyDate: t('x00080020', 'StudyDate', 'DA'),
  SeriesDate: t('x00080021', 'SeriesDate', 'DA'),
  AcquisitionDate: t('x00080022', 'AcquisitionDate', 'DA'),
  Modality: t('x00080060', 'Modality', 'CS'),
  Manufacturer: t('x00080070', 'Manufacturer', 'LO'),
  ManufacturerModelName: t('x00081090', 'ManufacturerModelName', 'LO'),
  SeriesDescription: t('x0008103e', 'SeriesDescription', 'LO'),
  CodeValue: t('x00080100', 'CodeValue', 'SH'),
  CodeMeaning: t('x00080104', 'CodeMeaning', 'LO'),
  PatientBirthDate: t('x00100030', 'PatientBirthDate', 'DA'),
  PatientSex: t('x00100040', 'PatientSex', 'CS'),
  PatientAge: t('x00101010', 'PatientAge', 'AS'),
  SliceThickness: t('x00180050', 'SliceThickness', 'DS'),
  SpacingBetweenSlices: t('x00180088', 'SpacingBetweenSlices', 'DS'),
  CountsAccumulated: t('x00180070', 'CountsAccumulated', 'IS'),
  Radiopharmaceutical: t('x00180031', 'Radiopharmaceutical', 'LO'),
  StudyInstanceUID: t('x0020000d', 'StudyInstanceUID', 'UI'),
  SeriesInstanceUID: t('x0020000e', 'SeriesInstanceUID', 'UI'),
  SeriesNumber: t('x00200011', 'SeriesNumber', 'IS'),
  InstanceNumber: t('x00200013', 'InstanceNumber', 'IS'),
  ImagePositionPatient: t('x00200032', 'ImagePositionPatient', 'DS'),
  ImageOrientationPatient: t('x00200037', 'ImageOrientationPatient', 'DS'),
  SamplesPerPixel: t('x00280002', 'SamplesPerPixel', 'US'),
  PhotometricInterpretation: t('x00280004', 'PhotometricInterpretation', 'CS'),
  PlanarConfiguration: t('x00280006', 'PlanarConfiguration', 'US'),
  NumberOfFrames: t('x00280008', 'NumberOfFrames', 'IS'),
  FrameIncrementPointer: t('x00280009', 'FrameIncrementPointer', 'AT'),
  Rows: t('x00280010', 'Rows', 'US'),
  Columns: t('x00280011', 'Columns', 'US'),
  PixelSpacing: t('x00280030', 'PixelSpacing', 'DS'),
  BitsAllocated: t('x00280100', 'BitsAllocated', 'US'),
  BitsStored: t('x00280101', 'BitsStored', 'US'),
  HighBit: t('x00280102', 'HighBit', 'US'),
  PixelRepresentation: t('x00280103', 'PixelRepresentation', 'US'),
  RescaleIntercept: t('x00281052', 'RescaleIntercept', 'DS'),
  RescaleSlope: t('x00281053', 'RescaleSlope', 'DS'),
  RescaleType: t('x00281054', 'RescaleType', 'LO'),
  CorrectedImage: t('x00280051', 'CorrectedImage', 'CS'),
  AttenuationCorrectionMethod: t('x00541101', 'AttenuationCorrectionMethod', 'LO'),
  PixelMeasuresSequence: t('x00289110', 'PixelMeasuresSequence', 'SQ'),
  PixelValueTransformationSequence: t('x00289145', 'PixelValueTransformationSequence', 'SQ'),
  PlanePositionSequence: t('x00209113', 'PlanePositionSequence', 'SQ'),
  PlaneOrientationSequence: t('x00209116', 'PlaneOrientationSequence', 'SQ'),
  MeasurementUnitsCodeSequence: t('x004008ea', 'MeasurementUnitsCodeSequence', 'SQ'),
  RealWorldValueMappingSequence: t('x00409096', 'RealWorldValueMappingSequence', 'SQ'),
  RealWorldValueLastValueMapped: t('x00409211', 'RealWorldValueLastValueMapped', 'US'),
  RealWorldValueLUTData: t('x00409212', 'RealWorldValueLUTData', 'FD'),
  DoubleFloatRealWorldValueLastValueMapped: t('x00409213', 'DoubleFloatRealWorldValueLastValueMapped', 'FD'),
  DoubleFloatRealWorldValueFirstValueMapped: t('x00409214', 'DoubleFloatRealWorldValueFirstValueMapped', 'FD'),
  RealWorldValueFirstValueMapped: t('x00409216', 'RealWorldValueFirstValueMapped', 'US'),
  RealWorldValueIntercept: t('x00409224', 'RealWorldValueIntercept', 'FD'),
  RealWorldValueSlope: t('x00409225', 'RealWorldValueSlope', 'FD'),
  EnergyWindowVector: t('x00540010', 'EnergyWindowVector', 'US'),
  DetectorVector: t('x00540020', 'DetectorVector', 'US'),
  DetectorInformationSequence: t('x00540022', 'DetectorInformationSequence', 'SQ'),
  PhaseVector: t('x00540030', 'PhaseVector', 'US'),
  RotationVector: t('x00540050', 'RotationVector', 'US'),
  RRIntervalVector: t('x00540060', 'RRIntervalVector', 'US'),
  NumberOfRRIntervals: t('x00540061', 'NumberOfRRIntervals', 'US'),
  TimeSlotVector: t('x00540070', 'TimeSlotVector', 'US'),
  NumberOfTimeSlots: t('x00540071', 'NumberOfTimeSlots', 'US'),
  SliceVector: t('x00540080', 'SliceVector', 'US'),
  NumberOfSlices: t('x00540081', 'NumberOfSlices', 'US'),
  AngularViewVector: t('x00540090', 'AngularViewVector', 'US'),
  TimeSliceVector: t('x00540100', 'TimeSliceVector', 'US'),
  RadiopharmaceuticalInformationSequence: t('x00540016', 'RadiopharmaceuticalInformationSequence', 'SQ'),
  RadionuclideCodeSequence: t('x00540300', 'RadionuclideCodeSequence', 'SQ'),
  RadiopharmaceuticalCodeSequence: t('x00540304', 'RadiopharmaceuticalCodeSequence', 'SQ'),
  Units: t('x00541001', 'Units', 'CS'),
  SharedFunctionalGroupsSequence: t('x52009229', 'SharedFunctionalGroupsSequence', 'SQ'),
  PerFrameFunctionalGroupsSequence: t('x52009230', 'PerFrameFunctionalGroupsSequence', 'SQ'),
  FloatPixelData: t('x7fe00008', 'FloatPixelData', 'OF'),
  DoubleFloatPixelData: t('x7fe00009', 'DoubleFloatPixelData', 'OD'),
  PixelData: t('x7fe00010', 'PixelData', 'OW'),
} as const satisfies Record<string, TagDef>;

/** True when the element exists (even with zero length). */
export function has(ds: DataSet, def: TagDef): boolean {
  return ds.elements[def.tag] !== undefined;
}

/** First value of a string attribute, trimmed; undefined when absent or empty. */
export function getString(ds: DataSet, def: TagDef, index = 0): string | undefined {
  const el = ds.elements[def.tag];
  if (!el || el.length === 0) return undefined;
  const v = ds.string(def.tag, index);
  if (v === undefined) return undefined;
  const s = v.replace(/\0/g, '').trim();
  return s === '' ? undefined : s;
}

/** All values of a backslash-separated string attribute (empty array when absent). */
export function getStrings(ds: DataSet, def: TagDef): string[] {
  const el = ds.elements[def.tag];
  if (!el || el.length === 0) return [];
  return rawString(ds, el).split('\\').map((s) => s.replace(/\0/g, '').trim());
}

function rawString(ds: DataSet, el: Element): string {
  const end = Math.min(ds.byteArray.length, el.dataOffset + el.length);
  let s = '';
  for (let i = el.dataOffset; i < end; i++) s += String.fromCharCode(ds.byteArray[i]!);
  return s;
}

const BINARY_SIZE: Readonly<Record<string, number>> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, AT: 4 };

/** Effective VR: the element's own (explicit VR) when it is numeric, else the table's. */
function vrOf(el: Element, def: TagDef): string {
  const own = el.vr;
  if (own && (own in BINARY_SIZE || own === 'DS' || own === 'IS')) return own;
  return def.vr;
}

/** All numeric values (DS/IS/US/SS/UL/SL/FL/FD). Unparsable strings give NaN entries. */
export function getNumbers(ds: DataSet, def: TagDef): number[] {
  const el = ds.elements[def.tag];
  if (!el || el.length === 0) return [];
  const vr = vrOf(el, def);
  const size = BINARY_SIZE[vr];
  if (size !== undefined) {
    const n = Math.floor(el.length / size);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(readBinary(ds, def.tag, vr, i));
    return out;
  }
  return getStrings(ds, def).map((s) => (s === '' ? Number.NaN : Number(s)));
}

function readBinary(ds: DataSet, tag: string, vr: string, i: number): number {
  let v: number | undefined;
  switch (vr) {
    case 'US': v = ds.uint16(tag, i); break;
    case 'SS': v = ds.int16(tag, i); break;
    case 'UL': v = ds.uint32(tag, i); break;
    case 'SL': v = ds.int32(tag, i); break;
    case 'FL': v = ds.float(tag, i); break;
    case 'FD': v = ds.double(tag, i); break;
    default: v = ds.uint32(tag, i);
  }
  return v ?? Number.NaN;
}

/** One numeric value, or undefined when absent/empty. */
export function getNumber(ds: DataSet, def: TagDef, index = 0): number | undefined {
  const all = getNumbers(ds, def);
  return all[index];
}

/** Values of an AT attribute as dicom-parser tag keys (`xggggeeee`). */
export function getTagList(ds: DataSet, def: TagDef): string[] {
  const el = ds.elements[def.tag];
  if (!el || el.length < 4) return [];
  const out: string[] = [];
  const n = Math.floor(el.length / 4);
  for (let i = 0; i < n; i++) {
    const g = ds.uint16(def.tag, 2 * i);
    const e = ds.uint16(def.tag, 2 * i + 1);
    if (g === undefined || e === undefined) break;
    out.push('x' + g.toString(16).padStart(4, '0') + e.toString(16).padStart(4, '0'));
  }
  return out;
}

/** Item datasets of a sequence (empty array when absent or not a sequence). */
export function getItems(ds: DataSet, def: TagDef): DataSet[] {
  const el = ds.elements[def.tag];
  if (!el || !el.items) return [];
  const out: DataSet[] = [];
  for (const it of el.items) if (it.dataSet) out.push(it.dataSet);
  return out;
}

/** First item of a sequence, or undefined. */
export function firstItem(ds: DataSet, def: TagDef): DataSet | undefined {
  return getItems(ds, def)[0];
}

/** Numeric values of a tag given by key (used for vectors named by the Frame Increment Pointer). */
export function getNumbersByTag(ds: DataSet, tag: string, vr: string): number[] {
  return getNumbers(ds, { tag, keyword: tag, vr });
}
