/**
 * The Image Pixel module (PS3.3 C.7.6.3) of a dataset, validated, as the
 * `PixelModule` the pixel decoders expect; and the SOP classes the reader accepts.
 */
import type { DataSet } from 'dicom-parser';
import { DicomError, ErrorCode, PixelDataError } from '../errors.js';
import type { PixelModule } from '../dicom-pixels/types.js';
import { TAGS, getNumber, getString, has } from './attributes.js';
import { describeSopClass, safeUid } from './safe-text.js';
import { IMAGE_SOP_CLASSES } from './sop-classes.js';

export { IMAGE_SOP_CLASSES };

/** True when the dataset carries (7FE0,0010), (7FE0,0008) or (7FE0,0009). */
export function hasPixelData(ds: DataSet): boolean {
  return has(ds, TAGS.PixelData) || has(ds, TAGS.FloatPixelData) || has(ds, TAGS.DoubleFloatPixelData);
}

/**
 * Refuse datasets the reader cannot turn into an image.
 * @throws PixelDataError NO_PIXEL_DATA; DicomError UNSUPPORTED_SOP_CLASS
 */
export function checkImageSopClass(ds: DataSet): string | null {
  const sop = getString(ds, TAGS.SOPClassUID) ?? null;
  if (!hasPixelData(ds)) {
    throw new PixelDataError(ErrorCode.NO_PIXEL_DATA, `no Pixel Data in this ${sop ? `object (${describeSopClass(sop)})` : 'dataset'}`, { details: { sopClassUid: safeUid(sop) } });
  }
  if (sop !== null && IMAGE_SOP_CLASSES[sop] === undefined) {
    throw new DicomError(ErrorCode.UNSUPPORTED_SOP_CLASS, `SOP Class UID (0008,0016) names ${describeSopClass(sop)}, not an image class this reader supports (NM, PET, CT, MR, Secondary Capture and their enhanced forms)`, { details: { sopClassUid: safeUid(sop) } });
  }
  return sop;
}

const MAX_DIM = 65535;

/**
 * Read and validate the Image Pixel module.
 * @throws DicomError MISSING_ATTRIBUTE | INVALID_ATTRIBUTE
 */
export function readPixelModule(ds: DataSet): PixelModule {
  const need = (def: (typeof TAGS)[keyof typeof TAGS]): number => {
    const v = getNumber(ds, def);
    if (v === undefined) throw new DicomError(ErrorCode.MISSING_ATTRIBUTE, `missing ${def.keyword} ${tagText(def.tag)}`);
    if (!Number.isInteger(v)) throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, `${def.keyword} is ${v}, not an integer`);
    return v;
  };
  const rows = need(TAGS.Rows);
  const columns = need(TAGS.Columns);
  const bitsAllocated = need(TAGS.BitsAllocated);
  const samplesPerPixel = getNumber(ds, TAGS.SamplesPerPixel) ?? 1;
  const bitsStored = getNumber(ds, TAGS.BitsStored) ?? bitsAllocated;
  const highBit = getNumber(ds, TAGS.HighBit) ?? bitsStored - 1;
  const pr = getNumber(ds, TAGS.PixelRepresentation) ?? 0;
  const pc = getNumber(ds, TAGS.PlanarConfiguration) ?? 0;
  const framesRaw = getNumber(ds, TAGS.NumberOfFrames);
  const numberOfFrames = framesRaw === undefined ? 1 : framesRaw;
  const bad = (what: string) => new DicomError(ErrorCode.INVALID_ATTRIBUTE, what);
  if (rows < 1 || rows > MAX_DIM || columns < 1 || columns > MAX_DIM) throw bad(`image size ${rows} x ${columns} is invalid`);
  if (![1, 8, 16, 32, 64].includes(bitsAllocated)) throw bad(`Bits Allocated ${bitsAllocated} is not supported`);
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > bitsAllocated) throw bad(`Bits Stored ${bitsStored} does not fit Bits Allocated ${bitsAllocated}`);
  if (!Number.isInteger(highBit) || highBit < bitsStored - 1 || highBit >= bitsAllocated) throw bad(`High Bit ${highBit} is inconsistent with Bits Stored ${bitsStored}`);
  if (pr !== 0 && pr !== 1) throw bad(`Pixel Representation ${pr} must be 0 or 1`);
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) throw bad(`Samples per Pixel ${samplesPerPixel} must be 1 or 3`);
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1 || numberOfFrames > 1_000_000) throw bad(`Number of Frames ${numberOfFrames} is invalid`);
  return {
    rows, columns, samplesPerPixel, bitsAllocated, bitsStored, highBit,
    pixelRepresentation: pr as 0 | 1,
    photometricInterpretation: getString(ds, TAGS.PhotometricInterpretation) ?? (samplesPerPixel === 1 ? 'MONOCHROME2' : 'RGB'),
    planarConfiguration: pc === 1 ? 1 : 0,
    numberOfFrames,
  };
}

function tagText(tag: string): string {
  return `(${tag.slice(1, 5).toUpperCase()},${tag.slice(5, 9).toUpperCase()})`;
}
