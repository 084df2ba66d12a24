/**
 * The readers under test, behind one signature, and the seed inputs the mutation
 * fuzzers start from: files made by this project's writers (always available) and
 * real third-party files from ../shared/data (when present; read through a loader
 * the caller supplies, so this module stays free of vitest and of node:fs).
 */
import { gzipSync } from 'fflate';
import { readDicom, readDicomImage } from '../../src/dicom/index.js';
import { writeNmMultiframe, writeSingleFrameSeries } from '../../src/dicom-write/index.js';
import { readInterfile } from '../../src/interfile/index.js';
import { readNifti, writeNifti } from '../../src/nifti/index.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { ContractViolation } from './check.js';

export type Target = 'dicom' | 'nifti' | 'interfile';
export const TARGETS: readonly Target[] = ['dicom', 'nifti', 'interfile'];

/** One input: `bytes` is the file (DICOM, NIfTI) or the Interfile data file; `header` the Interfile header text. */
export interface Input {
  readonly target: Target;
  readonly bytes: Uint8Array;
  readonly header?: string;
}

export interface Seed extends Input {
  readonly name: string;
}

/** Memory cap handed to the NIfTI reader and the DICOM decoders during fuzzing (256 MiB). */
export const FUZZ_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Read an input with its reader, with the library's default limits unless
 * `maxBytes` is given (decoded-pixel cap for DICOM, inflate/output cap for NIfTI).
 */
export async function readInput(input: Input, maxBytes?: number): Promise<Volume> {
  switch (input.target) {
    case 'dicom':
      return readDicom(input.bytes, maxBytes === undefined ? {} : { limits: { maxBytes } });
    case 'nifti':
      return readNifti(input.bytes, maxBytes === undefined ? {} : { maxBytes });
    case 'interfile':
      return readInterfile(input.header ?? '', input.bytes);
  }
}

/**
 * `readDicomImage` with its own contract check: rescaled values finite and as
 * many as rows x columns x samples x frames.
 * @throws ContractViolation
 */
export async function readDicomFrames(bytes: Uint8Array, maxBytes = FUZZ_MAX_BYTES): Promise<void> {
  const img = await readDicomImage(bytes, { limits: { maxBytes } });
  const n = img.rows * img.columns * img.samplesPerPixel * img.frames;
  if (img.rescaled.length !== n || img.stored.length !== n) {
    throw new ContractViolation(`readDicomImage returned ${img.rescaled.length} values for ${n}`);
  }
  for (let i = 0; i < n; i++) if (!Number.isFinite(img.rescaled[i]!)) throw new ContractViolation(`rescaled[${i}] is ${img.rescaled[i]}`);
}

/** A small smooth test volume (16 x 16 x 8, 3.5 mm voxels, LPS-like flip on i/j), integral values. */
export function smallVolume(nx = 16, ny = 16, nz = 8): Volume {
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const r2 = ((i - nx / 2) ** 2 + (j - ny / 2) ** 2) / (nx * nx / 8) + ((k - nz / 2) ** 2) / (nz * nz / 8);
    data[i + nx * (j + ny * k)] = Math.round(1000 * Math.exp(-r2) + 10);
  }
  const s = 3.5;
  const affine = [-s, 0, 0, s * (nx - 1) / 2, 0, -s, 0, s * (ny - 1) / 2, 0, 0, s, -s * (nz - 1) / 2, 0, 0, 0, 1];
  return createVolume({ data, dims: [nx, ny, nz], affine });
}

/** A uint16 little-endian Interfile 3.3 header for `dims` (synthetic). */
export function interfileHeader(dims: readonly [number, number, number], extra: readonly string[] = []): string {
  return [
    '!INTERFILE :=',
    '!imaging modality := nucmed',
    '!version of keys := 3.3',
    '!name of data file := vol.i33',
    'imagedata byte order := LITTLEENDIAN',
    '!type of data := Tomographic',
    'process status := Reconstructed',
    `!matrix size [1] := ${dims[0]}`,
    `!matrix size [2] := ${dims[1]}`,
    `!number of slices := ${dims[2]}`,
    '!number format := unsigned integer',
    '!number of bytes per pixel := 2',
    'scaling factor (mm/pixel) [1] := +3.500000e+00',
    'scaling factor (mm/pixel) [2] := 3.5',
    'slice thickness (pixels) := 1',
    ...extra,
    '!END OF INTERFILE :=',
  ].join('\r\n');
}

