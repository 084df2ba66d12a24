/**
 * One DICOM file to a `Volume` (`readDicom`), or to raw frames (`readDicomImage`)
 * for 2-D images without geometry.
 */
import type { DataSet } from 'dicom-parser';
import { ErrorCode, GeometryError, PixelDataError } from '../errors.js';
import { IssueList, type Issue } from '../issues.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { decodePixelData } from '../dicom-pixels/index.js';
import type { DecodeLimits, DecodedPixels, PixelModule, StoredPixels } from '../dicom-pixels/types.js';
import { buildMetadata } from './metadata.js';
import { checkNmReconstructed, checkPlanGrid, planVolume } from './multiframe.js';
import { ONE_SLICE_MESSAGE } from './coverage.js';
import { countsAccumulatedOf, countsExtra } from './counts.js';
import { parseDicomBytes, type ParseOptions, type ParsedDicom } from './parse.js';
import { checkImageSopClass, hasPixelData, readPixelModule } from './pixel-module.js';
import { frameRescales, rescaleIntoSlices, rescaleNeedsStoredRange, storedRange, type RescaleSource } from './rescale.js';

export interface ReadDicomOptions extends ParseOptions {
  /** Limits handed to the pixel decoders. */
  readonly limits?: Partial<DecodeLimits>;
}

/**
 * Read one DICOM file as a volume: NM RECON TOMO / RECON GATED TOMO multi-frame,
 * enhanced multi-frame (functional groups), or a single-frame image with a plane.
 * @throws DicomError NOT_DICOM | TRUNCATED | MALFORMED | UNSUPPORTED_SOP_CLASS | NOT_RECONSTRUCTED_VOLUME | MISSING_ATTRIBUTE | INVALID_ATTRIBUTE
 * @throws PixelDataError NO_PIXEL_DATA | PIXEL_DATA_SIZE | UNSUPPORTED_TRANSFER_SYNTAX | DECODE_FAILED | UNSUPPORTED_PIXEL_FORMAT
 * @throws GeometryError INVALID_GEOMETRY | INCONSISTENT_SERIES | TOO_FEW_SLICES (one single-frame NM slice)
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export async function readDicom(bytes: Uint8Array, options: ReadDicomOptions = {}): Promise<Volume> {
  return volumeFromParsed(parseDicomBytes(bytes, options), options);
}

/** `readDicom` for an already parsed file. Same errors. */
export async function volumeFromParsed(parsed: ParsedDicom, options: ReadDicomOptions = {}): Promise<Volume> {
  const ds = parsed.dataSet;
  const issues = new IssueList();
  issues.push(...parsed.issues);
  checkImageSopClass(ds);
  checkNmReconstructed(ds);
  const pm = readPixelModule(ds);
  if (pm.samplesPerPixel !== 1) {
    throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `colour image (${pm.photometricInterpretation}, ${pm.samplesPerPixel} samples per pixel) cannot be a perfusion volume`);
  }
  const plan = planVolume(ds, pm, issues);
  // Native data come back as a view of the file when no conversion is needed:
  // read once below, straight into the Float32 output (no intermediate copy).
  const decoded = await decodeChecked(ds, parsed.transferSyntaxUid, pm, options);
  // voxel sizes and extent against what a head volume can be (src/volume/bounds.ts); after the
  // pixel-size checks of the decoder, before the Float32 volume is allocated
  checkPlanGrid(plan);
  // The stored range only matters for Real World Value Mapping item selection.
  const [lo, hi] = rescaleNeedsStoredRange(ds) ? storedRange(decoded.values) : [0, 0];
  if (decoded.issues) issues.push(...decoded.issues);
  const r = frameRescales(ds, pm.numberOfFrames, pm.pixelRepresentation, lo, hi, issues);
  const [nx, ny, nz] = plan.dims;
  const data = new Float32Array(nx * ny * nz);
  const total = rescaleIntoSlices(decoded.values, nx * ny, plan.frames, r, data);
  if (decoded.lossy) issues.add('LOSSY_COMPRESSION', 'warning', `pixel data were lossy compressed (transfer syntax ${parsed.transferSyntaxUid})`);
  if (plan.kind === 'nm-recon' && plan.dims[2] === 1) {
    // A one-slice NM reconstruction is one file of a single-frame series (Philips,
    // Mediso, Toshiba, MIM exports): refused here, after every other check.
    throw new GeometryError(ErrorCode.TOO_FEW_SLICES, `${ONE_SLICE_MESSAGE} (a single-frame NM ${String(plan.extra.nmImageType)} image)`, {
      details: { axis: 2, voxels: 1 },
    });
  }
  const metadata = buildMetadata(ds, r.units, total, {
    ...plan.extra,
    transferSyntaxUid: parsed.transferSyntaxUid,
    rescaleSource: r.source,
    lossyCompression: decoded.lossy,
    ...countsExtra(countsAccumulatedOf(ds), r.units, r.source),
  });
  return createVolume({ data, dims: plan.dims, affine: plan.affine, metadata, issues: issues.toArray() });
}

