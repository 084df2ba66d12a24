/**
 * NIfTI-1/2 volume reader (`.nii`, `.nii.gz`): header, bounded inflation,
 * frame selection, scaling and the voxel-to-RAS affine.
 */
import { AtlasError, ErrorCode, ImageFormatError, ResourceLimitError } from '../errors.js';
import { IssueList } from '../issues.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { affineColumnNorms, checkGridBounds } from '../volume/bounds.js';
import { datatypeInfo, readStored, type NiftiDatatypeName } from './datatypes.js';
import { gunzipBounded, isGzip } from './gzip.js';
import { detectNifti, effectiveScaling, parseNiftiHeader, type NiftiHeader } from './header.js';
import { chooseAffine, type AffineSource } from './transform.js';

export interface ReadNiftiOptions {
  /** Largest inflated file and largest output volume, in bytes. Default 256 MiB (a 1 mm MNI atlas is 29 MB as Float32; docs/reliability.md). */
  readonly maxBytes?: number;
  /** Volume to read from a 4-D (or higher) file, 0-based over dims 4..7 flattened. Default 0. */
  readonly frame?: number;
}

const DEFAULT_MAX_BYTES = 256 * 1024 ** 2;
const CHUNK = 65536;
const F32_MAX = 3.4028234663852886e38;

interface Layout {
  readonly dims: [number, number, number];
  readonly nvox: number;
  readonly frames: number;
  readonly bytesPerVoxel: number;
  /** Bytes of the whole declared image (all frames). */
  readonly dataBytes: number;
}

function layoutOf(h: NiftiHeader): Layout {
  const nd = h.dim[0]!;
  const d = (i: number) => (i <= nd ? h.dim[i]! : 1);
  const dims: [number, number, number] = [d(1), d(2), d(3)];
  const nvox = dims[0] * dims[1] * dims[2];
  const frames = d(4) * d(5) * d(6) * d(7);
  const info = datatypeInfo(h.datatype);
  return { dims, nvox, frames, bytesPerVoxel: info.bytes, dataBytes: nvox * frames * info.bytes };
}

interface Prepared {
  readonly header: NiftiHeader;
  readonly bytes: Uint8Array;
  readonly layout: Layout;
  readonly frame: number;
  readonly gzip: boolean;
}

/** Header, layout and the full file bytes (inflated if needed), all sizes checked. */
function prepare(input: Uint8Array, options: ReadNiftiOptions): Prepared {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const frame = options.frame ?? 0;
  const gzip = isGzip(input);
  let bytes = input;
  if (gzip) {
    bytes = gunzipBounded(input, 544, (head) => {
      const h = parseNiftiHeader(head);
      const l = layoutOf(h);
      checkOutput(l, maxBytes);
      checkFrame(frame, l);
      return h.voxOffset + l.dataBytes;
    }, maxBytes);
  } else if (!detectNifti(input)) {
    throw new ImageFormatError(ErrorCode.INVALID_NIFTI, 'not a NIfTI file (no gzip magic and sizeof_hdr is neither 348 nor 540)');
  }
  const header = parseNiftiHeader(bytes);
  const layout = layoutOf(header);
  checkOutput(layout, maxBytes);
  const need = header.voxOffset + layout.dataBytes;
  if (bytes.length < need) {
    throw new ImageFormatError(ErrorCode.TRUNCATED, `NIfTI data needs ${need} bytes (vox_offset ${header.voxOffset} + ${layout.dataBytes}), file has ${bytes.length}`, {
      details: { needed: need, available: bytes.length },
    });
  }
  checkFrame(frame, layout);
  return { header, bytes, layout, frame, gzip };
}

function checkFrame(frame: number, l: Layout): void {
  if (!(Number.isInteger(frame) && frame >= 0 && frame < l.frames)) {
    throw new RangeError(`frame ${frame} is out of range: the file has ${l.frames} volume(s)`);
  }
}

function checkOutput(l: Layout, maxBytes: number): void {
  const out = l.nvox * 4; // Float32 output
  if (!(out <= maxBytes) || !(l.dataBytes <= maxBytes)) {
    throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `NIfTI image of ${l.dims.join('x')}x${l.frames} voxels exceeds the limit of ${maxBytes} bytes`, {
      details: { dims: l.dims.join('x'), frames: l.frames, maxBytes },
    });
  }
}

