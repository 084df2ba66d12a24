/**
 * A volume as a series of single-frame files, one slice each, sharing Study,
 * Series and Frame of Reference UIDs, each with its own Image Position
 * (Patient):
 * - 'PT' (default): PET Image Storage (1.2.840.10008.5.1.4.1.1.128, PS3.3
 *   A.21) with PET Series (C.8.9.1), PET Isotope (C.8.9.2), Image Plane
 *   (C.7.6.2) and PET Image (C.8.9.4) modules; per-slice Rescale Slope with
 *   Rescale Intercept 0, as C.8.9.4.1.2 requires.
 * - 'NM': NM Image Storage with one frame per file (RECON TOMO, Slice Vector
 *   [1]); geometry in the Detector Information Sequence and at top level; one
 *   Rescale Slope/Intercept for the whole series.
 * Instance Numbers can be shuffled (deterministically) so that readers must
 * sort by position, not by number.
 */
import { createRng } from '../../kernels/random.js';
import type { Volume } from '../../volume/volume.js';
import { at, ds, dsValue, encodePart10, is, ow, sq, str, us, type Element } from './encoder.js';
import { dicomGeometry } from './geometry.js';
import { commonModules, imagePixel16, radiopharmaceuticalSequence, sopCommon } from './nm-modules.js';
import { NM_IMAGE_STORAGE, framesInOrder, pixelBytes } from './nm-multiframe.js';
import { quantise } from './quantize.js';
import { TRACERS, type Quantisation, type SeriesWriteOptions } from './types.js';
import { createUidSource } from './uids.js';
import { effectiveOptions } from './identifiers.js';

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
 * Write one file per slice.
 * @throws DicomError UNREPRESENTABLE_VALUES (non-finite values)
 * @throws GeometryError INVALID_GEOMETRY (sheared affine)
 */
export function writeSingleFrameSeries(volume: Volume, seriesOptions: SeriesWriteOptions = {}): SeriesFile[] {
  // identifiers/deidentified folded in; a series has one SOP Instance UID per file, so uids.sopInstance is not used
  const options = effectiveOptions(seriesOptions);
  const modality = options.modality ?? 'PT';
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
  const numbers = Array.from({ length: nz }, (_, i) => i + 1);
  if (options.shuffleInstanceNumbers) {
    const rng = createRng((options.seedForUids ?? 1) ^ 0x5f1f);
    for (let i = nz - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [numbers[i], numbers[j]] = [numbers[j]!, numbers[i]!];
    }
  }
  const tracer = TRACERS[options.radiopharmaceutical?.code ?? 'HMPAO'];
  const files: SeriesFile[] = [];
  for (let f = 0; f < nz; f++) {
    const sopInstance = uidSrc.next();
    const ipp = g.framePositions[f]!;
    const instanceNumber = numbers[f]!;
    const el: Element[] = [
      ...commonModules(options, 'series', modality, uids),
      ...sopCommon(modality === 'PT' ? PET_IMAGE_STORAGE : NM_IMAGE_STORAGE, sopInstance, date, time),
      is(0x00200013, instanceNumber),
      ...imagePixel16(nx, ny, g.pixelSpacing),
      ds(0x00200032, ipp),
      ds(0x00200037, g.orientation),
      ds(0x00180050, g.sliceThickness),
      ds(0x00201041, sliceLocation(ipp, g.orientation)),
      radiopharmaceuticalSequence(options),
    ];
    let q: Quantisation;
    let pixels: Uint8Array;
    if (modality === 'PT') {
      const s = quantiseSlopeOnly(frames.subarray(f * n, (f + 1) * n));
      q = s.q;
      pixels = pixelBytes(s.stored);
      el.push(
        us(0x00280103, s.signed ? 1 : 0),
        // PET Series (C.8.9.1)
        str(0x00541000, 'CS', ['STATIC', 'IMAGE']),
        str(0x00541001, 'CS', 'CNTS'),
        str(0x00541002, 'CS', 'EMISSION'),
        us(0x00540081, nz),
        str(0x00280051, 'CS', ['ATTN', 'SCAT']),
        str(0x00541102, 'CS', 'NONE'),
        str(0x00181181, 'CS', 'NONE'),
        // PET Image (C.8.9.4)
        str(0x00080008, 'CS', ['ORIGINAL', 'PRIMARY']),
        ds(0x00281052, 0),
        ds(0x00281053, q.slope),
        ds(0x00541300, 0),
        us(0x00541330, f + 1),
        is(0x00181242, 1200000),
        str(0x00282110, 'CS', '00'),
      );
    } else {
      q = { slope: whole.slope, intercept: whole.intercept, maxError: whole.maxError };
      pixels = pixelBytes(whole.stored.subarray(f * n, (f + 1) * n));
      el.push(
        us(0x00280103, 0),
        str(0x00080008, 'CS', ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION']),
        str(0x00200020, 'CS', g.patientOrientation),
        str(0x00180070, 'IS', ''),
        is(0x00280008, 1),
        at(0x00280009, 0x00540080),
        us(0x00540080, 1),
        us(0x00540081, 1),
        us(0x00540011, 1),
        us(0x00540021, 1),
        us(0x00540051, 1),
        sq(0x00540012, [[sq(0x00540013, [[ds(0x00540014, tracer.window[0]), ds(0x00540015, tracer.window[1])]]), str(0x00540018, 'SH', tracer.windowName)]]),
        sq(0x00540022, [[str(0x00181181, 'CS', 'PARA'), is(0x00181182, 0), ds(0x00200032, ipp), ds(0x00200037, g.orientation)]]),
        sq(0x00540052, [[ds(0x00540200, 0), ds(0x00181144, 3), str(0x00181140, 'CS', 'CW'), ds(0x00181143, 360), is(0x00181242, 20000), us(0x00540053, 120)]]),
        ds(0x00180088, g.sliceThickness),
        ds(0x00281052, q.intercept),
        ds(0x00281053, q.slope),
      );
    }
    el.push(ow(0x7fe00010, pixels));
    const prefix = options.namePrefix ?? 'IM';
    files.push({ name: `${prefix}${String(instanceNumber).padStart(4, '0')}.dcm`, bytes: encodePart10(modality === 'PT' ? PET_IMAGE_STORAGE : NM_IMAGE_STORAGE, sopInstance, el), quantisation: q, instanceNumber });
  }
  return files;
}

/** Slice Location: position along the slice normal (PS3.3 C.7.6.2.1.2, informative). */
function sliceLocation(ipp: readonly number[], o: readonly number[]): number {
  const nrm = [o[1]! * o[5]! - o[2]! * o[4]!, o[2]! * o[3]! - o[0]! * o[5]!, o[0]! * o[4]! - o[1]! * o[3]!];
  return ipp[0]! * nrm[0]! + ipp[1]! * nrm[1]! + ipp[2]! * nrm[2]!;
}
