/**
 * Container of the shipped atlas assets (docs/atlas.md, "Shipped assets").
 *
 *   offset 0   4 bytes  magic "SPPA"
 *   offset 4   u32 LE   format version (ASSET_FORMAT_VERSION)
 *   offset 8   u32 LE   header length H (bytes)
 *   offset 12  H bytes  header, UTF-8 JSON (`AssetHeader`)
 *   offset 12+H         payload: the int16 voxels in storage order (x fastest) as tokens,
 *                       each an LEB128 head h = 3 * length + kind (length >= 1), then:
 *                       kind 0  a run of one value (zigzag LEB128 value follows),
 *                       kind 1  a copy of the voxels one row before (offset nx),
 *                       kind 2  a copy of the voxels one slice before (offset nx * ny)
 *
 * Runs and row/slice copies suit a label volume (13 121 tokens for the 902 629
 * voxels of the 2 mm atlas: 23.7 KB) and decode with native fills and copies,
 * without the cost of warming up an inflater (docs/atlas.md has the measurements).
 * The header carries the grid (dims, affine), the voxel type and count, the
 * payload length, the CRC-32 of the payload and the fingerprint of the
 * generator inputs. Decoding checks every one of them and every token; any
 * mismatch is an AtlasError (ATLAS_ERROR, `details.reason`), never a silently
 * wrong atlas.
 */
import { AtlasError, ErrorCode } from '../../errors.js';
import { crc32Hex } from './bytes.js';

export const ASSET_MAGIC = 'SPPA';
export const ASSET_FORMAT_VERSION = 1;
export const ASSET_ENCODING = 'runs-copies-leb128';
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

/** Length of the match of `v` from `o` with the voxels `d` before (0 when o < d). */
function matchLength(v: Int16Array, o: number, d: number): number {
  if (o < d) return 0;
  let l = 0;
  while (o + l < v.length && v[o + l] === v[o + l - d]) l++;
  return l;
}

/** Tokens of `voxels` on a grid with `nx` x `ny` slices (see the file comment); greedy, longest token first, runs on ties. */
export function encodeTokens(voxels: Int16Array, nx: number, ny: number): Uint8Array {
  const out: number[] = [];
  for (let o = 0; o < voxels.length;) {
    const v = voxels[o]!;
    let len = 1;
    while (o + len < voxels.length && voxels[o + len] === v) len++;
    let kind = 0;
    const row = matchLength(voxels, o, nx),
      slice = matchLength(voxels, o, nx * ny);
    if (row > len) {
      len = row;
      kind = 1;
    }
    if (slice > len) {
      len = slice;
      kind = 2;
    }
    pushVarint(out, 3 * len + kind);
    if (kind === 0) pushVarint(out, v >= 0 ? 2 * v : -2 * v - 1);
    o += len;
  }
  return Uint8Array.from(out);
}

/** Encode a header and its voxels; deterministic. */
export function encodeAsset(header: Omit<AssetHeader, 'byteLength' | 'crc32' | 'dtype' | 'encoding'>, voxels: Int16Array): Uint8Array {
  const payload = encodeTokens(voxels, header.dims[0], header.dims[1]);
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
  const dims = o.dims,
    affine = o.affine;
  if (typeof o.kind !== 'string' || typeof o.generator !== 'string' || typeof o.crc32 !== 'string' || !/^[0-9a-f]{8}$/.test(o.crc32)) {
    return fail(asset, 'header', 'header lacks kind, generator or crc32');
  }
  if (o.dtype !== 'int16' || o.encoding !== ASSET_ENCODING)
    return fail(asset, 'header', `header dtype/encoding is not int16/${ASSET_ENCODING}`);
  if (!Array.isArray(dims) || dims.length !== 3 || !dims.every(isPositiveInt))
    return fail(asset, 'header', 'header dims are not three positive integers');
  if (!Array.isArray(affine) || affine.length !== 16 || !affine.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    return fail(asset, 'header', 'header affine is not 16 finite numbers');
  }
  const n = (dims[0] as number) * (dims[1] as number) * (dims[2] as number);
  if (n > MAX_VOXELS) return fail(asset, 'length', `grid of ${n} voxels exceeds ${MAX_VOXELS}`);
  if (!isPositiveInt(o.byteLength) || o.byteLength !== bytes.length - 12 - h) {
    return fail(asset, 'length', `header byteLength does not match the ${bytes.length - 12 - h}-byte payload`);
  }
  return {
    kind: o.kind,
    dtype: 'int16',
    encoding: ASSET_ENCODING,
    dims: [dims[0] as number, dims[1] as number, dims[2] as number],
    affine: affine as number[],
    byteLength: o.byteLength,
    crc32: o.crc32,
    generator: o.generator,
  };
}

/** LEB128 at `p[i]` of at most `maxBytes` bytes: [value, next index], or null when truncated or too long. */
function readVarint(p: Uint8Array, i: number, maxBytes: number): [number, number] | null {
  let v = 0;
  for (let k = 0; k < maxBytes; k++) {
    if (i >= p.length) return null;
    const b = p[i++]!;
    v += (b & 127) * 2 ** (7 * k);
    if (!(b & 128)) return [v, i];
  }
  return null;
}

/**
 * Expand tokens into exactly `out.length` voxels of a grid with rows of `nx` and
 * slices of `nxy` voxels; null when a token is malformed, reaches before the
 * start or past the end, holds a value outside int16, or the voxels are not all covered.
 */
export function decodeTokens(p: Uint8Array, out: Int16Array, nx: number, nxy: number): Int16Array | null {
  const n = out.length;
  let i = 0,
    o = 0;
  while (i < p.length) {
    const head = readVarint(p, i, 4);
    if (head === null) return null;
    i = head[1];
    const kind = head[0] % 3,
      len = (head[0] - kind) / 3;
    if (len < 1 || len > n - o) return null;
    if (kind === 0) {
      const z = readVarint(p, i, 3);
      if (z === null) return null;
      i = z[1];
      const v = z[0] % 2 ? -(z[0] + 1) / 2 : z[0] / 2;
      if (v < -32768 || v > 32767) return null;
      out.fill(v, o, o + len);
    } else {
      const d = kind === 1 ? nx : nxy;
      if (o < d) return null;
      // in pieces of at most d voxels: each piece copies voxels already decoded
      for (let done = 0; done < len;) {
        const c = Math.min(d, len - done);
        out.copyWithin(o + done, o + done - d, o + done - d + c);
        done += c;
      }
    }
    o += len;
  }
  return o === n ? out : null;
}

/**
 * Decode and verify an asset.
 * @param asset name used in errors
 * @param expect kind and generator fingerprint the caller needs
 * @throws AtlasError ATLAS_ERROR (details.reason: magic, version, header, length, checksum, kind, generator, tokens)
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
    fail(
      asset,
      'generator',
      `was made from other generator inputs (${header.generator}, this code has ${expect.generator}): run npm run gen:assets`,
    );
  }
  const payload = bytes.subarray(12 + h);
  const crc = crc32Hex(payload);
  if (crc !== header.crc32) fail(asset, 'checksum', `CRC-32 of the payload is ${crc}, header says ${header.crc32}`);
  const [nx, ny, nz] = header.dims;
  const voxels = decodeTokens(payload, new Int16Array(nx * ny * nz), nx, nx * ny);
  if (voxels === null) fail(asset, 'tokens', `payload tokens do not cover the ${header.dims.join(' x ')} grid exactly`);
  return { header, voxels };
}