interface Decoded {
  readonly data: Float32Array;
  readonly labels: Int32Array | null;
  readonly total: number;
}

/**
 * Convert the selected frame to Float32 real-world values (stored·slope + inter
 * in Float64, then rounded once to Float32), chunk by chunk. Non-finite values
 * (and values beyond the Float32 range) become 0 with a warning. With `labels`, also fill exact Int32 labels.
 */
function decode(p: Prepared, issues: IssueList, wantLabels: boolean): Decoded {
  const { header: h, layout: l } = p;
  const info = datatypeInfo(h.datatype);
  const { slope, inter } = effectiveScaling(h);
  if (h.sclSlope !== 0 && Number.isFinite(h.sclSlope) && !Number.isFinite(h.sclInter)) {
    issues.add('NIFTI_SCL_INTER_INVALID', 'warning', 'scl_inter is not finite; 0 was used');
  }
  const view = new DataView(p.bytes.buffer, p.bytes.byteOffset, p.bytes.byteLength);
  const base = h.voxOffset + p.frame * l.nvox * l.bytesPerVoxel;
  const data = new Float32Array(l.nvox);
  const labels = wantLabels ? new Int32Array(l.nvox) : null;
  const scratch = new Float64Array(Math.min(CHUNK, l.nvox));
  let total = 0, nonFinite = 0, lost = 0, notInteger = 0, outOfInt32 = 0, beyondF32 = 0;
  for (let start = 0; start < l.nvox; start += CHUNK) {
    const n = Math.min(CHUNK, l.nvox - start);
    lost += readStored(view, base + start * l.bytesPerVoxel, n, info.name, h.littleEndian, scratch);
    for (let i = 0; i < n; i++) {
      let v = scratch[i]! * slope + inter;
      if (!(Math.abs(v) <= F32_MAX)) { nonFinite++; v = 0; } // NaN, infinite, or beyond Float32
      data[start + i] = v;
      total += v;
      if (labels) {
        if (!Number.isInteger(v)) notInteger++;
        else if (v > 2147483647 || v < -2147483648) outOfInt32++;
        else { labels[start + i] = v; if (v > 16777216 || v < -16777216) beyondF32++; }
      }
    }
  }
  if (lost > 0) issues.add('NIFTI_INT64_PRECISION', 'warning', `${lost} 64-bit integer voxel(s) exceed 2^53 and were rounded`);
  if (nonFinite > 0) issues.add('NIFTI_NONFINITE_VOXELS', 'warning', `${nonFinite} voxel(s) were NaN, infinite or beyond the Float32 range and were set to 0`);
  if (notInteger > 0 || outOfInt32 > 0) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `label image has ${notInteger} non-integer and ${outOfInt32} out-of-int32 voxel value(s)`);
  }
  if (beyondF32 > 0) issues.add('NIFTI_LABEL_FLOAT32', 'warning', `${beyondF32} label(s) exceed 2^24 and are not exact in the Float32 volume; use the Int32 labels`);
  return { data, labels, total };
}

function toVolume(p: Prepared, d: Decoded, issues: IssueList): Volume {
  const h = p.header;
  const { affine, source } = chooseAffine(h, issues);
  if (p.layout.frames > 1) {
    issues.add('NIFTI_MULTI_VOLUME', 'info', `the file holds ${p.layout.frames} volumes; volume ${p.frame} was read`);
  }
  const info = datatypeInfo(h.datatype);
  const sc = effectiveScaling(h);
  return createVolume({
    data: d.data,
    dims: p.layout.dims,
    affine,
    metadata: {
      format: 'nifti',
      totalCounts: d.total,
      extra: {
        niftiVersion: h.version,
        byteOrder: h.littleEndian ? 'little' : 'big',
        gzip: p.gzip,
        datatype: info.name,
        sclSlope: sc.slope,
        sclInter: sc.inter,
        affineSource: source,
        sformCode: h.sformCode,
        qformCode: h.qformCode,
        frames: p.layout.frames,
        frame: p.frame,
        intentCode: h.intentCode,
        intentName: h.intentName === '' ? null : h.intentName,
        spatialUnits: spatialUnitName(h.xyztUnits),
      },
    },
    issues: issues.toArray(),
  });
}

