/**
 * The reader against the real third-party files in ../shared/data and their golden
 * JSON (pydicom / dcmtk). Nothing from those files is copied here.
 */
import { expect, it } from 'vitest';
import {
  parseDicomBytes, readDicom, readDicomImage, nmPlane, readPlane, readPixelSpacing,
} from '../../src/dicom/index.js';
import { SpectError } from '../../src/errors.js';
import { IssueList } from '../../src/issues.js';
import { applyAffine } from '../../src/volume/affine.js';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';

/** The parts of the golden JSON (see shared/data/README.md) used here. */
interface Gold {
  header: {
    transfer_syntax_uid: string | null;
    sop_class_uid: string | null;
    rows: number; columns: number;
    pixel_spacing: number[] | null;
    slice_thickness: number;
    image_position_patient: number[];
    image_orientation_patient: number[];
    position_orientation_source: string | null;
    functional_groups: Record<string, number | number[] | string>;
  };
  pixels: {
    shape_frames_rows_cols_samples: number[];
    min: number; max: number; sum: number;
    samples: { pos: number[]; value: number | number[] }[];
    rescaled?: { sum: number };
  };
}

/** Files whose pixels decode today (native, deflate, RLE and the lossless/lossy codecs that work). */
const IMAGES = [
  'dicom/nm/NM1_UNC.dcm', 'dicom/nm/NM1_RLE.dcm', 'dicom/nm/NM1_JPLL.dcm', 'dicom/nm/NM1_JLSL.dcm', 'dicom/nm/NM1_J2KR.dcm',
  'dicom/nm/NM1_JLSN.dcm', 'dicom/nm/NM1_J2KI.dcm',
  'dicom/nm/NM_Lu177_TOMO_bed1_projections.dcm',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `dicom/transfer-syntax/dcm_qa_ts/${n}.dcm`),
  ...['ExplVR_BigEnd', 'MR_small', 'MR_small_bigendian', 'MR_small_implicit', 'MR_small_RLE', 'MR_small_jp2klossless',
    'MR_small_jpeg_ls_lossless', 'emri_small', 'emri_small_big_endian', 'emri_small_RLE', 'emri_small_jpeg_ls_lossless',
    'emri_small_jpeg_2k_lossless', 'rtdose', 'rtdose_rle', 'SC_rgb', 'SC_rgb_rle', 'SC_rgb_jpeg_dcmtk', 'J2K_pixelrep_mismatch',
    'JPEGLSNearLossless_16', 'JPGLosslessP14SV1_1s_1f_8b'].map((n) => `dicom/transfer-syntax/pydicom/${n}.dcm`),
  'dicom/transfer-syntax/dicomParser/deflate/image_dfl.dcm',
  ...['explicit_little_endian', 'fragmented_no_bot_jpeg_lossless.70', 'fragmented_no_bot_jpeg_lossless.57', 'fragmented_no_bot_jpeg_ls.80',
    'fragmented_no_bot_jpeg_ls.81', 'not_fragmented_no_bot_jpeg_ls.80', 'not_fragmented_bot_jpeg_ls.80', 'not_fragmented_no_bot_rle',
    'not_fragmented_bot_rle'].map((n) => `dicom/transfer-syntax/dicomParser/multi-frame/CT0012.${n}.dcm`),
  'dicom/transfer-syntax/malformed/bad_sequence.dcm',
];

async function errCode(p: Promise<unknown>): Promise<string> {
  try { await p; return 'resolved'; } catch (e) { return e instanceof SpectError ? e.code : `untyped ${String(e)}`; }
}

