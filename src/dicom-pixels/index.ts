/**
 * Pixel data decoding for every supported transfer syntax (PS3.5 section 8,
 * section 10 and Annex A). Entry point used by the DICOM dataset reader.
 */
import type { DataSet, Element } from 'dicom-parser';
import { PixelDataError, ErrorCode } from '../errors.js';
import { IssueList } from '../issues.js';
import { TAGS } from '../dicom-base/tags.js';
import { type DecodeLimits, type DecodedPixels, type PixelModule, type StoredPixels, DEFAULT_DECODE_LIMITS } from './types.js';
import { transferSyntaxInfo, type PixelEncoding } from './syntaxes.js';
import { type PixelKind, type PixelLayout, HOST_LITTLE_ENDIAN, allocateStored, fixStoredBits, pixelLayout, swapBytes, viewStored } from './stored.js';
import { decodeNative } from './native.js';
import { frameSplitter } from './fragments.js';
import { decodeRleFrame } from './rle.js';
import { copyFrame, decodeFrame } from './encapsulated.js';

export type { PixelModule, StoredPixels, DecodeLimits, DecodedPixels } from './types.js';
export { DEFAULT_DECODE_LIMITS } from './types.js';
export { setCodecBuild, codecBuilds } from './codecs.js';
export { type TransferSyntaxInfo, type PixelEncoding, transferSyntaxInfo, supportedTransferSyntaxes } from './syntaxes.js';

function findPixelElement(ds: DataSet): { el: Element; kind: PixelKind } {
  const candidates: [string, PixelKind][] = [
    [TAGS.PixelData.tag, 'integer'],
    [TAGS.FloatPixelData.tag, 'float32'],
    [TAGS.DoubleFloatPixelData.tag, 'float64'],
  ];
  for (const [tag, kind] of candidates) {
    const el = ds.elements[tag];
    if (el !== undefined && (el.length > 0 || (el.fragments?.length ?? 0) > 0)) return { el, kind };
  }
  throw new PixelDataError(ErrorCode.NO_PIXEL_DATA, 'the dataset has no (7FE0,0010) Pixel Data, (7FE0,0008) Float Pixel Data or (7FE0,0009) Double Float Pixel Data');
}

const SUBSAMPLED = new Set(['YBR_FULL_422', 'YBR_PARTIAL_422', 'YBR_PARTIAL_420']);

/** RLE Lossless frames (PS3.5 G.2): the colour space is kept; segments are whole sample bytes. */
function decodeRle(frameBytes: (f: number) => Uint8Array, layout: PixelLayout, issues: IssueList): StoredPixels {
  const bytes = new Uint8Array(layout.totalValues * layout.bytesPerSample);
  const perFrame = layout.valuesPerFrame * layout.bytesPerSample;
  for (let f = 0; f < layout.frames; f++) {
    decodeRleFrame(frameBytes(f), bytes, f * perFrame, layout.rows * layout.columns, layout.samples, layout.bytesPerSample, issues);
  }
  if (!HOST_LITTLE_ENDIAN) swapBytes(bytes, layout.bytesPerSample);
  const values = viewStored(layout, bytes);
  fixStoredBits(layout, values, true);
  return values;
}

/** JPEG, JPEG-LS and JPEG 2000 frames through the codecs; the Photometric Interpretation of the decoded values. */
async function decodeCompressed(
  encoding: PixelEncoding,
  frameBytes: (f: number) => Uint8Array,
  layout: PixelLayout,
  pixelModule: PixelModule,
  issues: IssueList,
): Promise<{ values: StoredPixels; photometricInterpretation: string }> {
  const out = allocateStored(layout);
  const photometric = pixelModule.photometricInterpretation.trim();
  let decodedPhotometric = photometric;
  for (let f = 0; f < layout.frames; f++) {
    const frame = await decodeFrame(encoding, frameBytes(f), layout, issues);
    // Only JPEG 2000 codestreams say whether samples are signed (SIZ Ssiz, T.800 A.5.1).
    const j2k = encoding === 'jpeg2000' || encoding === 'htj2k';
    if (j2k && frame.signed !== layout.signed && frame.bitsPerSample < layout.bytesPerSample * 8) {
      issues.add(
        'CODESTREAM_SIGNEDNESS_MISMATCH',
        'warning',
        `the codestream is ${frame.signed ? 'signed' : 'unsigned'} ${String(frame.bitsPerSample)}-bit but Pixel Representation is ${String(pixelModule.pixelRepresentation)}; values follow Pixel Representation at Bits Stored`,
      );
    }
    copyFrame(frame, out, f * layout.valuesPerFrame, layout);
  }
  fixStoredBits(layout, out, false);
  if (layout.samples === 3) {
    // libjpeg converts YCbCr to RGB (T.81 + JFIF); OpenJPEG undoes RCT/ICT (T.800 G.2/G.3).
    if ((encoding === 'jpeg-baseline' || encoding === 'jpeg-extended') && photometric.startsWith('YBR_FULL')) decodedPhotometric = 'RGB';
    if (encoding === 'jpeg2000' || encoding === 'htj2k') {
      if (photometric === 'YBR_RCT' || photometric === 'YBR_ICT') decodedPhotometric = 'RGB';
    }
  }
  return { values: out, photometricInterpretation: decodedPhotometric };
}