/**
 * Voxel sizes and extent of the chosen affine against what a head volume (or a
 * 1 mm template/atlas) can be (src/volume/bounds.ts). Named by the header field
 * the affine came from: pixdim[1..3] for the qform or the pixdim-only affine,
 * srow_x/y/z for the sform.
 * @throws GeometryError INVALID_GEOMETRY
 */
function checkNiftiGrid(p: Prepared): void {
  // before the voxels are decoded; chooseAffine runs again (with the real issue list) in toVolume
  const { affine, source } = chooseAffine(p.header, new IssueList());
  const field = source === 'sform' ? 'srow_x/y/z' : 'pixdim';
  checkGridBounds(p.layout.dims, affineColumnNorms(affine), [1, 2, 3].map((i) => `NIfTI ${field} (axis ${i})`));
}

function spatialUnitName(xyzt: number): string | null {
  switch (xyzt & 0x07) {
    case 1: return 'm';
    case 2: return 'mm';
    case 3: return 'um';
    default: return null;
  }
}

/**
 * Read a NIfTI-1 or NIfTI-2 single-file image (`.nii` or gzipped `.nii.gz`)
 * into a `Volume` (Float32 real-world values, x fastest, voxel-to-RAS affine).
 * 4-D files: volume `options.frame` (default 0), with an info issue.
 * @throws ImageFormatError INVALID_NIFTI, TRUNCATED, MALFORMED (corrupt gzip),
 *   UNSUPPORTED_FORMAT (`ni1` pairs), UNSUPPORTED_PIXEL_FORMAT (RGB, complex)
 * @throws ResourceLimitError RESOURCE_LIMIT (more than `maxBytes`)
 * @throws GeometryError INVALID_GEOMETRY (affine unusable)
 * @throws RangeError when `options.frame` is out of range
 */
export function readNifti(bytes: Uint8Array, options: ReadNiftiOptions = {}): Volume {
  const p = prepare(bytes, options);
  const issues = new IssueList();
  checkNiftiGrid(p);
  const d = decode(p, issues, false);
  return toVolume(p, d, issues);
}

export interface NiftiLabels {
  /** Exact integer labels, x fastest (same layout as `volume.data`). */
  readonly labels: Int32Array;
  /** The same image as a Volume (Float32: exact for |label| <= 2^24). */
  readonly volume: Volume;
  readonly header: NiftiHeader;
  /** Datatype the labels were stored as. */
  readonly datatype: NiftiDatatypeName;
  /** Source of the affine. */
  readonly affineSource: AffineSource;
}

/**
 * Read an atlas (label image) keeping labels as exact integers.
 * Scaled values must be integers within int32 (float-stored atlases are accepted when they are).
 * @throws AtlasError ATLAS_ERROR (non-integer or out-of-range labels), and everything `readNifti` throws
 */
export function readNiftiLabels(bytes: Uint8Array, options: ReadNiftiOptions = {}): NiftiLabels {
  const p = prepare(bytes, options);
  const issues = new IssueList();
  checkNiftiGrid(p);
  const d = decode(p, issues, true);
  const volume = toVolume(p, d, issues);
  return {
    labels: d.labels!,
    volume,
    header: p.header,
    datatype: datatypeInfo(p.header.datatype).name,
    affineSource: volume.metadata.extra.affineSource as AffineSource,
  };
}

/**
 * Parse the header of a `.nii` or `.nii.gz` (inflating only the bytes up to
 * vox_offset, at most 1 MiB, of a gzip), with the extension list when flagged.
 * @throws ImageFormatError INVALID_NIFTI, TRUNCATED, MALFORMED, UNSUPPORTED_FORMAT
 */
export function readNiftiHeader(bytes: Uint8Array): NiftiHeader {
  if (!isGzip(bytes)) return parseNiftiHeader(bytes);
  const cap = 1 << 20;
  const head = gunzipBounded(bytes, 544, (h) => Math.min(parseNiftiHeader(h).voxOffset, cap), cap);
  return parseNiftiHeader(head);
}
