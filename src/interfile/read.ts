/**
 * Interfile 3.3 reconstructed (tomographic) volumes to `Volume`.
 *
 * Interfile carries no world orientation; this reader adopts the convention
 * documented in docs/nifti-interfile.md (patient head first supine: column i
 * toward the patient's left, row j toward posterior, slice k toward superior,
 * the grid centre at the origin), adjusted by `patient orientation` /
 * `patient rotation` when present, and always adds an info issue saying so.
 */
import { ErrorCode, ImageFormatError } from '../errors.js';
import { IssueList } from '../issues.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { checkGridBounds } from '../volume/bounds.js';
import { parseInterfileHeader, parseInterfileNumber, type InterfileHeader } from './header.js';

export interface ReadInterfileOptions {
  /**
   * How to read `centre-centre slice separation (pixels)` / `slice thickness (pixels)`:
   * 'pixels' (strict Interfile 3.3: value x in-plane pixel size), 'mm', or
   * 'auto' (default): pixels, except when the value equals the in-plane pixel
   * size in mm and is not 1, which GATE-style writers mean as mm (a warning says so).
   */
  readonly sliceSeparation?: 'auto' | 'pixels' | 'mm';
  /** Override the voxel size in mm (i, j, k). */
  readonly voxelSizeMm?: readonly [number, number, number];
}

export type InterfileNumberType = 'uint8' | 'uint16' | 'uint32' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** What the header says about the image array. */
export interface InterfileLayout {
  readonly dims: [number, number, number];
  readonly frames: number;
  readonly type: InterfileNumberType;
  readonly bytesPerPixel: number;
  readonly littleEndian: boolean;
  readonly dataOffset: number;
  readonly voxelSizeMm: [number, number, number];
  readonly dataFile: string | null;
  readonly units: string | null;
}

function invalid(msg: string): ImageFormatError {
  return new ImageFormatError(ErrorCode.INVALID_INTERFILE, msg);
}

function num(h: InterfileHeader, key: string): number | null {
  const v = h.keys[key];
  if (v === undefined || v === '') return null;
  const n = parseInterfileNumber(v);
  if (n === null) throw invalid(`key "${key}" has a non-numeric value`);
  return n;
}

function posInt(h: InterfileHeader, key: string): number | null {
  const n = num(h, key);
  if (n === null) return null;
  if (!(Number.isInteger(n) && n > 0)) throw invalid(`key "${key}" must be a positive integer, got ${n}`);
  return n;
}

function posReal(h: InterfileHeader, key: string): number | null {
  const n = num(h, key);
  if (n === null) return null;
  if (!(n > 0)) throw invalid(`key "${key}" must be positive, got ${n}`);
  return n;
}

function numberType(h: InterfileHeader): { type: InterfileNumberType; bytes: number } {
  const fmt = (h.keys['number format'] ?? '').toLowerCase().replace(/\s+/g, ' ').trim();
  const given = posInt(h, 'number of bytes per pixel');
  const pick = (bytes: number, table: Record<number, InterfileNumberType>): { type: InterfileNumberType; bytes: number } => {
    const t = table[bytes];
    if (!t) throw invalid(`number format ${fmt} with ${bytes} byte(s) per pixel is not valid`);
    return { type: t, bytes };
  };
  const need = (): number => {
    if (given === null) throw invalid(`"number of bytes per pixel" is required for number format ${fmt}`);
    return given;
  };
  switch (fmt) {
    case 'unsigned integer': return pick(need(), { 1: 'uint8', 2: 'uint16', 4: 'uint32' });
    case 'signed integer': return pick(need(), { 1: 'int8', 2: 'int16', 4: 'int32' });
    case 'short float': return pick(given ?? 4, { 4: 'float32' });
    case 'long float': return pick(given ?? 8, { 8: 'float64' });
    case 'float': return pick(given ?? 4, { 4: 'float32', 8: 'float64' });
    case '': throw invalid('"!number format" is missing');
    default:
      // the value is free text: named only when it is an Interfile 3.3 term (bit, ascii)
      throw new ImageFormatError(ErrorCode.UNSUPPORTED_PIXEL_FORMAT, `Interfile "!number format" ${fmt === 'bit' || fmt === 'ascii' ? fmt : 'has an unrecognised value and'} is not supported`);
  }
}