/**
 * Decode the stored values and check their count against the pixel module.
 * With `borrow` (the default), native values may be a view of `ds.byteArray`
 * (see `decodePixelData`): callers read them at once and never write to them
 * nor return them; pass `false` to get values the caller owns.
 * @throws PixelDataError PIXEL_DATA_SIZE and the decoder's errors
 */
export async function decodeChecked(ds: DataSet, ts: string, pm: PixelModule, options: ReadDicomOptions, borrow = true): Promise<DecodedPixels> {
  const decoded = await decodePixelData(ds, ts, pm, options.limits, borrow);
  const expected = pm.rows * pm.columns * pm.samplesPerPixel * pm.numberOfFrames;
  if (decoded.values.length !== expected) {
    throw new PixelDataError(ErrorCode.PIXEL_DATA_SIZE, `decoder returned ${decoded.values.length} values, ${expected} expected`);
  }
  return decoded;
}

/** Raw frames of any image object, geometry or not. */
export interface DicomImage {
  readonly pixelModule: PixelModule;
  readonly transferSyntaxUid: string;
  /** Stored values, frame after frame, samples interleaved. */
  readonly stored: StoredPixels;
  /** stored * slope + intercept per frame (identity for colour images). */
  readonly rescaled: Float32Array;
  readonly rescaleSource: RescaleSource;
  readonly units: string | null;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly samplesPerPixel: number;
  /** After decoding (YBR_FULL becomes RGB). */
  readonly photometricInterpretation: string;
  readonly lossy: boolean;
  readonly issues: readonly Issue[];
}

/**
 * Decode the frames of a 2-D image without requiring geometry (e.g. Secondary
 * Capture), for inspection and tests. No SOP class check beyond having pixels.
 * @throws DicomError NOT_DICOM | TRUNCATED | MALFORMED | NO_PIXEL_DATA | MISSING_ATTRIBUTE | INVALID_ATTRIBUTE
 * @throws PixelDataError PIXEL_DATA_SIZE | UNSUPPORTED_TRANSFER_SYNTAX | DECODE_FAILED | UNSUPPORTED_PIXEL_FORMAT
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export async function readDicomImage(bytes: Uint8Array, options: ReadDicomOptions = {}): Promise<DicomImage> {
  const parsed = parseDicomBytes(bytes, options);
  const ds = parsed.dataSet;
  const issues = new IssueList();
  issues.push(...parsed.issues);
  if (!hasPixelData(ds)) throw new PixelDataError(ErrorCode.NO_PIXEL_DATA, 'no Pixel Data in this dataset');
  const pm = readPixelModule(ds);
  // `stored` is handed to the caller: decode into a buffer of its own.
  const decoded = await decodeChecked(ds, parsed.transferSyntaxUid, pm, options, false);
  const frameSize = pm.rows * pm.columns * pm.samplesPerPixel;
  const rescaled = new Float32Array(decoded.values.length);
  let source: RescaleSource = 'identity';
  let units: string | null = null;
  if (pm.samplesPerPixel === 1) {
    const [lo, hi] = rescaleNeedsStoredRange(ds) ? storedRange(decoded.values) : [0, 0];
    if (decoded.issues) issues.push(...decoded.issues);
    const r = frameRescales(ds, pm.numberOfFrames, pm.pixelRepresentation, lo, hi, issues);
    const frames = Array.from({ length: pm.numberOfFrames }, (_, f) => [f]);
    rescaleIntoSlices(decoded.values, frameSize, frames, r, rescaled);
    source = r.source;
    units = r.units;
  } else {
    rescaled.set(decoded.values);
  }
  return {
    pixelModule: pm, transferSyntaxUid: parsed.transferSyntaxUid, stored: decoded.values, rescaled, rescaleSource: source, units,
    rows: pm.rows, columns: pm.columns, frames: pm.numberOfFrames, samplesPerPixel: pm.samplesPerPixel,
    photometricInterpretation: decoded.photometricInterpretation, lossy: decoded.lossy, issues: issues.toArray(),
  };
}
