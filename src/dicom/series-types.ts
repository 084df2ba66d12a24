/**
 * The types of a grouped DICOM series (own file: series.ts groups and assembles, pick.ts picks,
 * and pick.ts does not import series.ts back).
 */
import type { ParsedDicom } from './parse.js';

export interface DicomFileInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** What a series is, without identifiers (no UIDs, no patient data). */
export interface SeriesSummary {
  /** Position in the list returned by `groupDicomFiles`. */
  readonly index: number;
  readonly modality: string | null;
  readonly sopClassUid: string | null;
  readonly imageType: readonly string[];
  readonly seriesDescription: string | null;
  readonly seriesNumber: number | null;
  readonly files: number;
  /** Frames of the (first) file. */
  readonly framesPerFile: number;
  readonly rows: number | null;
  readonly columns: number | null;
  /** True for NM RECON TOMO / RECON GATED TOMO. */
  readonly nmReconstructed: boolean;
  readonly hasPixelData: boolean;
}

export interface DicomSeriesGroup {
  readonly summary: SeriesSummary;
  readonly files: readonly DicomFileInput[];
  readonly parsed: readonly ParsedDicom[];
}