/** Reject projections, planar and curve data: only reconstructed volumes are read. */
function checkReconstructed(h: InterfileHeader, issues: IssueList): void {
  const type = (h.keys['type of data'] ?? '').toLowerCase().trim();
  const status = (h.keys['process status'] ?? '').toLowerCase().trim();
  // 3.3 SPECT headers carry "!number of projections" in the general section even
  // for reconstructed data; "process status" decides, and without it a header
  // with projections but no slice count is taken as projection data.
  const hasSlices = h.keys['number of slices'] !== undefined || h.keys['matrix size [3]'] !== undefined;
  const projections = h.keys['number of projections'] !== undefined;
  if (status === 'acquired' || (status !== 'reconstructed' && projections && !hasSlices)) {
    throw new ImageFormatError(ErrorCode.NOT_RECONSTRUCTED_VOLUME, 'Interfile holds tomographic projections (process status acquired, or number of projections without slices), not a reconstructed volume');
  }
  if (type === '') {
    issues.add('INTERFILE_TYPE_ASSUMED', 'info', '"type of data" is absent; the image is taken as a reconstructed tomographic volume');
  } else if (type !== 'tomographic' && type !== 'pet') {
    const known = ['static', 'dynamic', 'gated', 'curve', 'roi', 'other', 'general'].includes(type);
    throw new ImageFormatError(ErrorCode.NOT_RECONSTRUCTED_VOLUME, `Interfile "!type of data" ${known ? type : '(an unrecognised value)'} is not a reconstructed volume`);
  }
}

/**
 * Interpret the keys of a reconstructed Interfile volume.
 * @throws ImageFormatError INVALID_INTERFILE, NOT_RECONSTRUCTED_VOLUME, UNSUPPORTED_PIXEL_FORMAT
 */
export function interfileLayout(h: InterfileHeader, issues: IssueList, options: ReadInterfileOptions = {}): InterfileLayout {
  checkReconstructed(h, issues);
  const nx = posInt(h, 'matrix size [1]');
  const ny = posInt(h, 'matrix size [2]');
  const nz = posInt(h, 'matrix size [3]') ?? posInt(h, 'number of slices') ?? posInt(h, 'total number of images');
  if (nx === null || ny === null) throw invalid('"!matrix size [1]" and "[2]" are required');
  if (nz === null) throw invalid('number of slices is missing ("!number of slices", "matrix size [3]" or "total number of images")');
  const frames = (posInt(h, 'number of time frames') ?? 1) * (posInt(h, 'number of energy windows') ?? 1);
  if (frames > 1) issues.add('INTERFILE_MULTI_VOLUME', 'warning', `the header declares ${frames} volumes (time frames x energy windows); the first was read`);
  const { type, bytes } = numberType(h);
  const order = (h.keys['imagedata byte order'] ?? '').toLowerCase().trim();
  let littleEndian = false; // Interfile 3.3 default is BIGENDIAN
  if (order === 'littleendian') littleEndian = true;
  else if (order === 'bigendian') littleEndian = false;
  else if (order === '') {
    if (bytes > 1) issues.add('INTERFILE_BYTE_ORDER_DEFAULT', 'warning', '"imagedata byte order" is absent; BIGENDIAN (the Interfile 3.3 default) was used');
  } else throw invalid('"imagedata byte order" is neither LITTLEENDIAN nor BIGENDIAN');
  let dataOffset = num(h, 'data offset in bytes');
  if (dataOffset === null) {
    const block = num(h, 'data starting block');
    dataOffset = block === null ? 0 : block * 2048; // 3.3: blocks of 2048 bytes
  }
  if (!(Number.isInteger(dataOffset) && dataOffset >= 0)) throw invalid(`data offset must be a non-negative integer, got ${dataOffset}`);
  const voxelSizeMm = voxelSize(h, issues, options);
  const dataFile = h.keys['name of data file'] ?? null;
  const units = h.keys['quantification units']?.trim() || null;
  return { dims: [nx, ny, nz], frames, type, bytesPerPixel: bytes, littleEndian, dataOffset, voxelSizeMm, dataFile, units };
}

