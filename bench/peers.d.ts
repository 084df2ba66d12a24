// Minimal declarations of the peer libraries used only by the benchmarks.
declare module 'dcmjs' {
  const dcmjs: {
    data: { DicomMessage: { readFile(buffer: ArrayBuffer): { dict: Record<string, { vr: string; Value: unknown[] } | undefined> } } };
  };
  export default dcmjs;
}
declare module 'daikon' {
  const daikon: {
    Series: { parseImage(view: DataView): { getInterpretedData(): Float32Array | number[]; getNumberOfFrames(): number } };
  };
  export default daikon;
}