/** uint16 LE bytes of a volume's (integral, non-negative) data. */
export function u16le(v: Volume): Uint8Array {
  const out = new Uint8Array(v.data.length * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < v.data.length; i++) dv.setUint16(2 * i, Math.max(0, Math.min(65535, Math.round(v.data[i]!))), true);
  return out;
}

/** Seeds made by this project's writers: no third-party data needed. */
export function writerSeeds(): Seed[] {
  const v = smallVolume();
  const series = writeSingleFrameSeries(smallVolume(8, 8, 2), { modality: 'NM' });
  const nii = writeNifti(v);
  return [
    { name: 'writer:nm-ge', target: 'dicom', bytes: writeNmMultiframe(v, { style: 'ge' }) },
    { name: 'writer:nm-siemens', target: 'dicom', bytes: writeNmMultiframe(v, { style: 'siemens' }) },
    { name: 'writer:nm-hermes', target: 'dicom', bytes: writeNmMultiframe(v, { style: 'hermes' }) },
    { name: 'writer:nm-single-frame', target: 'dicom', bytes: series[0]!.bytes },
    { name: 'writer:nifti', target: 'nifti', bytes: nii },
    { name: 'writer:nifti-gz', target: 'nifti', bytes: gzipSync(nii) },
    { name: 'writer:interfile', target: 'interfile', header: interfileHeader(v.dims), bytes: u16le(v) },
  ];
}

/** Real files from ../shared/data used as mutation seeds (relative paths). Interfile: header path, data path. */
export const SHARED_SEEDS: readonly { readonly target: Target; readonly rel: string; readonly data?: string }[] = [
  { target: 'dicom', rel: 'dicom/nm/NM_Lu177_TOMO_bed1_projections.dcm' },
  { target: 'dicom', rel: 'dicom/nm/NM1_RLE.dcm' },
  { target: 'dicom', rel: 'dicom/nm/NM1_JPLL.dcm' },
  { target: 'dicom', rel: 'dicom/nm/NM1_JLSL.dcm' },
  { target: 'dicom', rel: 'dicom/nm/NM1_J2KR.dcm' },
  { target: 'dicom', rel: 'dicom/nm/NM1_JPLY.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dcm_qa_ts/1.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dcm_qa_ts/3.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dcm_qa_ts/4.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dcm_qa_ts/5.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dcm_qa_ts/7.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dcm_qa_ts/9.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/MR_small.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/MR_small_implicit.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/MR_small_bigendian.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/emri_small_RLE.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/emri_small_jpeg_2k_lossless.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/emri_small_jpeg_ls_lossless.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/JPGLosslessP14SV1_1s_1f_8b.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/pydicom/SC_rgb_jpeg_dcmtk.dcm' },
  { target: 'dicom', rel: 'dicom/transfer-syntax/dicomParser/deflate/image_dfl.dcm' },
  { target: 'nifti', rel: 'nifti/templates/spm12_OldNorm_SPECT.nii' },
  { target: 'nifti', rel: 'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii' },
  { target: 'nifti', rel: 'nifti/atlases/aal_mricrogl/aal.nii.gz' },
  { target: 'interfile', rel: 'interfile/Brain_Perfusion_Attn_72x90x77.h33', data: 'interfile/Brain_Perfusion_Attn_72x90x77.i33' },
];

/** Load the shared seeds with `load(rel)` (returns null when a file is missing). */
export function sharedSeeds(load: (rel: string) => Uint8Array | null): Seed[] {
  const out: Seed[] = [];
  for (const s of SHARED_SEEDS) {
    const b = load(s.rel);
    if (!b) continue;
    if (s.target === 'interfile') {
      const d = s.data ? load(s.data) : null;
      if (!d) continue;
      out.push({ name: s.rel, target: 'interfile', header: latin1(b), bytes: d });
    } else {
      out.push({ name: s.rel, target: s.target, bytes: b });
    }
  }
  return out;
}

/** Bytes to a string, one char per byte. */
export function latin1(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

/** String to bytes, low 8 bits of each char. */
export function latin1Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 0xff;
  return b;
}
