/**
 * spect-perfusion: brain perfusion SPECT in TypeScript.
 *
 * The core entry: takes `Uint8Array`s, never touches the file system or the
 * network, runs in Node and in browsers. File helpers are in `spect-perfusion/node`.
 */

// errors and issues
export {
  ErrorCode, SpectError, DicomError, PixelDataError, GeometryError, ImageFormatError, ResourceLimitError,
  AtlasError, RegistrationError, AnalysisError, IoError, isSpectError,
} from './errors.js';
export type { SpectErrorOptions } from './errors.js';
export type { Issue, IssueSeverity } from './issues.js';
export { IssueCode } from './issues.js';

// the Volume
export { createVolume, volumeToNdarray, EMPTY_METADATA } from './volume/volume.js';
export type { Volume, VolumeMetadata, Radiopharmaceutical, Dims3, CreateVolumeInput } from './volume/volume.js';
export { identity4, invert4, invert4Into, multiply4, multiply4Into, applyAffine, applyAffineInto, voxelSizes, toMat4, LPS_TO_RAS } from './volume/affine.js';
export type { Mat4, ReadonlyMat4, Vec3 } from './volume/affine.js';
export { resampleVolume, resampleLabels } from './volume/resample.js';
export { correctAttenuation, axialGridAxis, CHANG_MU_PER_CM, type AttenuationCorrectionOptions } from './volume/attenuation.js';

// readers and writers
export { readDicom, readDicomImage, assembleSeries, groupDicomFiles, pickSpectSeries, readSeriesGroup, describeSeries, parseDicomBytes } from './dicom/index.js';
export type { ReadDicomOptions, DicomImage, DicomFileInput, SeriesSummary, DicomSeriesGroup } from './dicom/index.js';
export type { DicomDataSet, DicomElement, DicomFragment } from './entries/dicom-dataset.js';
export { pickSpectSummary, checkHeadCoverage, acquisitionCounts, dicomHeaderFacts } from './dicom/index.js';
export type { SeriesPick, CountsSource, DicomHeaderFacts } from './dicom/index.js';
export { supportedTransferSyntaxes } from './dicom-pixels/index.js';
export { writeNmMultiframe, writeSingleFrameSeries, writeDeidentifiedNm, FAKE_IDENTIFIERS } from './dicom-write/index.js';
export type { NmWriteOptions, SeriesWriteOptions, NmSeriesStyle } from './dicom-write/index.js';
export { NM_SERIES_STYLES } from './dicom-write/index.js';
export { readNifti, readNiftiLabels, readNiftiHeader, writeNifti } from './nifti/index.js';
export type { ReadNiftiOptions, NiftiHeader, WriteNiftiOptions } from './nifti/index.js';
export { readInterfile, parseInterfileHeader } from './interfile/index.js';

// privacy: PS3.15 de-identification of the DICOM the library writes
export * from './dicom-write/deidentify/index.js';

// kernels
export { labelStats } from './kernels/label-stats.js';
export { gaussianSmooth3d } from './kernels/gaussian.js';
export { changCorrect, type ChangParams, type ChangResult } from './kernels/chang.js';
export { sampleTrilinear, resampleAffine } from './kernels/trilinear.js';

// atlas and registration
export { builtinAtlas, builtinTemplate, builtinPhantom, groupMask, loadLabelAtlas, fslMniGroups, aalGroups, suitGroups, parseFslAtlasXml, parseAalText, parseLabelTsv, parseLabelJson } from './atlas/index.js';
export type { LabelAtlas, AtlasLabel } from './atlas/index.js';
export { registerToTemplate } from './register/index.js';
export type { RegistrationOptions, RegistrationResult } from './register/index.js';

// regions, classification, reports
export { measureRegions } from './regions/measure.js';
export type { RegionStat, RegionMeasurement, RegionDefinitions } from './regions/measure.js';
export { cerebellarRatios } from './regions/ratios.js';
export type { CerebellarRatios } from './regions/ratios.js';
export { regionStatsNdarray } from './regions/ndarray.js';
export type { MaskStats } from './regions/ndarray.js';
export type { Float32NdArray, NdArrayLike, NdArrayData } from './volume/ndarray-types.js';
export { classifyCerebellarPerfusion, DEFAULT_THRESHOLDS, OMS_NOTE } from './classify/classify.js';
export type { Classification, ClassifierInput, ClassifierOptions, ClassifierThresholds, SeverityLabel } from './classify/classify.js';
export { ageBandOf, parseTracer } from './classify/reference-ranges.js';
export { expectedRatio, referenceRangeFor, maturationFactor, normalCv } from './classify/age-model.js';
export type { ExpectedRatio } from './classify/age-model.js';
export { DEFAULT_SEVERITY, gradeLoss, percentLoss } from './classify/severity.js';
export type { SeverityThresholds } from './classify/severity.js';
export { normalsReference, DEFAULT_NORMALS_LIMITS } from './classify/normals-safety.js';
export type { NormalsLimits, NormalsReference } from './classify/normals-safety.js';
export type { ReferenceRange, Tracer, AgeBand } from './classify/reference-ranges.js';
export { NormalsAccumulator, referenceRangeFromNormals, zMap } from './classify/normals.js';
export type { NormalDatabase, NormalMaps, NormalControl } from './classify/normals.js';
export { analyzeStudy } from './pipeline/analyze.js';
export type { AnalyzeOptions, AnalysisResult } from './pipeline/analyze.js';
export type { AnalysisValues } from './report/json.js';
export { NormalDatabaseBuilder } from './pipeline/normals-build.js';
export type { ControlProblem } from './pipeline/normals-build.js';
export { studyInMni, zMapVolume } from './pipeline/outputs.js';
export { buildReport, reportToJson, REPORT_SCHEMA, REPORT_SCHEMA_VERSION } from './report/json.js';
export type { AnalysisReport } from './report/json.js';
export type { ReportClassification, ReportRatios, ReportRegionStat, ReportReference, ReportRegistration, ReportMetadata, ReportNormals, ReportStudy, ReportVolume, ReportIssue } from './report/report-type.js';
export { csvHeader, csvRow, CSV_COLUMNS } from './report/csv.js';
export {
  renderFigure, renderStudyFigure, renderZMapFigure, renderAgeChart, renderThumbnail, renderStudyOutputs, figureSourceOf, figureCaption, studyCaption,
  COLORMAPS, parseColormap, ORIENTATIONS, parseOrientation,
} from './report/figure.js';
export type { FigureSource, FigureOptions, StudyOutputs, StudyOutputOptions, ColormapName, Orientation, AgeChartInput } from './report/figure.js';
export { renderStudyHtml, escapeHtml } from './report/html.js';
export { renderBatchHtml } from './report/html-batch.js';
export type { BatchHtmlRow } from './report/html-batch.js';
export { pseudonymFor } from './hash/pseudonym.js';

// simulator
export { simulateStudy, prepareSource, renderStudy, randomStudyParams, simulateCohort } from './simulate/index.js';
export type { SimSource, SimParams, SimTruth, SimResult, RenderFormat } from './simulate/index.js';
export { phantomSource, absoluteCerebellarFactor } from './simulate/sources.js';

// NIfTI JSON sidecars and ages (DICOM Age String)
export { parseNiftiSidecar, applyNiftiSidecar, readNiftiWithSidecar, SIDECAR_MAX_BYTES } from './nifti/index.js';
export type { NiftiSidecar, SidecarOptions } from './nifti/index.js';
export { parseAgeString, parseAgeYears, MAX_AGE_YEARS } from './volume/age.js';
export type { MetadataSource } from './volume/volume.js';
