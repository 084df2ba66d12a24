/**
 * Decompression bombs built with streaming compressors (the zeros are never all
 * in memory): a Deflated Explicit VR Little Endian DICOM (PS3.5 A.5) whose
 * dataset inflates to `mib` MiB, and a .nii.gz whose header declares a large
 * image that the stream really holds. No vitest import.
 */
import { Deflate, Gzip } from 'fflate';
import { part10 } from './build.js';

const TS_DEFLATED = '1.2.840.10008.1.2.1.99';

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** Compress `head` then `mib` MiB of zeros with `make` (raw DEFLATE or gzip), streaming. */
function streamZeros(make: (cb: (c: Uint8Array) => void) => Deflate | Gzip, head: Uint8Array, mib: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const z = make((c) => chunks.push(c));
  z.push(head, false);
  const zero = new Uint8Array(1 << 20);
  for (let i = 0; i < mib; i++) z.push(zero, i === mib - 1);
  if (mib === 0) z.push(new Uint8Array(0), true);
  return concat(chunks);
}

/**
 * A PS3.10 file with Transfer Syntax 1.2.840.10008.1.2.1.99 whose deflated
 * dataset (an NM SOP Class UID element, then zeros) inflates to about `mib` MiB.
 */
export function deflatedDicomBomb(mib: number): Uint8Array {
  const meta = part10([], '1.2.840.10008.5.1.4.1.1.20', TS_DEFLATED);
  // (0008,0016) UI "1.2.840.10008.5.1.4.1.1.20" in Explicit VR LE, then zeros
  const uid = '1.2.840.10008.5.1.4.1.1.20';
  const el = new Uint8Array(8 + uid.length);
  el.set([0x08, 0x00, 0x16, 0x00, 0x55, 0x49, uid.length, 0]);
  for (let i = 0; i < uid.length; i++) el[8 + i] = uid.charCodeAt(i);
  const body = streamZeros((cb) => new Deflate({ level: 9 }, (c) => cb(c)), el, mib);
  return concat([meta, body]);
}

/** A NIfTI-1 header (348 bytes + 4 extension bytes) for uint8 data of `dims`, pixdim 1 mm, sform off. */
function niftiHeader(dims: readonly [number, number, number]): Uint8Array {
  const h = new Uint8Array(352);
  const v = new DataView(h.buffer);
  v.setInt32(0, 348, true);
  v.setInt16(40, 3, true);
  for (let i = 0; i < 3; i++) v.setInt16(42 + 2 * i, dims[i]!, true);
  for (let i = 3; i < 7; i++) v.setInt16(42 + 2 * i, 1, true);
  v.setInt16(70, 2, true); // datatype uint8
  v.setInt16(72, 8, true); // bitpix
  for (let i = 0; i < 4; i++) v.setFloat32(76 + 4 * i, 1, true);
  v.setFloat32(108, 352, true); // vox_offset
  v.setFloat32(112, 1, true); // scl_slope
  h.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  return h;
}

/** A .nii.gz of `dims` uint8 zeros (all present in the stream, so only a size cap can stop it). */
export function niftiGzipBomb(dims: readonly [number, number, number]): Uint8Array {
  const mib = Math.ceil((dims[0] * dims[1] * dims[2]) / 2 ** 20);
  return streamZeros((cb) => new Gzip({ level: 9 }, (c) => cb(c)), niftiHeader(dims), mib);
}
