/**
 * spect-perfusion/codecs: the image codecs alone: which DICOM transfer syntaxes
 * are supported, the codec build choice and diagnostics, and the decoders of
 * one compressed frame (a codestream in a `Uint8Array`). The codecs (CharLS,
 * OpenJPEG, libjpeg-turbo, the lossless JPEG decoder) are loaded with dynamic
 * `import()` on the first frame that needs them (docs/codecs.md); in browsers
 * they come from the package's own bundled builds (`#codec/*`, docs/packaging.md).
 */
export { setCodecBuild, codecBuilds, decodeJpegLs, decodeJ2k, decodeJpegBaseline8, decodeJpegLossless } from '../dicom-pixels/codecs.js';
export type { CodecFrame } from '../dicom-pixels/codecs.js';
export { DEFAULT_DECODE_LIMITS } from '../dicom-pixels/types.js';
export type { DecodeLimits } from '../dicom-pixels/types.js';
export { transferSyntaxInfo, supportedTransferSyntaxes } from '../dicom-pixels/syntaxes.js';
export type { TransferSyntaxInfo, PixelEncoding } from '../dicom-pixels/syntaxes.js';
