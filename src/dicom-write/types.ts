/**
 * Options of the DICOM writers, and the tracer table used to fill the NM
 * Isotope module (PS3.3 C.8.4.10). All identifiers are fake: the writer is
 * for synthetic test studies and phantoms.
 */

import type { DeidentifiedAttributes } from './deidentify/types.js';
import type { Tracer } from '../vocabulary/tracer.js';

export type NmStyle = 'ge' | 'siemens' | 'hermes';
/** The tracer of a written study: src/vocabulary/tracer.ts. */
export type TracerCode = Tracer;

export interface PatientInfo {
  /** PN, e.g. "SIM^SUBJECT001". */
  readonly name?: string;
  readonly id?: string;
  /** YYYYMMDD. */
  readonly birthDate?: string;
  readonly sex?: 'M' | 'F' | 'O';
  /** Age in years at the study (written as nnnY, or nnnM below 2 years). */
  readonly age?: number;
}

export interface StudyInfo {
  /** YYYYMMDD. */
  readonly date?: string;
  /** HHMMSS. */
  readonly time?: string;
  readonly description?: string;
  readonly id?: string;
  readonly accessionNumber?: string;
  /** Fixed UIDs instead of generated ones. */
  readonly uids?: { readonly study?: string; readonly series?: string; readonly frameOfReference?: string; readonly sopInstance?: string };
}

export interface RadiopharmaceuticalInfo {
  readonly code: TracerCode;
  /** Radiopharmaceutical (0018,0031); default from the tracer table. */
  readonly name?: string;
  /** Nuclide code meaning; default from the tracer table. */
  readonly nuclide?: string;
  /** Radionuclide Total Dose in MBq (0018,1074). */
  readonly doseMBq?: number;
}

export interface DicomWriteOptions {
  readonly patient?: PatientInfo;
  readonly study?: StudyInfo;
  readonly radiopharmaceutical?: RadiopharmaceuticalInfo;
  /** Manufacturer (0008,0070); default per style. */
  readonly manufacturer?: string;
  readonly manufacturerModel?: string;
  readonly seriesDescription?: string;
  readonly seriesNumber?: number;
  /** Seed of the deterministic 2.25 UIDs (default 1). */
  readonly seedForUids?: number;
  /**
   * Realistic FAKE identifiers written into every identifying attribute the
   * writer knows (tests of de-identification). They win over `patient`,
   * `study` and `seriesDescription`. See `FAKE_IDENTIFIERS`.
   */
  readonly identifiers?: FakeIdentifiers;
  /**
   * Output of `deidentifyAttributes` (src/dicom-write/deidentify): write a de-identified
   * object (PS3.15 E.1 Basic Profile). Wins over `patient`, `study` and
   * `identifiers`; adds Patient Identity Removed and the method attributes.
   */
  readonly deidentified?: DeidentifiedAttributes;
  /**
   * Whether the volume was attenuation corrected (default true): Corrected Image (0028,0051)
   * then holds `ATTN`; false writes it without `ATTN` (NM multi-frame: UNIF, COR; PET series: NORM, DTIM).
   */
  readonly attenuationCorrected?: boolean;
}

/**
 * Identifying attributes of a study (PS3.15 Table E.1-1 names), for building
 * test files that carry identifiers in every attribute the writer writes.
 * DA values YYYYMMDD, TM values HHMMSS, PN values with '^'.
 */
export interface FakeIdentifiers {
  readonly patientName: string;
  readonly patientId: string;
  readonly issuerOfPatientId: string;
  readonly otherPatientIds: string;
  readonly otherPatientNames: string;
  readonly patientBirthName: string;
  readonly patientMotherBirthName: string;
  readonly patientBirthDate: string;
  readonly patientBirthTime: string;
  readonly patientAddress: string;
  readonly patientTelephoneNumbers: string;
  readonly patientComments: string;
  readonly medicalRecordLocator: string;
  readonly accessionNumber: string;
  readonly institutionName: string;
  readonly institutionAddress: string;
  readonly institutionalDepartmentName: string;
  readonly referringPhysicianName: string;
  readonly performingPhysicianName: string;
  readonly physiciansOfRecord: string;
  readonly readingPhysicianName: string;
  readonly requestingPhysician: string;
  readonly operatorsName: string;
  readonly stationName: string;
  readonly deviceSerialNumber: string;
  readonly studyId: string;
  readonly studyDescription: string;
  readonly seriesDescription: string;
  readonly protocolName: string;
  readonly imageComments: string;
  readonly additionalPatientHistory: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly frameOfReferenceUid: string;
}

export interface NmWriteOptions extends DicomWriteOptions {
  readonly style: NmStyle;
}