function voxelSize(h: InterfileHeader, issues: IssueList, options: ReadInterfileOptions): [number, number, number] {
  if (options.voxelSizeMm) {
    const v = options.voxelSizeMm;
    if (!v.every((x) => Number.isFinite(x) && x > 0)) throw new RangeError('voxelSizeMm must be three positive numbers');
    return [v[0], v[1], v[2]];
  }
  const sx = posReal(h, 'scaling factor (mm/pixel) [1]');
  const sy = posReal(h, 'scaling factor (mm/pixel) [2]') ?? sx;
  if (sx === null || sy === null) throw invalid('"scaling factor (mm/pixel) [1]" is missing: the pixel size is unknown (pass voxelSizeMm to override)');
  const sz3 = posReal(h, 'scaling factor (mm/pixel) [3]');
  if (sz3 !== null) return [sx, sy, sz3];
  const sepKey = h.keys['centre-centre slice separation (pixels)'] !== undefined ? 'centre-centre slice separation (pixels)' : 'slice thickness (pixels)';
  const sep = posReal(h, sepKey);
  if (sep === null) {
    issues.add('INTERFILE_SLICE_SPACING_ASSUMED', 'warning', `no slice separation in the header; slices taken as ${sx} mm apart (cubic voxels)`);
    return [sx, sy, sx];
  }
  const mode = options.sliceSeparation ?? 'auto';
  const strict = sep * sx;
  if (mode === 'pixels') return [sx, sy, strict];
  if (mode === 'mm') return [sx, sy, sep];
  if (sep !== 1 && Math.abs(sep - sx) <= 1e-6 * sx) {
    issues.add('INTERFILE_SLICE_SEPARATION_AS_MM', 'warning',
      `"${sepKey}" = ${sep} equals the pixel size in mm; read as ${sep} mm (GATE-style writers), not ${strict} mm (strict Interfile 3.3 pixels); use the sliceSeparation option to force either`);
    return [sx, sy, sep];
  }
  return [sx, sy, strict];
}

/**
 * Voxel-to-RAS affine for the adopted convention (see module comment): head first
 * supine gives diag(-sx, -sy, +sz); feet first flips i and k; prone flips i and j.
 * The centre of the grid is at the origin.
 */
export function interfileAffine(h: InterfileHeader, dims: readonly [number, number, number], size: readonly [number, number, number]): Float64Array {
  const orient = (h.keys['patient orientation'] ?? 'head_in').toLowerCase().trim();
  const rot = (h.keys['patient rotation'] ?? 'supine').toLowerCase().trim();
  let fx = -1, fy = -1, fz = 1;
  if (orient === 'feet_in') { fx = -fx; fz = -fz; }
  if (rot === 'prone') { fx = -fx; fy = -fy; }
  const d = [fx * size[0], fy * size[1], fz * size[2]];
  const m = new Float64Array(16);
  for (let a = 0; a < 3; a++) {
    m[5 * a] = d[a]!;
    m[4 * a + 3] = -d[a]! * (dims[a]! - 1) / 2;
  }
  m[15] = 1;
  return m;
}

/**
 * Read an Interfile 3.3 reconstructed volume. `data` is the content of the
 * file named by `!name of data file` (the caller loads it).
 * @throws ImageFormatError INVALID_INTERFILE, NOT_RECONSTRUCTED_VOLUME, TRUNCATED;
 *   ImageFormatError UNSUPPORTED_PIXEL_FORMAT; ResourceLimitError RESOURCE_LIMIT (header text)
 */
