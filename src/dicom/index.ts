/**
 * DICOM area: bytes to `Volume`. Core code (no node:* imports).
 */
export { parseDicomBytes, TS_IMPLICIT_LE, TS_EXPLICIT_LE, TS_DEFLATED_LE, TS_EXPLICIT_BE } from './parse.js';
export type { ParsedDicom, ParseOptions } from './parse.js';
export { TAGS, getString, getStrings, getNumber, getNumbers, getItems, firstItem, getTagList, has } from './attributes.js';
export type { TagDef } from './attributes.js';
export { classifyNmImageType, nmFrameLayout, NM_SOP_CLASS } from './nm.js';
export type { NmReconKind, NmFrameLayout } from './nm.js';
export { readPlane, readPixelSpacing, nmPlane, nmAffine, affineFromPlane, normalOf, signedSliceSpacing } from './geometry.js';
export type { Plane, PlaneSource } from './geometry.js';
export { sortStack } from './stack.js';
export type { SortedStack } from './stack.js';
export { frameRescales, rescaleIntoSlices, storedRange } from './rescale.js';
export type { FrameRescale, RescaleSource } from './rescale.js';
export { buildMetadata, patientAgeYears, normaliseTracer, radiopharmaceuticalOf, dicomDate } from './metadata.js';
export { readPixelModule, checkImageSopClass, hasPixelData, IMAGE_SOP_CLASSES } from './pixel-module.js';
export { planVolume, isNm } from './multiframe.js';
export type { VolumePlan } from './multiframe.js';
export { readDicom, readDicomImage, volumeFromParsed } from './read.js';
export type { ReadDicomOptions, DicomImage } from './read.js';
export { groupDicomFiles, assembleSeries, readSeriesGroup } from './series.js';
export type { DicomFileInput, SeriesSummary, DicomSeriesGroup, GroupResult } from './series.js';
export { pickSpectSeries, pickSpectSummary, describeSeries, seriesSlices } from './pick.js';
export type { SeriesPick } from './pick.js';
export { checkHeadCoverage, MIN_HEAD_SLICES, MIN_HEAD_EXTENT_MM } from './coverage.js';
export { acquisitionCounts, countsAccumulatedOf } from './counts.js';
export type { CountsSource } from './counts.js';
export { dicomHeaderFacts } from './header-facts.js';
export type { DicomHeaderFacts } from './header-facts.js';
