/**
 * The one DICOM tag dictionary of the library: every attribute the reader (src/dicom), the pixel
 * codecs (src/dicom-pixels), the writer and de-identification (src/dicom-write) name, with its
 * keyword and VR from the PS3.6 data dictionary (PS3.6 Table 6-1). The keywords of the attributes
 * that PS3.15 Table E.1-1 lists are checked against that table's names by test/dicom-base.
 *
 * `TAGS.X.tag` is the dicom-parser key (`xggggeeee`) the reader looks elements up by;
 * `TAG.X` is the 32-bit tag number (group << 16 | element) the writer encodes. The VR is the one
 * used when a file is Implicit VR (dicom-parser then has no VR for the element) and the one the
 * writer writes.
 */

export interface TagDef {
  /** dicom-parser tag key, `xGGGGEEEE`, lower case. */
  readonly tag: string;
  /** The tag as a number: group << 16 | element. */
  readonly number: number;
  readonly keyword: string;
  readonly vr: string;
}

/** The dicom-parser key (`xggggeeee`) of a tag number. */
export function parserKey(tag: number): string {
  return 'x' + (tag >>> 0).toString(16).padStart(8, '0');
}

const t = (number: number, keyword: string, vr: string): TagDef => ({ tag: parserKey(number), number, keyword, vr });

