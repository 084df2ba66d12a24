/**
 * Read the image size of a JPEG / JPEG-LS / JPEG 2000 codestream before
 * handing it to a codec, so that a codestream whose size disagrees with the
 * DICOM header is refused before the codec allocates anything.
 * JPEG and JPEG-LS: SOFn / SOF55 segment (ITU T.81 B.2.2, ITU T.87 C.2.2).
 * JPEG 2000: SIZ segment right after SOC (ITU T.800 A.5.1).
 */

export interface CodestreamHeader {
  readonly width: number;
  readonly height: number;
  /** Sample precision in bits (JPEG P, J2K Ssiz of component 0 + 1). */
  readonly precision: number;
  readonly components: number;
  /** The SOF marker (0xFFC0..0xFFCF, 0xFFF7) for JPEG family, 0xFF51 for J2K. */
  readonly marker: number;
  /** J2K only: component 0 is signed (Ssiz bit 7). */
  readonly signed: boolean;
}

function u16(b: Uint8Array, p: number): number {
  return ((b[p]! << 8) | b[p + 1]!) >>> 0;
}
function u32(b: Uint8Array, p: number): number {
  return u16(b, p) * 65536 + u16(b, p + 2);
}

/** Frame header of a JPEG or JPEG-LS codestream, or undefined when none is found. */
export function readJpegHeader(b: Uint8Array): CodestreamHeader | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let p = 2;
  // Each iteration consumes at least 2 bytes, so the loop is bounded by b.length.
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return undefined;
    const m = b[p + 1]!;
    if (m === 0xff) {
      p += 1; // fill byte (T.81 B.1.1.2)
      continue;
    }
    if (m === 0xd8 || m === 0x01 || (m >= 0xd0 && m <= 0xd7)) {
      p += 2;
      continue;
    }
    const len = u16(b, p + 2);
    if (len < 2) return undefined;
    const isSof = (m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) || m === 0xf7;
    if (isSof) {
      if (p + 4 + 6 > b.length) return undefined;
      const q = p + 4;
      return {
        precision: b[q]!,
        height: u16(b, q + 1),
        width: u16(b, q + 3),
        components: b[q + 5]!,
        marker: 0xff00 | m,
        signed: false,
      };
    }
    if (m === 0xda || m === 0xd9) return undefined; // scan before frame header
    p += 2 + len;
  }
  return undefined;
}

/** SIZ of a raw J2K codestream (starting FF4F FF51), or undefined. */
export function readJ2kHeader(b: Uint8Array): CodestreamHeader | undefined {
  if (b.length < 4 + 38 + 3 || b[0] !== 0xff || b[1] !== 0x4f || b[2] !== 0xff || b[3] !== 0x51) return undefined;
  const q = 4 + 2; // after Lsiz
  const xsiz = u32(b, q + 2);
  const ysiz = u32(b, q + 6);
  const xo = u32(b, q + 10);
  const yo = u32(b, q + 14);
  const csiz = u16(b, q + 34);
  const ssiz = b[q + 36]!;
  return {
    width: xsiz - xo,
    height: ysiz - yo,
    precision: (ssiz & 0x7f) + 1,
    components: csiz,
    marker: 0xff51,
    signed: (ssiz & 0x80) !== 0,
  };
}
