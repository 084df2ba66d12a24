/**
 * What a DICOM header says, without identifiers and without decoding pixels:
 * shown by `info` before an error, so that a user can see what a file is (TOMO
 * projections, a STATIC image, a CT, one slice of a series).
 */
import type { DataSet } from 'dicom-parser';
import { TAGS, firstItem, getNumber, getNumbers, getString } from './attributes.js';
import { countsAccumulatedOf } from './counts.js';
import { imageTypeOf } from './nm.js';
import type { ParsedDicom } from './parse.js';
import { IMAGE_SOP_CLASSES, hasPixelData } from './pixel-module.js';

export interface DicomHeaderFacts {
  readonly modality: string | null;
  readonly sopClassUid: string | null;
  /** Name of the SOP class when it is an image class the reader knows. */
  readonly sopClassName: string | null;
  readonly imageType: readonly string[];
  readonly manufacturer: string | null;
  readonly manufacturerModel: string | null;
  readonly seriesDescription: string | null;
  readonly transferSyntaxUid: string;
  readonly rows: number | null;
  readonly columns: number | null;
  /** Number of Frames (0028,0008); null when absent (one frame). */
  readonly numberOfFrames: number | null;
  readonly numberOfSlices: number | null;
  /** [row spacing, column spacing] mm. */
  readonly pixelSpacing: readonly number[] | null;
  readonly sliceThickness: number | null;
  readonly spacingBetweenSlices: number | null;
  /** Where Image Position/Orientation (Patient) are: top level, the Detector Information Sequence, both, or nowhere. */
  readonly positionOrientation: 'top-level' | 'DetectorInformationSequence' | 'both' | 'absent';
  readonly countsAccumulated: number | null;
  readonly hasPixelData: boolean;
}

const num = (ds: DataSet, def: (typeof TAGS)[keyof typeof TAGS]): number | null => {
  const v = getNumber(ds, def);
  return v !== undefined && Number.isFinite(v) ? v : null;
};

/** Header facts of a parsed file (never throws on odd values: they become null). */
export function dicomHeaderFacts(parsed: ParsedDicom): DicomHeaderFacts {
  const ds = parsed.dataSet;
  const sop = getString(ds, TAGS.SOPClassUID) ?? null;
  const hasPlane = (d: DataSet) => getNumbers(d, TAGS.ImagePositionPatient).length > 0 && getNumbers(d, TAGS.ImageOrientationPatient).length > 0;
  const det = firstItem(ds, TAGS.DetectorInformationSequence);
  const top = hasPlane(ds);
  const inDet = det !== undefined && hasPlane(det);
  const ps = getNumbers(ds, TAGS.PixelSpacing).filter(Number.isFinite);
  return {
    modality: getString(ds, TAGS.Modality) ?? null,
    sopClassUid: sop,
    sopClassName: sop ? (IMAGE_SOP_CLASSES[sop] ?? null) : null,
    imageType: imageTypeOf(ds),
    manufacturer: getString(ds, TAGS.Manufacturer) ?? null,
    manufacturerModel: getString(ds, TAGS.ManufacturerModelName) ?? null,
    seriesDescription: getString(ds, TAGS.SeriesDescription) ?? null,
    transferSyntaxUid: parsed.transferSyntaxUid,
    rows: num(ds, TAGS.Rows),
    columns: num(ds, TAGS.Columns),
    numberOfFrames: num(ds, TAGS.NumberOfFrames),
    numberOfSlices: num(ds, TAGS.NumberOfSlices),
    pixelSpacing: ps.length ? ps : null,
    sliceThickness: num(ds, TAGS.SliceThickness),
    spacingBetweenSlices: num(ds, TAGS.SpacingBetweenSlices),
    positionOrientation: top && inDet ? 'both' : top ? 'top-level' : inDet ? 'DetectorInformationSequence' : 'absent',
    countsAccumulated: countsAccumulatedOf(ds) ?? null,
    hasPixelData: hasPixelData(ds),
  };
}
