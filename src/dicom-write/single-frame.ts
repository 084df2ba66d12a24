/**
 * A volume as a series of single-frame files, one slice each, sharing Study,
 * Series and Frame of Reference UIDs, each with its own Image Position
 * (Patient):
 * - 'PT' (default): PET Image Storage (1.2.840.10008.5.1.4.1.1.128, PS3.3
 *   A.21) with PET Series (C.8.9.1), PET Isotope (C.8.9.2), Image Plane
 *   (C.7.6.2) and PET Image (C.8.9.4) modules; per-slice Rescale Slope with
 *   Rescale Intercept 0, as C.8.9.4.1.2 requires.
 * - 'NM': NM Image Storage with one reconstructed slice per file (RECON TOMO),
 *   in the vendor layouts of `NmSeriesStyle` (single-frame-nm.ts); one Rescale
 *   Slope/Intercept for the whole series, or one per slice.
 * Slices can be written from the far end (descending), Instance Numbers
 * reversed or shuffled (deterministically), so that readers must sort by
 * position, never by file name or number; files can be big endian.
 */
import { createRng } from '../kernels/random.js';
import type { Volume } from '../volume/volume.js';
import { ds, dsValue, encodePart10, is, ow, str, us, type Element } from './encoder.js';
import { NM_SERIES_MANUFACTURER, nmSliceElements, nmTopLevelGeometry } from './single-frame-nm.js';
import { dicomGeometry } from './geometry.js';
import { commonModules, imagePixel16, radiopharmaceuticalSequence, sopCommon } from './nm-modules.js';
import { NM_IMAGE_STORAGE, framesInOrder, pixelBytes } from './nm-multiframe.js';
import { quantise } from './quantize.js';
import { TRACERS, type Quantisation, type SeriesWriteOptions } from './types.js';
import { createUidSource } from './uids.js';
import { effectiveOptions } from './identifiers.js';
import { TAG } from '../dicom-base/tags.js';

export const PET_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.128';

export interface SeriesFile {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly quantisation: Quantisation;
  readonly instanceNumber: number;
}

