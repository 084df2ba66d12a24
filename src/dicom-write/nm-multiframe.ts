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
import { quantise } from './quantize.js';
import { TRACERS, type NmWriteOptions, type WrittenNm } from './types.js';
import { createUidSource } from './uids.js';
import { effectiveOptions } from './identifiers.js';

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
  const ipp = g.framePositions[0]!;
  const tracer = TRACERS[options.radiopharmaceutical?.code ?? 'HMPAO'];
  const sliceVector: number[] = [];
  for (let k = 1; k <= nz; k++) sliceVector.push(k);
  let counts = 0;
  for (let i = 0; i < volume.data.length; i++) counts += volume.data[i]!;
  const el: Element[] = [
    ...commonModules(options, style, 'NM', uids),
    ...sopCommon(NM_IMAGE_STORAGE, uids.sopInstance, date, time),
    // General Image (C.7.6.1)
    is(0x00200013, 1),
    str(0x00200020, 'CS', g.patientOrientation),
    // NM Image (C.8.4.9)
    str(0x00080008, 'CS', ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION']),
    Math.round(counts) <= 2147483647 && counts >= 0 ? is(0x00180070, Math.round(counts)) : str(0x00180070, 'IS', ''),
    str(0x00280051, 'CS', options.attenuationCorrected === false ? ['UNIF', 'COR'] : ['ATTN', 'SCAT']),
    // Image Pixel (C.7.6.3) and NM Image Pixel (C.8.4.7)
    ...imagePixel16(nx, ny, g.pixelSpacing),
    us(0x00280103, style === 'ge' ? 1 : 0),
    ow(0x7fe00010, pixelBytes(q.stored)),
    // Multi-frame (C.7.6.6) and NM Multi-frame (C.8.4.8)
    is(0x00280008, nz),
    at(0x00280009, 0x00540080),
    us(0x00540080, sliceVector),
    us(0x00540081, nz),
    us(0x00540011, 1),
    us(0x00540021, 1),
    us(0x00540051, 1),
    // NM Isotope (C.8.4.10)
    sq(0x00540012, [[
      sq(0x00540013, [[ds(0x00540014, tracer.window[0]), ds(0x00540015, tracer.window[1])]]),
      str(0x00540018, 'SH', tracer.windowName),
    ]]),
    radiopharmaceuticalSequence(options),
    // NM Detector (C.8.4.11): geometry of RECON TOMO images lives here (type 2C)
    sq(0x00540022, [[
      str(0x00181180, 'SH', 'LEHR'),
      str(0x00181181, 'CS', 'PARA'),
      is(0x00181182, 0),
      ds(0x00200032, ipp),
      ds(0x00200037, g.orientation),
    ]]),
    // NM TOMO Acquisition (C.8.4.12)
    sq(0x00540052, [[
      ds(0x00540200, 0),
      ds(0x00181144, 3),
      str(0x00181140, 'CS', 'CW'),
      ds(0x00181143, 360),
      is(0x00181242, 20000),
      us(0x00540053, 120),
      ds(0x00181142, 140),
    ]]),
    str(0x00540202, 'CS', 'STEP AND SHOOT'),
    // NM Reconstruction (C.8.4.15)
    ds(0x00180088, g.spacingBetweenSlices),
    ds(0x00180050, g.sliceThickness),
    str(0x00181210, 'SH', 'BUTTERWORTH'),
    str(0x00540500, 'CS', 'APEX_TO_BASE'),
  ];
  if (style !== 'ge') {
    // Siemens and Hermes exports repeat the geometry at top level (not in the NM IOD; readers use it).
    el.push(ds(0x00200032, ipp), ds(0x00200037, g.orientation), ds(0x00201041, ipp[2]));
  }
  if (style === 'siemens') {
    el.push(ds(0x00281052, q.intercept), ds(0x00281053, q.slope), str(0x00281054, 'LO', 'US'));
  } else if (style === 'hermes') {
    // Real World Value Mapping (C.7.6.16.2.11.1), first/last stored values mapped, UCUM units {counts}
    el.push(sq(0x00409096, [[
      us(0x00409216, 0),
      us(0x00409211, 65535),
      str(0x00283003, 'LO', 'counts'),
      str(0x00409210, 'SH', 'COUNTS'),
      sq(0x004008ea, [[...codeItem('{counts}', 'UCUM', 'counts')]]),
      fd(0x00409224, q.intercept),
      fd(0x00409225, q.slope),
    ]]));
  }
  if (options.manufacturerModel === undefined) {
    el.push(str(0x00081090, 'LO', style === 'ge' ? 'Discovery NM/CT 670' : style === 'siemens' ? 'Symbia T2' : 'HybridRecon'));
  }
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
