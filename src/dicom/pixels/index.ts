/**
 * Pixel data decoding for every supported transfer syntax.
 * (Placeholder signature; implemented in this folder.)
 */
import type { DataSet } from 'dicom-parser';
import { PixelDataError, ErrorCode } from '../../errors.js';
import type { DecodeLimits, DecodedPixels, PixelModule } from './types.js';

export type { PixelModule, StoredPixels, DecodeLimits, DecodedPixels } from './types.js';
export { DEFAULT_DECODE_LIMITS } from './types.js';

/**
 * Decode all frames of (7FE0,0010) Pixel Data, or (7FE0,0008) Float / (7FE0,0009)
 * Double Float Pixel Data, into stored values.
 * @throws PixelDataError NO_PIXEL_DATA | PIXEL_DATA_SIZE | UNSUPPORTED_TRANSFER_SYNTAX | DECODE_FAILED | UNSUPPORTED_PIXEL_FORMAT
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export async function decodePixelData(
  dataSet: DataSet,
  transferSyntaxUid: string,
  pixelModule: PixelModule,
  limits?: Partial<DecodeLimits>,
): Promise<DecodedPixels> {
  void dataSet; void transferSyntaxUid; void pixelModule; void limits;
  throw new PixelDataError(ErrorCode.UNSUPPORTED_TRANSFER_SYNTAX, 'pixel decoding not implemented yet');
}
