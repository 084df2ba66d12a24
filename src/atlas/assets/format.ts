/**
 * Container of the shipped atlas assets (docs/atlas.md, "Shipped assets").
 *
 *   offset 0   4 bytes  magic "SPPA"
 *   offset 4   u32 LE   format version (ASSET_FORMAT_VERSION)
 *   offset 8   u32 LE   header length H (bytes)
 *   offset 12  H bytes  header, UTF-8 JSON (`AssetHeader`)
 *   offset 12+H         payload: the int16 voxels in storage order (x fastest) as runs,
 *                       each run = zigzag LEB128 value, then LEB128 length (>= 1)
 *
 * Run-length coding suits a label volume (37 643 runs for the 902 629 voxels of
 * the 2 mm atlas: 75 KB) and decodes with one pass and native fills, without
 * the cost of warming up an inflater (docs/atlas.md has the measurements).
 * The header carries the grid (dims, affine), the voxel type and count, the
 * payload length, the CRC-32 of the payload and the fingerprint of the
 * generator inputs. Decoding checks every one of them and every run; any
 * mismatch is an AtlasError (ATLAS_ERROR, `details.reason`), never a silently
 * wrong atlas.
 */
import { AtlasError, ErrorCode } from '../../errors.js';
import { crc32Hex } from './bytes.js';

export const ASSET_MAGIC = 'SPPA';
export const ASSET_FORMAT_VERSION = 1;
export const ASSET_ENCODING = 'rle-leb128';
/** Largest header accepted, bytes. */
const MAX_HEADER = 1 << 16;
/** Largest grid accepted: the 0.75 mm MNI grid has 16.6 M voxels. */
const MAX_VOXELS = 1 << 25;

export interface AssetHeader {
  /** What the payload is (catalog.ts). */
  readonly kind: string;
  readonly dtype: 'int16';
  readonly encoding: typeof ASSET_ENCODING;
  readonly dims: readonly [number, number, number];
  /** Voxel (i, j, k) to RAS+ mm, row-major 4x4. */
  readonly affine: readonly number[];
  /** Payload length, bytes. */
  readonly byteLength: number;
  /** CRC-32 of the payload, 8 hex digits. */
  readonly crc32: string;
  /** Fingerprint of the generator inputs (fingerprint.ts). */
  readonly generator: string;
}

function pushVarint(out: number[], v: number): void {
  while (v >= 128) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** Runs of `voxels` (see the file comment). */
export function encodeRuns(voxels: Int16Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < voxels.length; ) {
    const v = voxels[i]!;
    let j = i + 1;
    while (j < voxels.length && voxels[j] === v) j++;
    pushVarint(out, v >= 0 ? 2 * v : -2 * v - 1);
    pushVarint(out, j - i);
    i = j;
  }
  return Uint8Array.from(out);
}

/** Encode a header and its voxels; deterministic. */
export function encodeAsset(header: Omit<AssetHeader, 'byteLength' | 'crc32' | 'dtype' | 'encoding'>, voxels: Int16Array): Uint8Array {
  const payload = encodeRuns(voxels);
  const full: AssetHeader = { ...header, dtype: 'int16', encoding: ASSET_ENCODING, byteLength: payload.length, crc32: crc32Hex(payload) };
  const json = new TextEncoder().encode(JSON.stringify(full));
  const out = new Uint8Array(12 + json.length + payload.length);
  for (let i = 0; i < 4; i++) out[i] = ASSET_MAGIC.charCodeAt(i);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, ASSET_FORMAT_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(payload, 12 + json.length);
  return out;
}

