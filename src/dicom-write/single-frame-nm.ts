/**
 * The NM-specific elements of one single-frame NM RECON TOMO file (NM Image
 * Storage, PS3.3 A.5: NM Image C.8.4.9, NM Multi-frame C.8.4.8, NM Detector
 * C.8.4.11, NM TOMO Acquisition C.8.4.12, NM Reconstruction C.8.4.15) in the
 * vendor layouts of `NmSeriesStyle` (types.ts). What differs between vendors
 * is where Image Position/Orientation (Patient) are (top level, the Detector
 * Information Sequence, or both), whether Number of Frames and a Frame
 * Increment Pointer are written, and which vectors the pointer names.
 */
import { at, ds, is, sq, str, us, type Element } from './encoder.js';
import type { DicomGeometry } from './geometry.js';
import type { NmSeriesStyle, Quantisation, TracerEntry } from './types.js';
import { TAG } from '../dicom-base/tags.js';

export interface NmSliceContext {
  readonly style: NmSeriesStyle;
  readonly g: DicomGeometry;
  /** LPS position of this file's first pixel. */
  readonly ipp: readonly number[];
  /** Number of this slice along row x column, 1-based (MIM's Slice Vector). */
  readonly sliceNumber: number;
  readonly nSlices: number;
  readonly tracer: TracerEntry;
  readonly q: Quantisation;
  /** Counts Accumulated to write, or null for an empty (type 2) value. */
  readonly counts: number | null;
}

export const NM_SERIES_MANUFACTURER: Readonly<Record<NmSeriesStyle, string | undefined>> = {
  generic: undefined,
  philips: 'Philips Medical Systems',
  toshiba: 'TOSHIBA',
  mediso: 'Mediso',
  mim: 'MIM Software Inc.',
};

/** Top-level IPP/IOP: every style but Mediso's. */
export function nmTopLevelGeometry(style: NmSeriesStyle): boolean {
  return style !== 'mediso';
}

/** NM elements of one file, without the common modules, IPP/IOP at top level and pixels. */
export function nmSliceElements(c: NmSliceContext): Element[] {
  const { style, g, ipp, tracer, q } = c;
  const geometryInDetector = style === 'generic' || style === 'toshiba' || style === 'mediso';
  const detector: Element[] = [str(TAG.CollimatorGridName, 'SH', 'LEHR'), str(TAG.CollimatorType, 'CS', 'PARA'), is(TAG.FocalDistance, 0)];
  // NM Detector: IPP/IOP are type 2 there, written empty when the style keeps them at top level only
  if (geometryInDetector) detector.push(ds(TAG.ImagePositionPatient, ipp), ds(TAG.ImageOrientationPatient, g.orientation));
  else detector.push(str(TAG.ImagePositionPatient, 'DS', ''), str(TAG.ImageOrientationPatient, 'DS', ''));
  const el: Element[] = [
    us(TAG.PixelRepresentation, 0),
    str(TAG.ImageType, 'CS', ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION']),
    str(TAG.PatientOrientation, 'CS', g.patientOrientation),
    c.counts === null ? str(TAG.CountsAccumulated, 'IS', '') : is(TAG.CountsAccumulated, c.counts),
    us(TAG.NumberOfEnergyWindows, 1),
    us(TAG.NumberOfDetectors, 1),
    us(TAG.NumberOfRotations, 1),
    sq(TAG.EnergyWindowInformationSequence, [[sq(TAG.EnergyWindowRangeSequence, [[ds(TAG.EnergyWindowLowerLimit, tracer.window[0]), ds(TAG.EnergyWindowUpperLimit, tracer.window[1])]]), str(TAG.EnergyWindowName, 'SH', tracer.windowName)]]),
    sq(TAG.DetectorInformationSequence, [detector]),
    sq(TAG.RotationInformationSequence, [[ds(TAG.StartAngle, 0), ds(TAG.AngularStep, 3), str(TAG.RotationDirection, 'CS', 'CW'), ds(TAG.ScanArc, 360), is(TAG.ActualFrameDuration, 20000), us(TAG.NumberOfFramesInRotation, 120)]]),
    ds(TAG.SpacingBetweenSlices, g.sliceThickness),
    ds(TAG.RescaleIntercept, q.intercept),
    ds(TAG.RescaleSlope, q.slope),
  ];
  switch (style) {
    case 'generic':
      el.push(is(TAG.NumberOfFrames, 1), at(TAG.FrameIncrementPointer, TAG.SliceVector), us(TAG.SliceVector, 1), us(TAG.NumberOfSlices, 1));
      break;
    case 'philips':
      // no Number of Frames, no Frame Increment Pointer, no vectors beyond the counts of windows/detectors
      break;
    case 'toshiba':
      el.push(is(TAG.NumberOfFrames, 1), at(TAG.FrameIncrementPointer, [TAG.EnergyWindowVector, TAG.DetectorVector]), us(TAG.EnergyWindowVector, 1), us(TAG.DetectorVector, 1));
      break;
    case 'mediso':
      el.push(is(TAG.NumberOfFrames, 1), at(TAG.FrameIncrementPointer, TAG.SliceVector), us(TAG.SliceVector, 1), us(TAG.NumberOfSlices, 1));
      break;
    case 'mim':
      el.push(is(TAG.NumberOfFrames, 1), at(TAG.FrameIncrementPointer, TAG.SliceVector), us(TAG.SliceVector, c.sliceNumber), us(TAG.NumberOfSlices, c.nSlices));
      break;
  }
  return el;
}