/**
 * Layouts of single-frame NM RECON TOMO files (one reconstructed slice per file)
 * as vendors write them (see single-frame-nm.ts):
 * - 'generic': geometry at top level and in the Detector Information Sequence,
 *   Number of Frames 1, Frame Increment Pointer -> Slice Vector [1];
 * - 'philips': top-level IPP/IOP only, no Number of Frames, no Frame Increment Pointer;
 * - 'toshiba': geometry at top level and in the Detector Information Sequence,
 *   Frame Increment Pointer -> Energy Window and Detector Vectors (no Slice Vector);
 * - 'mediso': IPP/IOP only in the Detector Information Sequence, Number of Frames 1,
 *   Frame Increment Pointer -> Slice Vector [1];
 * - 'mim': top-level IPP/IOP, Frame Increment Pointer -> a one-item Slice Vector
 *   holding the slice's number in the series, Number of Slices = the series' slices.
 */
export type NmSeriesStyle = 'generic' | 'philips' | 'toshiba' | 'mediso' | 'mim';
export const NM_SERIES_STYLES: readonly NmSeriesStyle[] = ['generic', 'philips', 'toshiba', 'mediso', 'mim'];

export interface SeriesWriteOptions extends DicomWriteOptions {
  /** 'PT' (PET Image Storage, default) or 'NM' (one single-frame NM Image per slice). */
  readonly modality?: 'PT' | 'NM';
  /** Layout of the NM files (default 'generic'). */
  readonly nmStyle?: NmSeriesStyle;
  /**
   * 'ascending' (default): file 1 (Instance Number 1 unless reversed or shuffled)
   * is the lowest slice along row x column; 'descending': the highest.
   */
  readonly sliceOrder?: 'ascending' | 'descending';
  /** Instance Numbers running opposite to the file order (1 on the last file). */
  readonly reverseInstanceNumbers?: boolean;
  /** Write Instance Numbers in a shuffled (non-spatial) order, deterministic by `seedForUids`. */
  readonly shuffleInstanceNumbers?: boolean;
  /** NM: a Rescale Slope/Intercept of its own for every slice (PT always has one per slice). */
  readonly perSliceRescale?: boolean;
  /**
   * NM Counts Accumulated (0018,0070): 'empty' (default, type 2 left empty), 'total'
   * (the rounded sum of the volume in every file) or 'per-slice' (each slice's own sum).
   */
  readonly countsAccumulated?: 'empty' | 'total' | 'per-slice';
  /** Explicit VR Big Endian (retired transfer syntax, still met) instead of Little Endian. */
  readonly bigEndian?: boolean;
  /** File name prefix (default "IM"). */
  readonly namePrefix?: string;
}

/** How the float data were stored: real = stored * slope + intercept, within maxError. */
export interface Quantisation {
  readonly slope: number;
  readonly intercept: number;
  readonly maxError: number;
}

export interface WrittenNm {
  readonly bytes: Uint8Array;
  readonly quantisation: Quantisation;
  readonly uids: { readonly study: string; readonly series: string; readonly frameOfReference: string; readonly sopInstance: string };
}

export interface TracerEntry {
  readonly name: string;
  /** Radionuclide Code Sequence item: value, scheme, meaning (PS3.16 CID 18). */
  readonly nuclideCode: readonly [string, string, string];
  /** Radiopharmaceutical Code Sequence item (PS3.16 CID 25), when the agent has a code there. */
  readonly agentCode: readonly [string, string, string] | null;
  /** Energy window [lower, upper] keV: photopeak +/- 10 %. */
  readonly window: readonly [number, number];
  readonly windowName: string;
}

/**
 * Codes from PS3.16 (as tabulated by pydicom 2.3.1's CID dictionaries):
 * CID 18 "Isotopes in Radiopharmaceuticals": ^99m^Technetium SCT 72454006,
 * ^123^Iodine SCT 21572004; CID 25 "Radiopharmaceuticals": Technetium Tc^99m^
 * exametazine SCT 77313009, Iofetamine I^123^ hydrochloride SCT 78481003.
 * Bicisate (ECD) has no code in CID 25, so only its name is written.
 * Photopeaks: Tc-99m 140.5 keV, I-123 159.0 keV.
 */
export const TRACERS: Readonly<Record<TracerCode, TracerEntry>> = {
  HMPAO: {
    name: 'Tc-99m HMPAO (exametazime)',
    nuclideCode: ['72454006', 'SCT', '^99m^Technetium'],
    agentCode: ['77313009', 'SCT', 'Technetium Tc^99m^ exametazine'],
    window: [126.45, 154.55],
    windowName: 'TC99M',
  },
  ECD: {
    name: 'Tc-99m ECD (bicisate)',
    nuclideCode: ['72454006', 'SCT', '^99m^Technetium'],
    agentCode: null,
    window: [126.45, 154.55],
    windowName: 'TC99M',
  },
  IMP: {
    name: 'I-123 IMP (iofetamine)',
    nuclideCode: ['21572004', 'SCT', '^123^Iodine'],
    agentCode: ['78481003', 'SCT', 'Iofetamine I^123^ hydrochloride'],
    window: [143.1, 174.9],
    windowName: 'I123',
  },
};