export function readInterfile(headerText: string, data: Uint8Array, options: ReadInterfileOptions = {}): Volume {
  const h = parseInterfileHeader(headerText);
  const issues = new IssueList();
  issues.push(...h.issues);
  const l = interfileLayout(h, issues, options);
  const nvox = l.dims[0] * l.dims[1] * l.dims[2];
  const need = nvox * l.frames * l.bytesPerPixel;
  const have = data.length - l.dataOffset;
  if (have < need) {
    throw new ImageFormatError(ErrorCode.TRUNCATED, `Interfile data needs ${need} bytes after offset ${l.dataOffset}, ${Math.max(have, 0)} available`, { details: { needed: need, available: Math.max(have, 0) } });
  }
  if (have > need) throw invalid(`Interfile data has ${have} bytes after offset ${l.dataOffset}, the header declares ${need}`);
  // what a head volume can be (src/volume/bounds.ts), before any allocation
  const names = options.voxelSizeMm
    ? [0, 1, 2].map((a) => `the voxelSizeMm option (axis ${a})`)
    : ['scaling factor (mm/pixel) [1]', 'scaling factor (mm/pixel) [2]', 'scaling factor (mm/pixel) [3] or the slice separation'];
  checkGridBounds(l.dims, l.voxelSizeMm, names);
  const out = new Float32Array(nvox);
  const total = decodeInto(data, l, out);
  if (total.nonFinite > 0) issues.add('INTERFILE_NONFINITE_VOXELS', 'warning', `${total.nonFinite} voxel(s) were NaN, infinite or beyond the Float32 range and were set to 0`);
  issues.add('INTERFILE_ORIENTATION_ASSUMED', 'info', 'Interfile has no world orientation: the documented head-first-supine convention (i to patient left, j to posterior, k to superior, grid centre at the origin) was assumed');
  return createVolume({
    data: out,
    dims: l.dims,
    affine: interfileAffine(h, l.dims, l.voxelSizeMm),
    metadata: {
      format: 'interfile',
      units: l.units,
      totalCounts: total.sum,
      attenuationCorrected: interfileAttenuation(h),
      extra: { numberType: l.type, byteOrder: l.littleEndian ? 'little' : 'big', frames: l.frames, voxelSizeMm: l.voxelSizeMm.join(' ') },
    },
    issues: issues.toArray(),
  });
}

/**
 * Attenuation correction from the Interfile 3.3 reconstructed-SPECT keys `method of attenuation
 * correction` ("none" = false) and `attenuation correction coefficient/cm` (> 0 = true); null
 * when neither is there (Todd-Pokropek et al., Nucl Med Commun 1992;13:673).
 */
export function interfileAttenuation(h: InterfileHeader): boolean | null {
  const method = (h.keys['method of attenuation correction'] ?? '').trim();
  if (method !== '') return !/^(none|no|off)$/i.test(method);
  const mu = parseInterfileNumber(h.keys['attenuation correction coefficient/cm'] ?? '');
  if (mu !== null && Number.isFinite(mu)) return mu > 0;
  return null;
}

function decodeInto(data: Uint8Array, l: InterfileLayout, out: Float32Array): { sum: number; nonFinite: number } {
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const o = l.dataOffset, le = l.littleEndian, n = out.length;
  let sum = 0, nonFinite = 0;
  for (let i = 0; i < n; i++) {
    let x: number;
    switch (l.type) {
      case 'uint8': x = v.getUint8(o + i); break;
      case 'int8': x = v.getInt8(o + i); break;
      case 'uint16': x = v.getUint16(o + 2 * i, le); break;
      case 'int16': x = v.getInt16(o + 2 * i, le); break;
      case 'uint32': x = v.getUint32(o + 4 * i, le); break;
      case 'int32': x = v.getInt32(o + 4 * i, le); break;
      case 'float32': x = v.getFloat32(o + 4 * i, le); break;
      case 'float64': x = v.getFloat64(o + 8 * i, le); break;
    }
    if (!(Math.abs(x) <= 3.4028234663852886e38)) { nonFinite++; x = 0; } // NaN, infinite, or beyond Float32
    out[i] = x;
    sum += x;
  }
  return { sum, nonFinite };
}