/**
 * Decode all frames of (7FE0,0010) Pixel Data, or (7FE0,0008) Float / (7FE0,0009)
 * Double Float Pixel Data, into stored values (before rescale), frame after
 * frame, samples interleaved, in the host's byte order.
 *
 * Native data is masked to Bits Stored and sign-extended at Bits Stored when
 * Pixel Representation is 1 (PS3.5 8.1.1); so are codec outputs (e.g. an
 * unsigned 13-bit J2K codestream in a signed dataset gives negative values).
 * Compressed codecs are loaded on first use.
 *
 * @param dataSet a dicom-parser dataset (deflated datasets already inflated)
 * @param transferSyntaxUid (0002,0010)
 * @param pixelModule Image Pixel module attributes (Number of Frames >= 1)
 * @param limits `maxBytes` caps the decoded buffer; checked before allocation
 * @param borrow let native data that needs no conversion come back as a view of
 *   `dataSet.byteArray` instead of a copy (see `decodeNative`); the caller must
 *   then only read it, and before the buffer changes. Default false (a fresh copy).
 * @throws PixelDataError NO_PIXEL_DATA | PIXEL_DATA_SIZE | UNSUPPORTED_TRANSFER_SYNTAX | DECODE_FAILED | UNSUPPORTED_PIXEL_FORMAT
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export async function decodePixelData(
  dataSet: DataSet,
  transferSyntaxUid: string,
  pixelModule: PixelModule,
  limits?: Partial<DecodeLimits>,
  borrow = false,
): Promise<DecodedPixels> {
  const lim: DecodeLimits = { ...DEFAULT_DECODE_LIMITS, ...limits };
  const ts = transferSyntaxInfo(transferSyntaxUid);
  if (ts.encoding === undefined) {
    throw new PixelDataError(ErrorCode.UNSUPPORTED_TRANSFER_SYNTAX, `transfer syntax ${ts.uid} (${ts.name}) is not supported for pixel data`, {
      details: { transferSyntaxUid: ts.uid, name: ts.name },
    });
  }
  const { el, kind } = findPixelElement(dataSet);
  const layout = pixelLayout(pixelModule, kind, lim);
  const issues = new IssueList();
  const encapsulated = el.encapsulatedPixelData === true || el.fragments !== undefined;
  const photometric = pixelModule.photometricInterpretation.trim();
  const planar = pixelModule.samplesPerPixel > 1 && pixelModule.planarConfiguration === 1;

  if (ts.encoding === 'native-le' || ts.encoding === 'native-be') {
    if (encapsulated) {
      throw new PixelDataError(ErrorCode.DECODE_FAILED, `pixel data is encapsulated but the transfer syntax ${ts.uid} (${ts.name}) is native`);
    }
    if (SUBSAMPLED.has(photometric)) {
      throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `native ${photometric} (chroma-subsampled) pixel data is not supported`);
    }
    const values = decodeNative(
      { bytes: dataSet.byteArray, dataOffset: el.dataOffset, length: el.length, vr: el.vr },
      layout,
      ts.encoding === 'native-be',
      planar,
      issues,
      borrow,
    );
    return { values, lossy: false, photometricInterpretation: photometric, issues: issues.toArray() };
  }

  if (kind !== 'integer') {
    throw new PixelDataError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, 'Float / Double Float Pixel Data cannot be encapsulated');
  }
  if (!encapsulated) {
    throw new PixelDataError(ErrorCode.DECODE_FAILED, `transfer syntax ${ts.uid} (${ts.name}) needs encapsulated pixel data, but the element is native`);
  }
  const frameBytes = frameSplitter(dataSet, el, layout.frames, issues);

  if (ts.encoding === 'rle') {
    return { values: decodeRle(frameBytes, layout, issues), lossy: false, photometricInterpretation: photometric, issues: issues.toArray() };
  }
  const { values, photometricInterpretation } = await decodeCompressed(ts.encoding, frameBytes, layout, pixelModule, issues);
  return { values, lossy: ts.lossy, photometricInterpretation, issues: issues.toArray() };
}