/** The attributes of the library by keyword, in tag order (PS3.6). */
export const TAGS = {
  // group 0002
  FileMetaInformationGroupLength: t(0x00020000, 'FileMetaInformationGroupLength', 'UL'),
  FileMetaInformationVersion: t(0x00020001, 'FileMetaInformationVersion', 'OB'),
  MediaStorageSOPClassUID: t(0x00020002, 'MediaStorageSOPClassUID', 'UI'),
  MediaStorageSOPInstanceUID: t(0x00020003, 'MediaStorageSOPInstanceUID', 'UI'),
  TransferSyntaxUID: t(0x00020010, 'TransferSyntaxUID', 'UI'),
  ImplementationClassUID: t(0x00020012, 'ImplementationClassUID', 'UI'),
  ImplementationVersionName: t(0x00020013, 'ImplementationVersionName', 'SH'),
  // group 0008
  ImageType: t(0x00080008, 'ImageType', 'CS'),
  InstanceCreationDate: t(0x00080012, 'InstanceCreationDate', 'DA'),
  InstanceCreationTime: t(0x00080013, 'InstanceCreationTime', 'TM'),
  SOPClassUID: t(0x00080016, 'SOPClassUID', 'UI'),
  SOPInstanceUID: t(0x00080018, 'SOPInstanceUID', 'UI'),
  StudyDate: t(0x00080020, 'StudyDate', 'DA'),
  SeriesDate: t(0x00080021, 'SeriesDate', 'DA'),
  AcquisitionDate: t(0x00080022, 'AcquisitionDate', 'DA'),
  ContentDate: t(0x00080023, 'ContentDate', 'DA'),
  StudyTime: t(0x00080030, 'StudyTime', 'TM'),
  SeriesTime: t(0x00080031, 'SeriesTime', 'TM'),
  AcquisitionTime: t(0x00080032, 'AcquisitionTime', 'TM'),
  ContentTime: t(0x00080033, 'ContentTime', 'TM'),
  AccessionNumber: t(0x00080050, 'AccessionNumber', 'SH'),
  Modality: t(0x00080060, 'Modality', 'CS'),
  Manufacturer: t(0x00080070, 'Manufacturer', 'LO'),
  InstitutionName: t(0x00080080, 'InstitutionName', 'LO'),
  InstitutionAddress: t(0x00080081, 'InstitutionAddress', 'ST'),
  ReferringPhysicianName: t(0x00080090, 'ReferringPhysicianName', 'PN'),
  CodeValue: t(0x00080100, 'CodeValue', 'SH'),
  CodingSchemeDesignator: t(0x00080102, 'CodingSchemeDesignator', 'SH'),
  CodeMeaning: t(0x00080104, 'CodeMeaning', 'LO'),
  StationName: t(0x00081010, 'StationName', 'SH'),
  StudyDescription: t(0x00081030, 'StudyDescription', 'LO'),
  SeriesDescription: t(0x0008103e, 'SeriesDescription', 'LO'),
  InstitutionalDepartmentName: t(0x00081040, 'InstitutionalDepartmentName', 'LO'),
  PhysiciansOfRecord: t(0x00081048, 'PhysiciansOfRecord', 'PN'),
  PerformingPhysicianName: t(0x00081050, 'PerformingPhysicianName', 'PN'),
  NameOfPhysiciansReadingStudy: t(0x00081060, 'NameOfPhysiciansReadingStudy', 'PN'),
  OperatorsName: t(0x00081070, 'OperatorsName', 'PN'),
  ManufacturerModelName: t(0x00081090, 'ManufacturerModelName', 'LO'),
  // group 0010
  PatientName: t(0x00100010, 'PatientName', 'PN'),
  PatientID: t(0x00100020, 'PatientID', 'LO'),
  IssuerOfPatientID: t(0x00100021, 'IssuerOfPatientID', 'LO'),
  PatientBirthDate: t(0x00100030, 'PatientBirthDate', 'DA'),
  PatientBirthTime: t(0x00100032, 'PatientBirthTime', 'TM'),
  PatientSex: t(0x00100040, 'PatientSex', 'CS'),
  OtherPatientIDs: t(0x00101000, 'OtherPatientIDs', 'LO'),
  OtherPatientNames: t(0x00101001, 'OtherPatientNames', 'PN'),
  PatientBirthName: t(0x00101005, 'PatientBirthName', 'PN'),
  PatientAge: t(0x00101010, 'PatientAge', 'AS'),
  PatientSize: t(0x00101020, 'PatientSize', 'DS'),
  PatientWeight: t(0x00101030, 'PatientWeight', 'DS'),
  PatientAddress: t(0x00101040, 'PatientAddress', 'LO'),
  PatientMotherBirthName: t(0x00101060, 'PatientMotherBirthName', 'PN'),
  MedicalRecordLocator: t(0x00101090, 'MedicalRecordLocator', 'LO'),
  PatientTelephoneNumbers: t(0x00102154, 'PatientTelephoneNumbers', 'SH'),
  EthnicGroup: t(0x00102160, 'EthnicGroup', 'SH'),
  AdditionalPatientHistory: t(0x001021b0, 'AdditionalPatientHistory', 'LT'),
  PatientSexNeutered: t(0x00102203, 'PatientSexNeutered', 'CS'),
  PatientComments: t(0x00104000, 'PatientComments', 'LT'),
  // group 0012
  PatientIdentityRemoved: t(0x00120062, 'PatientIdentityRemoved', 'CS'),
  DeidentificationMethod: t(0x00120063, 'DeidentificationMethod', 'LO'),
  DeidentificationMethodCodeSequence: t(0x00120064, 'DeidentificationMethodCodeSequence', 'SQ'),
  // group 0018
  ContrastBolusAgent: t(0x00180010, 'ContrastBolusAgent', 'LO'),
  BodyPartExamined: t(0x00180015, 'BodyPartExamined', 'CS'),
  Radiopharmaceutical: t(0x00180031, 'Radiopharmaceutical', 'LO'),
  SliceThickness: t(0x00180050, 'SliceThickness', 'DS'),
  CountsAccumulated: t(0x00180070, 'CountsAccumulated', 'IS'),
  SpacingBetweenSlices: t(0x00180088, 'SpacingBetweenSlices', 'DS'),
  DeviceSerialNumber: t(0x00181000, 'DeviceSerialNumber', 'LO'),
  SoftwareVersions: t(0x00181020, 'SoftwareVersions', 'LO'),
  ProtocolName: t(0x00181030, 'ProtocolName', 'LO'),
  RadiopharmaceuticalRoute: t(0x00181070, 'RadiopharmaceuticalRoute', 'LO'),
  RadionuclideTotalDose: t(0x00181074, 'RadionuclideTotalDose', 'DS'),
  RotationDirection: t(0x00181140, 'RotationDirection', 'CS'),
  RadialPosition: t(0x00181142, 'RadialPosition', 'DS'),
  ScanArc: t(0x00181143, 'ScanArc', 'DS'),
  AngularStep: t(0x00181144, 'AngularStep', 'DS'),
  CollimatorGridName: t(0x00181180, 'CollimatorGridName', 'SH'),
  CollimatorType: t(0x00181181, 'CollimatorType', 'CS'),
  FocalDistance: t(0x00181182, 'FocalDistance', 'IS'),
  ConvolutionKernel: t(0x00181210, 'ConvolutionKernel', 'SH'),
  ActualFrameDuration: t(0x00181242, 'ActualFrameDuration', 'IS'),
  // group 0020
  StudyInstanceUID: t(0x0020000d, 'StudyInstanceUID', 'UI'),
  SeriesInstanceUID: t(0x0020000e, 'SeriesInstanceUID', 'UI'),
  StudyID: t(0x00200010, 'StudyID', 'SH'),
  SeriesNumber: t(0x00200011, 'SeriesNumber', 'IS'),
  InstanceNumber: t(0x00200013, 'InstanceNumber', 'IS'),
  PatientOrientation: t(0x00200020, 'PatientOrientation', 'CS'),
  ImagePositionPatient: t(0x00200032, 'ImagePositionPatient', 'DS'),
  ImageOrientationPatient: t(0x00200037, 'ImageOrientationPatient', 'DS'),
  FrameOfReferenceUID: t(0x00200052, 'FrameOfReferenceUID', 'UI'),
  PositionReferenceIndicator: t(0x00201040, 'PositionReferenceIndicator', 'LO'),
  SliceLocation: t(0x00201041, 'SliceLocation', 'DS'),
  ImageComments: t(0x00204000, 'ImageComments', 'LT'),
  PlanePositionSequence: t(0x00209113, 'PlanePositionSequence', 'SQ'),
  PlaneOrientationSequence: t(0x00209116, 'PlaneOrientationSequence', 'SQ'),
  // group 0028
  SamplesPerPixel: t(0x00280002, 'SamplesPerPixel', 'US'),
  PhotometricInterpretation: t(0x00280004, 'PhotometricInterpretation', 'CS'),
  PlanarConfiguration: t(0x00280006, 'PlanarConfiguration', 'US'),
  NumberOfFrames: t(0x00280008, 'NumberOfFrames', 'IS'),
  FrameIncrementPointer: t(0x00280009, 'FrameIncrementPointer', 'AT'),
  Rows: t(0x00280010, 'Rows', 'US'),
  Columns: t(0x00280011, 'Columns', 'US'),
  PixelSpacing: t(0x00280030, 'PixelSpacing', 'DS'),
  CorrectedImage: t(0x00280051, 'CorrectedImage', 'CS'),
  BitsAllocated: t(0x00280100, 'BitsAllocated', 'US'),
  BitsStored: t(0x00280101, 'BitsStored', 'US'),
  HighBit: t(0x00280102, 'HighBit', 'US'),
  PixelRepresentation: t(0x00280103, 'PixelRepresentation', 'US'),
  LongitudinalTemporalInformationModified: t(0x00280303, 'LongitudinalTemporalInformationModified', 'CS'),
  RescaleIntercept: t(0x00281052, 'RescaleIntercept', 'DS'),
  RescaleSlope: t(0x00281053, 'RescaleSlope', 'DS'),
  RescaleType: t(0x00281054, 'RescaleType', 'LO'),
  LossyImageCompression: t(0x00282110, 'LossyImageCompression', 'CS'),
  LUTExplanation: t(0x00283003, 'LUTExplanation', 'LO'),
  PixelMeasuresSequence: t(0x00289110, 'PixelMeasuresSequence', 'SQ'),
  PixelValueTransformationSequence: t(0x00289145, 'PixelValueTransformationSequence', 'SQ'),
  // group 0032
  RequestingPhysician: t(0x00321032, 'RequestingPhysician', 'PN'),
  // group 0040
  AcquisitionContextSequence: t(0x00400555, 'AcquisitionContextSequence', 'SQ'),
  MeasurementUnitsCodeSequence: t(0x004008ea, 'MeasurementUnitsCodeSequence', 'SQ'),
  RealWorldValueMappingSequence: t(0x00409096, 'RealWorldValueMappingSequence', 'SQ'),
  LUTLabel: t(0x00409210, 'LUTLabel', 'SH'),
  RealWorldValueLastValueMapped: t(0x00409211, 'RealWorldValueLastValueMapped', 'US'),
  RealWorldValueLUTData: t(0x00409212, 'RealWorldValueLUTData', 'FD'),
  DoubleFloatRealWorldValueLastValueMapped: t(0x00409213, 'DoubleFloatRealWorldValueLastValueMapped', 'FD'),
  DoubleFloatRealWorldValueFirstValueMapped: t(0x00409214, 'DoubleFloatRealWorldValueFirstValueMapped', 'FD'),
  RealWorldValueFirstValueMapped: t(0x00409216, 'RealWorldValueFirstValueMapped', 'US'),
  RealWorldValueIntercept: t(0x00409224, 'RealWorldValueIntercept', 'FD'),
  RealWorldValueSlope: t(0x00409225, 'RealWorldValueSlope', 'FD'),
  // group 0054
  EnergyWindowVector: t(0x00540010, 'EnergyWindowVector', 'US'),
  NumberOfEnergyWindows: t(0x00540011, 'NumberOfEnergyWindows', 'US'),
  EnergyWindowInformationSequence: t(0x00540012, 'EnergyWindowInformationSequence', 'SQ'),
  EnergyWindowRangeSequence: t(0x00540013, 'EnergyWindowRangeSequence', 'SQ'),
  EnergyWindowLowerLimit: t(0x00540014, 'EnergyWindowLowerLimit', 'DS'),
  EnergyWindowUpperLimit: t(0x00540015, 'EnergyWindowUpperLimit', 'DS'),
  RadiopharmaceuticalInformationSequence: t(0x00540016, 'RadiopharmaceuticalInformationSequence', 'SQ'),
  EnergyWindowName: t(0x00540018, 'EnergyWindowName', 'SH'),
  DetectorVector: t(0x00540020, 'DetectorVector', 'US'),
  NumberOfDetectors: t(0x00540021, 'NumberOfDetectors', 'US'),
  DetectorInformationSequence: t(0x00540022, 'DetectorInformationSequence', 'SQ'),
  PhaseVector: t(0x00540030, 'PhaseVector', 'US'),
  RotationVector: t(0x00540050, 'RotationVector', 'US'),
  NumberOfRotations: t(0x00540051, 'NumberOfRotations', 'US'),
  RotationInformationSequence: t(0x00540052, 'RotationInformationSequence', 'SQ'),
  NumberOfFramesInRotation: t(0x00540053, 'NumberOfFramesInRotation', 'US'),
  RRIntervalVector: t(0x00540060, 'RRIntervalVector', 'US'),
  NumberOfRRIntervals: t(0x00540061, 'NumberOfRRIntervals', 'US'),
  TimeSlotVector: t(0x00540070, 'TimeSlotVector', 'US'),
  NumberOfTimeSlots: t(0x00540071, 'NumberOfTimeSlots', 'US'),
  SliceVector: t(0x00540080, 'SliceVector', 'US'),
  NumberOfSlices: t(0x00540081, 'NumberOfSlices', 'US'),
  AngularViewVector: t(0x00540090, 'AngularViewVector', 'US'),
  TimeSliceVector: t(0x00540100, 'TimeSliceVector', 'US'),
  StartAngle: t(0x00540200, 'StartAngle', 'DS'),
  TypeOfDetectorMotion: t(0x00540202, 'TypeOfDetectorMotion', 'CS'),
  RadionuclideCodeSequence: t(0x00540300, 'RadionuclideCodeSequence', 'SQ'),
  RadiopharmaceuticalCodeSequence: t(0x00540304, 'RadiopharmaceuticalCodeSequence', 'SQ'),
  PatientOrientationCodeSequence: t(0x00540410, 'PatientOrientationCodeSequence', 'SQ'),
  PatientGantryRelationshipCodeSequence: t(0x00540414, 'PatientGantryRelationshipCodeSequence', 'SQ'),
  SliceProgressionDirection: t(0x00540500, 'SliceProgressionDirection', 'CS'),
  SeriesType: t(0x00541000, 'SeriesType', 'CS'),
  Units: t(0x00541001, 'Units', 'CS'),
  CountsSource: t(0x00541002, 'CountsSource', 'CS'),
  AttenuationCorrectionMethod: t(0x00541101, 'AttenuationCorrectionMethod', 'LO'),
  DecayCorrection: t(0x00541102, 'DecayCorrection', 'CS'),
  FrameReferenceTime: t(0x00541300, 'FrameReferenceTime', 'DS'),
  ImageIndex: t(0x00541330, 'ImageIndex', 'US'),
  // group 0070
  ContentCreatorName: t(0x00700084, 'ContentCreatorName', 'PN'),
  // group 5200
  SharedFunctionalGroupsSequence: t(0x52009229, 'SharedFunctionalGroupsSequence', 'SQ'),
  PerFrameFunctionalGroupsSequence: t(0x52009230, 'PerFrameFunctionalGroupsSequence', 'SQ'),
  // group 7fe0
  ExtendedOffsetTable: t(0x7fe00001, 'ExtendedOffsetTable', 'OV'),
  ExtendedOffsetTableLengths: t(0x7fe00002, 'ExtendedOffsetTableLengths', 'OV'),
  FloatPixelData: t(0x7fe00008, 'FloatPixelData', 'OF'),
  DoubleFloatPixelData: t(0x7fe00009, 'DoubleFloatPixelData', 'OD'),
  PixelData: t(0x7fe00010, 'PixelData', 'OW'),
} as const satisfies Record<string, TagDef>;

export type TagKeyword = keyof typeof TAGS;

/** The tag numbers by keyword (a view of TAGS, for the writer and de-identification). */
export const TAG: { readonly [K in TagKeyword]: number } = Object.freeze(
  Object.fromEntries(Object.entries(TAGS).map(([k, d]) => [k, d.number])) as { [K in TagKeyword]: number },
);

/** The dictionary entry of a tag number, when the library names it. */
export const TAG_BY_NUMBER: ReadonlyMap<number, TagDef> = new Map(Object.values(TAGS).map((d) => [d.number, d]));
