/**
 * Container of the shipped atlas assets (docs/atlas.md, "Shipped assets").
 *
 *   offset 0   4 bytes  magic "SPPA"
 *   offset 4   u32 LE   format version (ASSET_FORMAT_VERSION)
 *   offset 8   u32 LE   header length H (bytes)
 *   offset 12  H bytes  header, UTF-8 JSON (`AssetHeader`)
 *   offset 12+H         payload: raw DEFLATE (RFC 1951) of the voxel array, little-endian, x fastest
 *
 * The header carries the grid (dims, affine), the stored type, the decoded
 * length, the CRC-32 of the decoded bytes and the fingerprint of the generator
 * inputs. Decoding checks every one of them; any mismatch is an AtlasError
 * (ATLAS_ERROR, `details.reason`), never a silently wrong atlas.
 */
import { deflateSync, inflateSync } from 'fflate';
import { AtlasError, ErrorCode } from '../../errors.js';
import { crc32Hex } from './bytes.js';

export const ASSET_MAGIC = 'SPPA';
export const ASSET_FORMAT_VERSION = 1;
/** Largest header accepted, bytes. */
const MAX_HEADER = 1 << 16;
/** Largest decoded payload accepted: the 0.75 mm grid as int16 is 34 MB. */
const MAX_PAYLOAD = 64 * 1024 * 1024;

export type AssetDtype = 'uint8' | 'int16';
const BYTES: Readonly<Record<AssetDtype, number>> = { uint8: 1, int16: 2 };

export interface AssetHeader {
  /** What the payload is ('label-atlas'). */
  readonly kind: string;
  readonly dtype: AssetDtype;
  readonly dims: readonly [number, number, number];
  /** Voxel (i, j, k) to RAS+ mm, row-major 4x4. */
  readonly affine: readonly number[];
  /** Decoded payload length, bytes. */
  readonly byteLength: number;
  /** CRC-32 of the decoded payload, 8 hex digits. */
  readonly crc32: string;
  /** Fingerprint of the generator inputs (src/atlas/assets/fingerprint.ts). */
  readonly generator: string;
}

/** Encode a header and its (already little-endian) payload; deterministic for given fflate version and level. */
export function encodeAsset(header: Omit<AssetHeader, 'byteLength' | 'crc32'>, payload: Uint8Array): Uint8Array {
  const full: AssetHeader = { ...header, byteLength: payload.length, crc32: crc32Hex(payload) };
  const json = new TextEncoder().encode(JSON.stringify(full));
  const body = deflateSync(payload, { level: 9, mem: 12 });
  const out = new Uint8Array(12 + json.length + body.length);
  for (let i = 0; i < 4; i++) out[i] = ASSET_MAGIC.charCodeAt(i);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, ASSET_FORMAT_VERSION, true);
  dv.setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(body, 12 + json.length);
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
  if (o.dtype !== 'uint8' && o.dtype !== 'int16') return fail(asset, 'header', 'header dtype is not uint8 or int16');
  if (!Array.isArray(dims) || dims.length !== 3 || !dims.every(isPositiveInt)) return fail(asset, 'header', 'header dims are not three positive integers');
  if (!Array.isArray(affine) || affine.length !== 16 || !affine.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return fail(asset, 'header', 'header affine is not 16 finite numbers');
  }
  const n = (dims[0] as number) * (dims[1] as number) * (dims[2] as number) * BYTES[o.dtype];
  if (o.byteLength !== n || n > MAX_PAYLOAD) return fail(asset, 'length', `header byteLength does not match dims x dtype (${n} bytes) or exceeds ${MAX_PAYLOAD}`);
  return {
    kind: o.kind, dtype: o.dtype, dims: [dims[0] as number, dims[1] as number, dims[2] as number],
    affine: affine as number[], byteLength: n, crc32: o.crc32, generator: o.generator,
  };
}

/**
 * Decode and verify an asset.
 * @param asset name used in errors
 * @param expect kind and generator fingerprint the caller needs
 * @throws AtlasError ATLAS_ERROR (details.reason: magic, version, header, length, inflate, checksum, kind, generator)
 */
export function decodeAsset(
  asset: string,
  bytes: Uint8Array,
  expect: { readonly kind: string; readonly generator: string },
): { header: AssetHeader; payload: Uint8Array } {
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
  const payload = new Uint8Array(header.byteLength);
  let got: Uint8Array;
  try {
    got = inflateSync(bytes.subarray(12 + h), { out: payload });
  } catch {
    return fail(asset, 'inflate', 'payload is not valid DEFLATE data of the declared length');
  }
  if (got.length !== header.byteLength || got.buffer !== payload.buffer) fail(asset, 'length', `payload inflates to ${got.length} bytes, header says ${header.byteLength}`);
  const crc = crc32Hex(payload);
  if (crc !== header.crc32) fail(asset, 'checksum', `CRC-32 of the payload is ${crc}, header says ${header.crc32}`);
  return { header, payload };
}

/** Label voxels of a decoded payload (uint8 or int16 little-endian) as Int16Array. */
export function payloadToInt16(header: AssetHeader, payload: Uint8Array): Int16Array {
  const n = header.dims[0] * header.dims[1] * header.dims[2];
  const out = new Int16Array(n);
  if (header.dtype === 'uint8') {
    for (let i = 0; i < n; i++) out[i] = payload[i]!;
  } else {
    const dv = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
    for (let i = 0; i < n; i++) out[i] = dv.getInt16(2 * i, true);
  }
  return out;
}

/** Smallest payload of int16 labels: uint8 when every value is in [0, 255], else int16 little-endian. */
export function int16ToPayload(labels: Int16Array): { dtype: AssetDtype; payload: Uint8Array } {
  let small = true;
  for (let i = 0; i < labels.length && small; i++) small = labels[i]! >= 0 && labels[i]! <= 255;
  if (small) return { dtype: 'uint8', payload: Uint8Array.from(labels) };
  const payload = new Uint8Array(2 * labels.length);
  const dv = new DataView(payload.buffer);
  for (let i = 0; i < labels.length; i++) dv.setInt16(2 * i, labels[i]!, true);
  return { dtype: 'int16', payload };
}
