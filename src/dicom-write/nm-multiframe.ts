/**
 * Reconstructed SPECT volume as one multi-frame NM Image Storage object
 * (SOP Class 1.2.840.10008.5.1.4.1.1.20, PS3.3 A.5), Image Type
 * ORIGINAL\PRIMARY\RECON TOMO\EMISSION, one frame per slice, Frame Increment
 * Pointer -> Slice Vector (C.8.4.8).
 *
 * Vendor styles (how real files differ):
 * - 'ge': geometry ONLY in the Detector Information Sequence (C.8.4.11),
 *   negative Spacing Between Slices (C.8.4.15: frames stacked against row x
 *   column, so the first frame is the far-end slice), signed 16-bit, no rescale.
 * - 'siemens': positive spacing, unsigned 16-bit with Rescale Slope/Intercept,
 *   IPP/IOP also at top level.
 * - 'hermes': positive spacing, unsigned 16-bit, Real World Value Mapping
 *   Sequence (C.7.6.16.2.11) with units {counts} (UCUM) instead of Rescale,
 *   IPP/IOP also at top level.
 */
import { DicomError, ErrorCode } from '../errors.js';
import type { Volume } from '../volume/volume.js';
import { at, codeItem, ds, encodePart10, fd, is, ow, sq, str, us, type Element } from './encoder.js';
import { dicomGeometry, type DicomGeometry } from './geometry.js';
import { commonModules, imagePixel16, radiopharmaceuticalSequence, sopCommon } from './nm-modules.js';
import { quantise, type Quantised } from './quantize.js';
import { TRACERS, type NmWriteOptions, type WrittenNm } from './types.js';
import { createUidSource } from './uids.js';
import { effectiveOptions } from './identifiers.js';
import { TAG } from '../dicom-base/tags.js';

export const NM_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.20';

/** Reorder the volume's slices into frame order (frame f holds slice frameToSlice[f]). */
export function framesInOrder(volume: Volume, g: DicomGeometry): Float32Array {
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny;
  const out = new Float32Array(n * nz);
  for (let f = 0; f < nz; f++) out.set(volume.data.subarray(g.frameToSlice[f]! * n, (g.frameToSlice[f]! + 1) * n), f * n);
  return out;
}

/** Little-endian bytes of 16-bit stored values. */
export function pixelBytes(stored: Int16Array | Uint16Array): Uint8Array {
  const b = new Uint8Array(stored.length * 2);
  const dv = new DataView(b.buffer);
  for (let i = 0; i < stored.length; i++) dv.setUint16(i * 2, stored[i]! & 0xffff, true);
  return b;
}

function checkSize(volume: Volume): void {
  const [nx, ny, nz] = volume.dims;
  if (nx > 65535 || ny > 65535 || nz > 65535) {
    throw new DicomError(ErrorCode.UNREPRESENTABLE_VALUES, `dims ${nx}x${ny}x${nz} exceed the 16-bit Rows/Columns/Number of Slices limits`);
  }
  if (nx * ny * nz * 2 > 0xfffffffe) throw new DicomError(ErrorCode.UNREPRESENTABLE_VALUES, 'pixel data larger than 4 GiB');
}

/** NM Isotope (C.8.4.10), NM Detector (C.8.4.11), NM TOMO Acquisition (C.8.4.12) and NM Reconstruction (C.8.4.15). */
function tomoModules(options: NmWriteOptions, g: DicomGeometry): Element[] {
  const tracer = TRACERS[options.radiopharmaceutical?.code ?? 'HMPAO'];
  const ipp = g.framePositions[0]!;
  return [
    // NM Isotope (C.8.4.10)
    sq(TAG.EnergyWindowInformationSequence, [[
      sq(TAG.EnergyWindowRangeSequence, [[ds(TAG.EnergyWindowLowerLimit, tracer.window[0]), ds(TAG.EnergyWindowUpperLimit, tracer.window[1])]]),
      str(TAG.EnergyWindowName, 'SH', tracer.windowName),
    ]]),
    radiopharmaceuticalSequence(options),
    // NM Detector (C.8.4.11): geometry of RECON TOMO images lives here (type 2C)
    sq(TAG.DetectorInformationSequence, [[
      str(TAG.CollimatorGridName, 'SH', 'LEHR'),
      str(TAG.CollimatorType, 'CS', 'PARA'),
      is(TAG.FocalDistance, 0),
      ds(TAG.ImagePositionPatient, ipp),
      ds(TAG.ImageOrientationPatient, g.orientation),
    ]]),
    // NM TOMO Acquisition (C.8.4.12)
    sq(TAG.RotationInformationSequence, [[
      ds(TAG.StartAngle, 0),
      ds(TAG.AngularStep, 3),
      str(TAG.RotationDirection, 'CS', 'CW'),
      ds(TAG.ScanArc, 360),
      is(TAG.ActualFrameDuration, 20000),
      us(TAG.NumberOfFramesInRotation, 120),
      ds(TAG.RadialPosition, 140),
    ]]),
    str(TAG.TypeOfDetectorMotion, 'CS', 'STEP AND SHOOT'),
    // NM Reconstruction (C.8.4.15)
    ds(TAG.SpacingBetweenSlices, g.spacingBetweenSlices),
    ds(TAG.SliceThickness, g.sliceThickness),
    str(TAG.ConvolutionKernel, 'SH', 'BUTTERWORTH'),
    str(TAG.SliceProgressionDirection, 'CS', 'APEX_TO_BASE'),
  ];
}