/** Slope-only quantisation of one slice (intercept 0): unsigned if all values >= 0, else signed. */
function quantiseSlopeOnly(slice: Float32Array): { stored: Int16Array | Uint16Array; q: Quantisation; signed: boolean } {
  let lo = 0, hi = 0;
  for (let i = 0; i < slice.length; i++) {
    const x = slice[i]!;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  const signed = lo < 0;
  const top = signed ? 32767 : 65535;
  const range = Math.max(hi, -lo);
  const slope = range > 0 ? dsValue(range / top) : 1;
  const stored = signed ? new Int16Array(slice.length) : new Uint16Array(slice.length);
  let maxError = 0;
  for (let i = 0; i < slice.length; i++) {
    const x = slice[i]!;
    let v = Math.round(x / slope);
    if (v > top) v = top;
    if (v < -top) v = -top;
    stored[i] = v;
    const e = Math.abs(x - v * slope);
    if (e > maxError) maxError = e;
  }
  return { stored, q: { slope, intercept: 0, maxError }, signed };
}

/**
 * Write one file per slice (see `SeriesWriteOptions` for the NM styles, slice and
 * Instance Number orders, per-slice rescale, Counts Accumulated and big endian).
 * @throws DicomError UNREPRESENTABLE_VALUES (non-finite values)
 * @throws GeometryError INVALID_GEOMETRY (sheared affine)
 */
export function writeSingleFrameSeries(volume: Volume, seriesOptions: SeriesWriteOptions = {}): SeriesFile[] {
  // identifiers/deidentified folded in; a series has one SOP Instance UID per file, so uids.sopInstance is not used
  const options = effectiveOptions(seriesOptions);
  const modality = options.modality ?? 'PT';
  const nmStyle = options.nmStyle ?? 'generic';
  const g = dicomGeometry(volume, 'positive');
  const [nx, ny, nz] = volume.dims;
  const n = nx * ny;
  const frames = framesInOrder(volume, g);
  const whole = quantise(frames, 'unsigned-linear', true); // also rejects NaN/Inf
  const uidSrc = createUidSource(options.seedForUids ?? 1);
  const su = options.study?.uids ?? {};
  const uids = { study: su.study ?? uidSrc.next(), series: su.series ?? uidSrc.next(), frameOfReference: su.frameOfReference ?? uidSrc.next() };
  const date = options.study?.date ?? '20260101';
  const time = options.study?.time ?? '120000';
  const numbers = instanceNumbers(nz, options);
  const tracer = TRACERS[options.radiopharmaceutical?.code ?? 'HMPAO'];
  const manufacturer = modality === 'NM' ? NM_SERIES_MANUFACTURER[nmStyle] : undefined;
  const common = commonModules(manufacturer && options.manufacturer === undefined ? { ...options, manufacturer } : options, 'series', modality, uids);
  const sums = sliceSums(frames, n, nz);
  let volumeSum = 0;
  for (const x of sums) volumeSum += x;
  const files: SeriesFile[] = [];
  for (let file = 0; file < nz; file++) {
    // frame f = slice f along row x column (positive spacing); descending writes the far end first
    const f = options.sliceOrder === 'descending' ? nz - 1 - file : file;
    const sopInstance = uidSrc.next();
    const ipp = g.framePositions[f]!;
    const instanceNumber = numbers[file]!;
    const el: Element[] = [
      ...common,
      ...sopCommon(modality === 'PT' ? PET_IMAGE_STORAGE : NM_IMAGE_STORAGE, sopInstance, date, time),
      is(TAG.InstanceNumber, instanceNumber),
      ...imagePixel16(nx, ny, g.pixelSpacing),
      ds(TAG.SliceThickness, g.sliceThickness),
      ds(TAG.SliceLocation, sliceLocation(ipp, g.orientation)),
      radiopharmaceuticalSequence(options),
    ];
    if (modality === 'PT' || nmTopLevelGeometry(nmStyle)) el.push(ds(TAG.ImagePositionPatient, ipp), ds(TAG.ImageOrientationPatient, g.orientation));
    let q: Quantisation;
    let pixels: Uint8Array;
    const slice = frames.subarray(f * n, (f + 1) * n);
    if (modality === 'PT') {
      const pet = petSlice(slice, f, nz, options);
      q = pet.q;
      pixels = pet.pixels;
      el.push(...pet.elements);
    } else {
      if (options.perSliceRescale) {
        const s = quantise(slice, 'unsigned-linear', true);
        q = { slope: s.slope, intercept: s.intercept, maxError: s.maxError };
        pixels = pixelBytes(s.stored);
      } else {
        q = { slope: whole.slope, intercept: whole.intercept, maxError: whole.maxError };
        pixels = pixelBytes(whole.stored.subarray(f * n, (f + 1) * n));
      }
      const ca = options.countsAccumulated ?? 'empty';
      const counts = ca === 'empty' ? null : countsValue(ca === 'total' ? volumeSum : sums[f]!);
      el.push(...nmSliceElements({ style: nmStyle, g, ipp, sliceNumber: f + 1, nSlices: nz, tracer, q, counts }));
    }
    el.push(ow(TAG.PixelData, pixels));
    const prefix = options.namePrefix ?? 'IM';
    const sop = modality === 'PT' ? PET_IMAGE_STORAGE : NM_IMAGE_STORAGE;
    files.push({ name: `${prefix}${String(instanceNumber).padStart(4, '0')}.dcm`, bytes: encodePart10(sop, sopInstance, el, options.bigEndian === true), quantisation: q, instanceNumber });
  }
  return files;
}

/** A PET slice: slope-only quantisation, and the PET Series (C.8.9.1) and PET Image (C.8.9.4) attributes. */
function petSlice(slice: Float32Array, f: number, nz: number, options: SeriesWriteOptions): { q: Quantisation; pixels: Uint8Array; elements: Element[] } {
  const s = quantiseSlopeOnly(slice);
  const q = s.q;
  const elements = [
    us(TAG.PixelRepresentation, s.signed ? 1 : 0),
    // PET Series (C.8.9.1)
    str(TAG.SeriesType, 'CS', ['STATIC', 'IMAGE']),
    str(TAG.Units, 'CS', 'CNTS'),
    str(TAG.CountsSource, 'CS', 'EMISSION'),
    us(TAG.NumberOfSlices, nz),
    str(TAG.CorrectedImage, 'CS', options.attenuationCorrected === false ? ['NORM', 'DTIM'] : ['ATTN', 'SCAT']),
    str(TAG.DecayCorrection, 'CS', 'NONE'),
    str(TAG.CollimatorType, 'CS', 'NONE'),
    // PET Image (C.8.9.4)
    str(TAG.ImageType, 'CS', ['ORIGINAL', 'PRIMARY']),
    ds(TAG.RescaleIntercept, 0),
    ds(TAG.RescaleSlope, q.slope),
    ds(TAG.FrameReferenceTime, 0),
    us(TAG.ImageIndex, f + 1),
    is(TAG.ActualFrameDuration, 1200000),
    str(TAG.LossyImageCompression, 'CS', '00'),
  ];
  return { q, pixels: pixelBytes(s.stored), elements };
}

/** Instance Number of each file: 1..n in file order, reversed, or shuffled (deterministic). */
function instanceNumbers(nz: number, options: SeriesWriteOptions): number[] {
  const numbers = Array.from({ length: nz }, (_, i) => (options.reverseInstanceNumbers ? nz - i : i + 1));
  if (options.shuffleInstanceNumbers) {
    const rng = createRng((options.seedForUids ?? 1) ^ 0x5f1f);
    for (let i = nz - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [numbers[i], numbers[j]] = [numbers[j]!, numbers[i]!];
    }
  }
  return numbers;
}

/** Float64 sum of each frame. */
function sliceSums(frames: Float32Array, n: number, nz: number): Float64Array {
  const out = new Float64Array(nz);
  for (let f = 0; f < nz; f++) {
    let t = 0;
    for (let p = f * n, e = p + n; p < e; p++) t += frames[p]!;
    out[f] = t;
  }
  return out;
}

/** A count as IS: rounded, and null (empty) when negative or beyond the IS range. */
function countsValue(x: number): number | null {
  const r = Math.round(x);
  return r >= 0 && r <= 2147483647 ? r : null;
}

/** Slice Location: position along the slice normal (PS3.3 C.7.6.2.1.2, informative). */
function sliceLocation(ipp: readonly number[], o: readonly number[]): number {
  const nrm = [o[1]! * o[5]! - o[2]! * o[4]!, o[2]! * o[3]! - o[0]! * o[5]!, o[0]! * o[4]! - o[1]! * o[3]!];
  return ipp[0]! * nrm[0]! + ipp[1]! * nrm[1]! + ipp[2]! * nrm[2]!;
}
