/**
 * The parsed DICOM data set as the public declarations describe it: the
 * reading members of dicom-parser's `DataSet` and `Element`, written
 * structurally here, so that the package's `.d.ts` never import dicom-parser's
 * own declarations (they name Node's `Buffer`, which a project without
 * @types/node cannot compile: TS2591). The build replaces dicom-parser's types
 * by these in the emitted declarations (scripts/public-types.mjs); at run time
 * the value is dicom-parser's `DataSet`, which satisfies them
 * (test/packaging/dataset-types.test.ts).
 */

/** One fragment of encapsulated Pixel Data. */
export interface DicomFragment {
  readonly offset: number;
  readonly position: number;
  readonly length: number;
}

/** One element of a data set (tag in the form `xGGGGEEEE`). */
export interface DicomElement {
  readonly tag: string;
  readonly vr?: string;
  readonly length: number;
  readonly dataOffset: number;
  readonly items?: readonly DicomElement[];
  readonly dataSet?: DicomDataSet;
  readonly hadUndefinedLength?: boolean;
  readonly encapsulatedPixelData?: boolean;
  readonly basicOffsetTable?: readonly number[];
  readonly fragments?: readonly DicomFragment[];
}

/** A parsed data set: its bytes, its elements by tag (`xGGGGEEEE`), and typed value readers. */
export interface DicomDataSet {
  readonly byteArray: Uint8Array;
  readonly elements: { readonly [tag: string]: DicomElement };
  readonly warnings: readonly string[];
  uint16(tag: string, index?: number): number | undefined;
  int16(tag: string, index?: number): number | undefined;
  uint32(tag: string, index?: number): number | undefined;
  int32(tag: string, index?: number): number | undefined;
  float(tag: string, index?: number): number | undefined;
  double(tag: string, index?: number): number | undefined;
  numStringValues(tag: string): number | undefined;
  string(tag: string, index?: number): string | undefined;
  text(tag: string, index?: number): string | undefined;
  floatString(tag: string, index?: number): number | undefined;
  intString(tag: string, index?: number): number | undefined;
  attributeTag(tag: string): string | undefined;
}