/** What each vendor style adds: top-level geometry (Siemens, Hermes), rescale (Siemens), Real World Value Mapping (Hermes), the model name. */
function styleElements(options: NmWriteOptions, g: DicomGeometry, q: Quantised): Element[] {
  const style = options.style;
  const ipp = g.framePositions[0]!;
  const el: Element[] = [];
  if (style !== 'ge') {
    // Siemens and Hermes exports repeat the geometry at top level (not in the NM IOD; readers use it).
    el.push(ds(TAG.ImagePositionPatient, ipp), ds(TAG.ImageOrientationPatient, g.orientation), ds(TAG.SliceLocation, ipp[2]));
  }
  if (style === 'siemens') {
    el.push(ds(TAG.RescaleIntercept, q.intercept), ds(TAG.RescaleSlope, q.slope), str(TAG.RescaleType, 'LO', 'US'));
  } else if (style === 'hermes') {
    // Real World Value Mapping (C.7.6.16.2.11.1), first/last stored values mapped, UCUM units {counts}
    el.push(sq(TAG.RealWorldValueMappingSequence, [[
      us(TAG.RealWorldValueFirstValueMapped, 0),
      us(TAG.RealWorldValueLastValueMapped, 65535),
      str(TAG.LUTExplanation, 'LO', 'counts'),
      str(TAG.LUTLabel, 'SH', 'COUNTS'),
      sq(TAG.MeasurementUnitsCodeSequence, [[...codeItem('{counts}', 'UCUM', 'counts')]]),
      fd(TAG.RealWorldValueIntercept, q.intercept),
      fd(TAG.RealWorldValueSlope, q.slope),
    ]]));
  }
  if (options.manufacturerModel === undefined) {
    el.push(str(TAG.ManufacturerModelName, 'LO', style === 'ge' ? 'Discovery NM/CT 670' : style === 'siemens' ? 'Symbia T2' : 'HybridRecon'));
  }
  return el;
}

/**
 * Write `volume` as a multi-frame NM file and report the quantisation used.
 * @throws DicomError UNREPRESENTABLE_VALUES (non-finite values, GE values outside int16, too large)
 * @throws GeometryError INVALID_GEOMETRY (sheared affine that DICOM NM cannot represent)
 */
export function writeNmMultiframeWithInfo(volume: Volume, nmOptions: NmWriteOptions): WrittenNm {
  checkSize(volume);
  const options = effectiveOptions(nmOptions);
  const style = options.style;
  const g = dicomGeometry(volume, style === 'ge' ? 'negative' : 'positive');
  const q = quantise(framesInOrder(volume, g), style === 'ge' ? 'signed-identity' : 'unsigned-linear', style === 'siemens');
  const [nx, ny, nz] = volume.dims;
  const uidSrc = createUidSource(options.seedForUids ?? 1);
  const su = options.study?.uids ?? {};
  const uids = {
    study: su.study ?? uidSrc.next(),
    series: su.series ?? uidSrc.next(),
    frameOfReference: su.frameOfReference ?? uidSrc.next(),
    sopInstance: su.sopInstance ?? uidSrc.next(),
  };
  const date = options.study?.date ?? '20260101';
  const time = options.study?.time ?? '120000';
  const sliceVector: number[] = [];
  for (let k = 1; k <= nz; k++) sliceVector.push(k);
  let counts = 0;
  for (let i = 0; i < volume.data.length; i++) counts += volume.data[i]!;
  const el: Element[] = [
    ...commonModules(options, style, 'NM', uids),
    ...sopCommon(NM_IMAGE_STORAGE, uids.sopInstance, date, time),
    // General Image (C.7.6.1)
    is(TAG.InstanceNumber, 1),
    str(TAG.PatientOrientation, 'CS', g.patientOrientation),
    // NM Image (C.8.4.9)
    str(TAG.ImageType, 'CS', ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION']),
    Math.round(counts) <= 2147483647 && counts >= 0 ? is(TAG.CountsAccumulated, Math.round(counts)) : str(TAG.CountsAccumulated, 'IS', ''),
    str(TAG.CorrectedImage, 'CS', options.attenuationCorrected === false ? ['UNIF', 'COR'] : ['ATTN', 'SCAT']),
    // Image Pixel (C.7.6.3) and NM Image Pixel (C.8.4.7)
    ...imagePixel16(nx, ny, g.pixelSpacing),
    us(TAG.PixelRepresentation, style === 'ge' ? 1 : 0),
    ow(TAG.PixelData, pixelBytes(q.stored)),
    // Multi-frame (C.7.6.6) and NM Multi-frame (C.8.4.8)
    is(TAG.NumberOfFrames, nz),
    at(TAG.FrameIncrementPointer, TAG.SliceVector),
    us(TAG.SliceVector, sliceVector),
    us(TAG.NumberOfSlices, nz),
    us(TAG.NumberOfEnergyWindows, 1),
    us(TAG.NumberOfDetectors, 1),
    us(TAG.NumberOfRotations, 1),
    ...tomoModules(options, g),
  ];
  el.push(...styleElements(options, g, q));
  const bytes = encodePart10(NM_IMAGE_STORAGE, uids.sopInstance, el);
  return { bytes, quantisation: { slope: q.slope, intercept: q.intercept, maxError: q.maxError }, uids };
}

/**
 * Write `volume` as a multi-frame NM Part 10 file (bytes only).
 * @throws DicomError UNREPRESENTABLE_VALUES
 * @throws GeometryError INVALID_GEOMETRY
 */
export function writeNmMultiframe(volume: Volume, options: NmWriteOptions): Uint8Array {
  return writeNmMultiframeWithInfo(volume, options).bytes;
}
