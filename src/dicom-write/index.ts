/** DICOM writers: multi-frame NM (GE / Siemens / Hermes styles) and single-frame PT/NM series. */
export { writeNmMultiframe, writeNmMultiframeWithInfo, NM_IMAGE_STORAGE } from './nm-multiframe.js';
export { writeSingleFrameSeries, PET_IMAGE_STORAGE, type SeriesFile } from './single-frame.js';
export { createUidSource, isValidUid, type UidSource } from './uids.js';
export { formatDS } from './encoder.js';
export { TRACERS, NM_SERIES_STYLES } from './types.js';
export { FAKE_IDENTIFIERS } from './identifiers.js';
export { writeDeidentifiedNm, type DeidentifiedNmOptions, type WrittenDeidentifiedNm } from './deidentified.js';
export type {
  NmStyle, TracerCode, PatientInfo, StudyInfo, RadiopharmaceuticalInfo, DicomWriteOptions, NmWriteOptions,
  SeriesWriteOptions, NmSeriesStyle, Quantisation, WrittenNm, FakeIdentifiers,
} from './types.js';
