/**
 * Minimal typings of the Emscripten codec builds (they ship none; the JPEG
 * lossless decoder ships its own). Only the
 * members this folder uses are declared; results are still checked at run time.
 * `#codec/*` are the package `imports` (package.json) that codecs.ts loads.
 */
interface CornerstoneFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}
interface CornerstoneDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): CornerstoneFrameInfo;
  getInterleaveMode?(): number;
  getNearLossless?(): number;
  delete(): void;
}
type CornerstoneDecoderClass = new () => CornerstoneDecoder;

declare module '@cornerstonejs/codec-charls/decode' {
  const factory: (options?: object) => Promise<{ JpegLSDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decode' {
  const factory: (options?: object) => Promise<{ J2KDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decode' {
  const factory: (options?: object) => Promise<{ JPEGDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-charls/decodewasmjs' {
  const factory: (options?: object) => Promise<{ JpegLSDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/decodewasmjs' {
  const factory: (options?: object) => Promise<{ J2KDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  const factory: (options?: object) => Promise<{ JPEGDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '#codec/charls' {
  const factory: (options?: object) => Promise<{ JpegLSDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '#codec/charls-wasm' {
  const factory: (options?: object) => Promise<{ JpegLSDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '#codec/openjpeg' {
  const factory: (options?: object) => Promise<{ J2KDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '#codec/openjpeg-wasm' {
  const factory: (options?: object) => Promise<{ J2KDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '#codec/libjpeg-turbo-8bit' {
  const factory: (options?: object) => Promise<{ JPEGDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
declare module '#codec/libjpeg-turbo-8bit-wasm' {
  const factory: (options?: object) => Promise<{ JPEGDecoder: CornerstoneDecoderClass }>;
  export default factory;
}
