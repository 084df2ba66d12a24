/**
 * Huffman tables and the entropy-coded-segment bit reader of the JPEG DCT
 * decoder (ITU T.81 Annex C, F.2.2.3 to F.2.2.5). Byte stuffing (FF00) is
 * removed; a marker inside the data ends the segment. Reading past the end
 * of a segment is corrupt or truncated data and throws.
 */
import { PixelDataError, ErrorCode } from '../../errors.js';

export function jpegFail(message: string): never {
  throw new PixelDataError(ErrorCode.DECODE_FAILED, `JPEG: ${message}`);
}

/** Decoding tables of one Huffman table (T.81 F.2.2.3: MAXCODE, VALPTR, MINCODE). */
export interface HuffmanTable {
  readonly maxcode: Int32Array; // index 1..16, -1 when no code of that length
  readonly mincode: Int32Array;
  readonly valptr: Int32Array;
  readonly values: Uint8Array;
}

/**
 * Build a table from BITS (16 counts) and HUFFVAL (T.81 C.2, Figures C.1/C.2 and F.15).
 * @throws PixelDataError DECODE_FAILED when the counts do not form a prefix code
 */
export function buildHuffman(bits: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxcode = new Int32Array(18).fill(-1);
  const mincode = new Int32Array(17);
  const valptr = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let l = 1; l <= 16; l++) {
    const n = bits[l - 1]!;
    valptr[l] = k;
    mincode[l] = code;
    code += n;
    k += n;
    if (code > 2 ** l) jpegFail('invalid Huffman table (code lengths overflow)');
    maxcode[l] = n > 0 ? code - 1 : -1;
    code *= 2;
  }
  if (k !== values.length) jpegFail('Huffman table value count mismatch');
  maxcode[17] = 0x7fffffff; // sentinel (never reached: length 17 throws first)
  return { maxcode, mincode, valptr, values };
}

/** Bit reader over one scan's entropy-coded data. */
export class BitReader {
  private pos: number;
  private byte = 0;
  private left = 0;
  /** Set when a marker (other than stuffing) stopped the reader. */
  private atMarker = false;

  constructor(
    private readonly data: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  /** Offset of the next unread byte. */
  get offset(): number {
    return this.pos;
  }

  private fill(): void {
    if (this.atMarker || this.pos >= this.data.length) jpegFail('entropy-coded data ends early (truncated or corrupt scan)');
    const b = this.data[this.pos]!;
    if (b === 0xff) {
      const next = this.data[this.pos + 1];
      if (next === 0x00) {
        this.pos += 2;
      } else {
        this.atMarker = true;
        jpegFail('entropy-coded data ends early at a marker (truncated or corrupt scan)');
      }
    } else {
      this.pos += 1;
    }
    this.byte = b;
    this.left = 8;
  }

  bit(): number {
    if (this.left === 0) this.fill();
    this.left -= 1;
    return (this.byte >> this.left) & 1;
  }

  /** RECEIVE(s) of T.81 F.2.2.4: s raw bits, most significant first. */
  receive(s: number): number {
    let v = 0;
    for (let i = 0; i < s; i++) v = v * 2 + this.bit();
    return v;
  }

  /** DECODE of T.81 F.2.2.3 (Figure F.16). */
  decode(t: HuffmanTable): number {
    let code = this.bit();
    let l = 1;
    while (code > t.maxcode[l]!) {
      l += 1;
      if (l > 16) jpegFail('invalid Huffman code');
      code = code * 2 + this.bit();
    }
    const v = t.values[t.valptr[l]! + code - t.mincode[l]!];
    if (v === undefined) jpegFail('Huffman code outside the table');
    return v;
  }

  /**
   * Skip to the next byte and read a restart marker RSTm (T.81 F.2.2.5 / E.2.4).
   * @throws PixelDataError DECODE_FAILED when the expected marker is absent
   */
  restart(expected: number): void {
    this.left = 0;
    this.atMarker = false;
    const p = this.pos;
    if (p + 1 >= this.data.length || this.data[p] !== 0xff || this.data[p + 1] !== 0xd0 + expected) {
      jpegFail(`restart marker RST${String(expected)} missing`);
    }
    this.pos = p + 2;
  }

  /** Skip to the byte after the scan's padding (before the next marker). */
  finish(): void {
    this.left = 0;
    this.atMarker = false;
  }
}