function fail(asset: string, reason: string, message: string): never {
  throw new AtlasError(ErrorCode.ATLAS_ERROR, `shipped atlas asset ${asset}: ${message}`, { details: { asset, reason } });
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function parseHeader(asset: string, bytes: Uint8Array, h: number): AssetHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + h)));
  } catch {
    return fail(asset, 'header', 'header is not UTF-8 JSON');
  }
  const o = (raw ?? {}) as Record<string, unknown>;
  const dims = o.dims, affine = o.affine;
  if (typeof o.kind !== 'string' || typeof o.generator !== 'string' || typeof o.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(o.crc32)) {
    return fail(asset, 'header', 'header lacks kind, generator or crc32');
  }
  if (o.dtype !== 'int16' || o.encoding !== ASSET_ENCODING) return fail(asset, 'header', `header dtype/encoding is not int16/${ASSET_ENCODING}`);
  if (!Array.isArray(dims) || dims.length !== 3 || !dims.every(isPositiveInt)) return fail(asset, 'header', 'header dims are not three positive integers');
  if (!Array.isArray(affine) || affine.length !== 16 || !affine.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return fail(asset, 'header', 'header affine is not 16 finite numbers');
  }
  const n = (dims[0] as number) * (dims[1] as number) * (dims[2] as number);
  if (n > MAX_VOXELS) return fail(asset, 'length', `grid of ${n} voxels exceeds ${MAX_VOXELS}`);
  if (!isPositiveInt(o.byteLength) || o.byteLength !== bytes.length - 12 - h) {
    return fail(asset, 'length', `header byteLength does not match the ${bytes.length - 12 - h}-byte payload`);
  }
  return {
    kind: o.kind, dtype: 'int16', encoding: ASSET_ENCODING, dims: [dims[0] as number, dims[1] as number, dims[2] as number],
    affine: affine as number[], byteLength: o.byteLength, crc32: o.crc32, generator: o.generator,
  };
}

/** Expand runs into exactly `out.length` voxels; null when the runs are malformed, too long or too short. */
export function decodeRuns(p: Uint8Array, out: Int16Array): Int16Array | null {
  const n = out.length;
  let i = 0, o = 0;
  while (i < p.length) {
    // zigzag value, at most 3 bytes (int16 needs 17 bits)
    let z = 0, shift = 0, b = 0;
    do {
      if (i >= p.length || shift > 14) return null;
      b = p[i++]!;
      z |= (b & 127) << shift;
      shift += 7;
    } while (b & 128);
    // run length, at most 4 bytes (< 2^28)
    let len = 0;
    shift = 0;
    do {
      if (i >= p.length || shift > 21) return null;
      b = p[i++]!;
      len |= (b & 127) << shift;
      shift += 7;
    } while (b & 128);
    const v = z & 1 ? -(z + 1) / 2 : z / 2;
    if (len < 1 || len > n - o || v < -32768 || v > 32767) return null;
    out.fill(v, o, o + len);
    o += len;
  }
  return o === n ? out : null;
}

/**
 * Decode and verify an asset.
 * @param asset name used in errors
 * @param expect kind and generator fingerprint the caller needs
 * @throws AtlasError ATLAS_ERROR (details.reason: magic, version, header, length, checksum, kind, generator, runs)
 */
export function decodeAsset(
  asset: string,
  bytes: Uint8Array,
  expect: { readonly kind: string; readonly generator: string },
): { header: AssetHeader; voxels: Int16Array } {
  if (bytes.length < 12) fail(asset, 'magic', 'shorter than its 12-byte preamble');
  for (let i = 0; i < 4; i++) if (bytes[i] !== ASSET_MAGIC.charCodeAt(i)) fail(asset, 'magic', `does not start with "${ASSET_MAGIC}"`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = dv.getUint32(4, true);
  if (version !== ASSET_FORMAT_VERSION) fail(asset, 'version', `format version ${version}, this code reads ${ASSET_FORMAT_VERSION}`);
  const h = dv.getUint32(8, true);
  if (h > MAX_HEADER || 12 + h > bytes.length) fail(asset, 'header', `header length ${h} exceeds the ${bytes.length}-byte asset`);
  const header = parseHeader(asset, bytes, h);
  if (header.kind !== expect.kind) fail(asset, 'kind', `holds "${header.kind}", expected "${expect.kind}"`);
  if (header.generator !== expect.generator) {
    fail(asset, 'generator', `was made from other generator inputs (${header.generator}, this code has ${expect.generator}): run npm run gen:assets`);
  }
  const payload = bytes.subarray(12 + h);
  const crc = crc32Hex(payload);
  if (crc !== header.crc32) fail(asset, 'checksum', `CRC-32 of the payload is ${crc}, header says ${header.crc32}`);
  const voxels = decodeRuns(payload, new Int16Array(header.dims[0] * header.dims[1] * header.dims[2]));
  if (voxels === null) fail(asset, 'runs', `payload runs do not cover the ${header.dims.join(' x ')} grid exactly`);
  return { header, voxels };
}
