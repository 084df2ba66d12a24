/**
 * Transfer syntaxes known to the pixel decoders (PS3.5 section 10 and
 * Annex A; UIDs from PS3.6 Annex A).
 */

/** How the pixel data of a transfer syntax is stored and which decoder handles it. */
export type PixelEncoding =
  | 'native-le'
  | 'native-be'
  | 'rle'
  | 'jpeg-lossless'
  | 'jpeg-baseline'
  | 'jpeg-extended'
  | 'jpeg-ls'
  | 'jpeg2000'
  | 'htj2k';

export interface TransferSyntaxInfo {
  readonly uid: string;
  readonly name: string;
  /** Undefined when this project cannot decode the syntax. */
  readonly encoding: PixelEncoding | undefined;
  readonly lossy: boolean;
}

const T = (uid: string, name: string, encoding: PixelEncoding | undefined, lossy = false): TransferSyntaxInfo =>
  Object.freeze({ uid, name, encoding, lossy });

const TABLE: readonly TransferSyntaxInfo[] = [
  T('1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native-le'),
  T('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native-le'),
  // Deflate (PS3.5 A.5): the dataset reader inflates the whole dataset first,
  // so the pixel data reaching us is native little endian.
  T('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native-le'),
  T('1.2.840.10008.1.2.2', 'Explicit VR Big Endian (retired)', 'native-be'),
  T('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
  T('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-baseline', true),
  T('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg-extended', true),
  T('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
  T('1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 SV1)', 'jpeg-lossless'),
  T('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
  T('1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless)', 'jpeg-ls', true),
  T('1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)', 'jpeg2000'),
  // .91 may hold a reversible codestream too; we report it as lossy because the
  // syntax allows irreversible coding and the file itself does not say otherwise.
  T('1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression', 'jpeg2000', true),
  T('1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 (Lossless Only)', 'htj2k'),
  T('1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', 'htj2k'),
  T('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000', 'htj2k', true),
  // Known but not decodable here.
  T('1.2.840.10008.1.2.4.52', 'JPEG Extended (Process 3 & 5) (retired)', undefined, true),
  T('1.2.840.10008.1.2.4.53', 'JPEG Spectral Selection, Non-Hierarchical (retired)', undefined, true),
  T('1.2.840.10008.1.2.4.55', 'JPEG Full Progression, Non-Hierarchical (retired)', undefined, true),
  T('1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component (Lossless Only)', undefined),
  T('1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component', undefined, true),
  T('1.2.840.10008.1.2.4.94', 'JPIP Referenced', undefined),
  T('1.2.840.10008.1.2.4.95', 'JPIP Referenced Deflate', undefined),
  T('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', undefined, true),
  T('1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', undefined, true),
  T('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', undefined, true),
  T('1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', undefined, true),
  T('1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', undefined, true),
  T('1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', undefined, true),
  T('1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', undefined, true),
  T('1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', undefined, true),
  T('1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', undefined, true),
  T('1.2.840.10008.1.2.4.110', 'JPEG XL Lossless', undefined),
  T('1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression', undefined, true),
  T('1.2.840.10008.1.2.4.112', 'JPEG XL', undefined, true),
  T('1.2.840.10008.1.2.1.98', 'Encapsulated Uncompressed Explicit VR Little Endian', undefined),
  T('1.2.840.10008.1.2.6.1', 'RFC 2557 MIME encapsulation (retired)', undefined),
  T('1.2.840.10008.1.2.6.2', 'XML Encoding (retired)', undefined),
];

const BY_UID: ReadonlyMap<string, TransferSyntaxInfo> = new Map(TABLE.map((t) => [t.uid, t]));

/**
 * Look up a transfer syntax UID (trailing NUL/space padding removed).
 * Returns an entry with `encoding: undefined` for unknown UIDs.
 */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo {
  const clean = uid.replace(/[\0 ]+$/u, '').trim();
  return BY_UID.get(clean) ?? T(clean, 'unknown transfer syntax', undefined);
}

/** All transfer syntaxes this folder can decode. */
export function supportedTransferSyntaxes(): readonly TransferSyntaxInfo[] {
  return TABLE.filter((t) => t.encoding !== undefined);
}