describeShared('shared DICOM files against their golden JSON', () => {
  it.each(IMAGES)('%s: pixel module, stored statistics, rescale, plane', async (rel) => {
    const g = golden<Gold>(rel);
    const img = await readDicomImage(sharedBytes(rel));
    const [frames, rows, cols, samples] = g.pixels.shape_frames_rows_cols_samples as [number, number, number, number];
    expect([img.frames, img.rows, img.columns, img.samplesPerPixel]).toEqual([frames, rows, cols, samples]);
    expect(img.transferSyntaxUid).toBe(g.header.transfer_syntax_uid);
    let min = Infinity, max = -Infinity, sum = 0;
    for (let i = 0; i < img.stored.length; i++) {
      const v = img.stored[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    expect([min, max, sum]).toEqual([g.pixels.min, g.pixels.max, g.pixels.sum]);
    // golden samples: value at (frame, row, col)
    for (const s of g.pixels.samples) {
      const [f, r, c] = s.pos as [number, number, number];
      const base = ((f * rows + r) * cols + c) * samples;
      const want = Array.isArray(s.value) ? s.value : [s.value];
      expect(Array.from(img.stored.subarray(base, base + samples) as ArrayLike<number>)).toEqual(want);
    }
    if (g.pixels.rescaled) {
      let rs = 0;
      for (let i = 0; i < img.rescaled.length; i++) rs += img.rescaled[i]!;
      expect(rs).toBeCloseTo(g.pixels.rescaled.sum, 6);
    }
    const ds = parseDicomBytes(sharedBytes(rel)).dataSet;
    const issues = new IssueList();
    if (g.header.pixel_spacing) expect(readPixelSpacing(ds, issues)).toEqual(g.header.pixel_spacing);
    if (g.header.position_orientation_source === 'top-level') {
      const p = readPlane(ds)!;
      expect(p.ipp).toEqual(g.header.image_position_patient);
      const iop = [...p.row, ...p.col];
      (g.header.image_orientation_patient as number[]).forEach((v, i) => expect(iop[i]).toBeCloseTo(v, 4));
    }
  });

  it('GE Lu-177 projections: refused as TOMO, geometry from the Detector Information Sequence', async () => {
    const rel = 'dicom/nm/NM_Lu177_TOMO_bed1_projections.dcm';
    const g = golden<Gold>(rel);
    await expect(readDicom(sharedBytes(rel))).rejects.toMatchObject({ code: 'NOT_RECONSTRUCTED_VOLUME' });
    await expect(readDicom(sharedBytes(rel))).rejects.toThrow(/TOMO projection data, not a reconstructed volume/);
    const { plane, source } = nmPlane(parseDicomBytes(sharedBytes(rel)).dataSet);
    expect(source).toBe(g.header.position_orientation_source);
    expect(plane.ipp).toEqual(g.header.image_position_patient);
    const iop = [...plane.row, ...plane.col];
    (g.header.image_orientation_patient as number[]).forEach((v, i) => expect(iop[i]).toBeCloseTo(v, 5));
  });

  it('enhanced CT (CT0012): rescale from the shared functional groups, frames sorted along the normal', async () => {
    const rel = 'dicom/transfer-syntax/dicomParser/multi-frame/CT0012.explicit_little_endian.dcm';
    const g = golden<Gold>(rel);
    const fg = g.header.functional_groups;
    const v = await readDicom(sharedBytes(rel));
    expect(v.dims).toEqual([512, 512, 2]);
    const intercept = fg['shared.PixelValueTransformationSequence.RescaleIntercept'] as number;
    expect(v.metadata.totalCounts).toBe(g.pixels.sum + intercept * 2 * 512 * 512);
    // CT0012 also carries a Real World Value Mapping in the shared groups (slope 1,
    // intercept -1024, units ml/100ml/s per dcmdump), which takes precedence.
    expect(v.metadata.extra.rescaleSource).toBe('real-world-value-mapping');
    expect(v.metadata.units).toBe('ml/100ml/s');
    const [dy, dx] = fg['shared.PixelMeasuresSequence.PixelSpacing'] as number[];
    expect(v.spacing[0]).toBeCloseTo(dx!, 9);
    expect(v.spacing[1]).toBeCloseTo(dy!, 9);
    // frame 0's IPP (LPS) must be the RAS position of one of the two slices
    const [x, y, z] = fg['per_frame[0].PlanePositionSequence.ImagePositionPatient'] as number[];
    const hits = [0, 1].filter((k) => {
      const w = applyAffine(v.affine, 0, 0, k);
      return Math.abs(w[0] + x!) < 1e-6 && Math.abs(w[1] + y!) < 1e-6 && Math.abs(w[2] - z!) < 1e-6;
    });
    expect(hits).toHaveLength(1);
  });

  it('single-frame MR slice: a one-slice volume with the golden plane', async () => {
    const rel = 'dicom/transfer-syntax/pydicom/MR_small.dcm';
    const g = golden<Gold>(rel);
    const v = await readDicom(sharedBytes(rel));
    expect(v.dims).toEqual([g.header.columns, g.header.rows, 1]);
    expect(v.metadata.totalCounts).toBe(g.pixels.sum);
    const [px, py, pz] = g.header.image_position_patient as number[];
    expect(Array.from(applyAffine(v.affine, 0, 0, 0))).toEqual([-px!, -py!, pz!]);
    expect(v.spacing[2]).toBeCloseTo(g.header.slice_thickness, 9);
  });

  it('images without geometry, colour or unsupported classes are refused by readDicom', async () => {
    expect(await errCode(readDicom(sharedBytes('dicom/nm/NM1_UNC.dcm')))).toBe('INVALID_GEOMETRY');
    expect(await errCode(readDicom(sharedBytes('dicom/transfer-syntax/pydicom/SC_rgb.dcm')))).toBe('UNSUPPORTED_PIXEL_FORMAT');
    expect(await errCode(readDicom(sharedBytes('dicom/transfer-syntax/pydicom/rtdose.dcm')))).toBe('UNSUPPORTED_SOP_CLASS');
    for (const rel of ['dicom/transfer-syntax/pydicom/ExplVR_LitEndNoMeta.dcm', 'dicom/transfer-syntax/pydicom/ExplVR_BigEndNoMeta.dcm',
      'dicom/transfer-syntax/dicomParser/deflate/report_dfl.dcm', 'dicom/transfer-syntax/dicomParser/deflate/wave_dfl.dcm']) {
      expect(await errCode(readDicom(sharedBytes(rel))), rel).toBe('NO_PIXEL_DATA');
    }
  });

  it('files without meta are parsed with the right encoding', () => {
    const le = parseDicomBytes(sharedBytes('dicom/transfer-syntax/pydicom/ExplVR_LitEndNoMeta.dcm'));
    const be = parseDicomBytes(sharedBytes('dicom/transfer-syntax/pydicom/ExplVR_BigEndNoMeta.dcm'));
    expect(le.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(be.transferSyntaxUid).toBe('1.2.840.10008.1.2.2');
    const g = golden<Gold>('dicom/transfer-syntax/pydicom/ExplVR_BigEndNoMeta.dcm');
    expect(be.dataSet.string('x00080016')).toBe(g.header.sop_class_uid);
    expect(le.dataSet.string('x00080016')).toBe(g.header.sop_class_uid);
  });

  it('malformed files give typed errors or documented issues', async () => {
    const m = (n: string) => sharedBytes(`dicom/transfer-syntax/malformed/${n}.dcm`);
    expect(await errCode(readDicom(m('truncated_pixeldata_MR_truncated')))).toBe('TRUNCATED');
    expect(await errCode(readDicomImage(m('truncated_pixeldata_MR_truncated')))).toBe('TRUNCATED');
    expect(await errCode(readDicomImage(m('JPEG2000_embedded_sequence_delimiter')))).toBe('DECODE_FAILED');
    // encapsulated data without sequence delimiter: the parser warns, the pixel decoder refuses
    const cut = m('truncated_j2k_emri_small_jpeg_2k_lossless_too_short');
    expect(parseDicomBytes(cut).issues.map((i) => i.code)).toContain('PARSER_WARNINGS');
    expect(['PIXEL_DATA_SIZE', 'TRUNCATED']).toContain(await errCode(readDicomImage(cut)));
    // meta without (0002,0010): implicit VR LE guessed, as dcmdump and pydicom (force) do
    const mm = parseDicomBytes(m('meta_missing_transfer_syntax'));
    expect(mm.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(mm.issues.map((i) => i.code)).toContain('TRANSFER_SYNTAX_GUESSED');
    expect(await errCode(readDicom(m('meta_missing_transfer_syntax')))).toBe('MISSING_ATTRIBUTE');
    // no meta and one stray byte: the dataset is found at offset 1
    const sb = parseDicomBytes(m('no_meta_stray_leading_byte'));
    expect(sb.issues.map((i) => i.code)).toEqual(['NO_FILE_META', 'STRAY_LEADING_BYTES']);
    expect(sb.dataSet.string('x00080005')).toBe('ISO_IR 100');
    const img = await readDicomImage(m('no_meta_stray_leading_byte'));
    expect(img.rows * img.columns).toBeGreaterThan(0);
    // not DICOM at all
    expect(await errCode(readDicom(new TextEncoder().encode('just some text, certainly not a DICOM dataset')))).toBe('NOT_DICOM');
    expect(await errCode(readDicom(new Uint8Array(0)))).toBe('NOT_DICOM');
  });

  it('deflated explicit VR LE image is inflated before parsing', async () => {
    const rel = 'dicom/transfer-syntax/dicomParser/deflate/image_dfl.dcm';
    const p = parseDicomBytes(sharedBytes(rel));
    expect(p.transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
    expect(await errCode(readDicom(sharedBytes(rel), { maxInflatedBytes: 1000 }))).toBe('RESOURCE_LIMIT');
  });
});
