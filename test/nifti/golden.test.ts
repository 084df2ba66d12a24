/**
 * Every shared NIfTI file against its nibabel golden JSON.
 */
import { expect, it } from 'vitest';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';
import { qformMatrix, readNifti, readNiftiHeader, readNiftiLabels, sformMatrix } from '../../src/nifti/index.js';

interface Golden {
  header: {
    dim: number[]; pixdim: number[]; datatype_code: number; vox_offset: number; scl_slope: number; scl_inter: number;
    qform_code: number; sform_code: number; qform: number[][]; sform: number[][]; affine_nibabel: number[][];
    affine_source: string; endianness: string; extension_flag_bytes_348_351: number[];
  };
  scaled: { min: number; max: number; sum: number; mean: number; nonzero_voxels: number };
  samples_ijk: { ijk: [number, number, number]; scaled: number }[];
  labels?: { value: number; voxels: number }[];
}

const FILES = [
  'nifti/templates/spm12_OldNorm_SPECT.nii',
  'nifti/templates/spm12_OldNorm_PET.nii',
  'nifti/templates/spm12_OldSeg_grey.nii',
  'nifti/templates/spm12_OldSeg_white.nii',
  'nifti/templates/spm12_OldSeg_csf.nii',
  'nifti/templates/spm12_FieldMap_brainmask.nii',
  'nifti/templates/spm12_canonical_avg152T1.nii',
  'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii',
  'nifti/atlases/aal_mricron/aal.nii.gz',
  'nifti/atlases/aal_mricrogl/aal.nii.gz',
  'nifti/atlases/harvard_oxford/HarvardOxford-cort-maxprob-thr0-1mm.nii.gz',
  'nifti/atlases/suit_diedrichsen2009/atl-Anatom_space-MNI_dseg.nii',
  'dicom/transfer-syntax/dcm_qa_ts/Ref/1.nii',
];

function expectMat(actual: ArrayLike<number>, expected: number[][], tol: number): void {
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) {
    expect(Math.abs(actual[4 * r + c]! - expected[r]![c]!), `[${r},${c}]`).toBeLessThanOrEqual(tol);
  }
}

/** Float32 rounding of a float64 reference: relative 2^-24. */
function expectF32(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.abs(expected) * 6e-8 + 1e-12);
}

describeShared('NIfTI files vs nibabel golden values', () => {
  for (const rel of FILES) {
    it(rel, () => {
      const g = golden<Golden>(rel);
      const bytes = sharedBytes(rel);
      const h = readNiftiHeader(bytes);
      expect(h.dim).toEqual(g.header.dim);
      expect(h.pixdim).toEqual(g.header.pixdim);
      expect(h.datatype).toBe(g.header.datatype_code);
      expect(h.voxOffset).toBe(g.header.vox_offset);
      expect(h.sclSlope).toBe(g.header.scl_slope);
      expect(h.sclInter).toBe(g.header.scl_inter);
      expect(h.qformCode).toBe(g.header.qform_code);
      expect(h.sformCode).toBe(g.header.sform_code);
      expect(h.littleEndian).toBe(g.header.endianness === 'little');
      expect(h.extensionFlag).toEqual(g.header.extension_flag_bytes_348_351);
      expect(h.extensions).toEqual([]);
      expectMat(h.sform!, g.header.sform, 1e-6);
      expectMat(sformMatrix(h)!, g.header.sform, 1e-6);
      if (h.qformCode > 0) expectMat(qformMatrix(h)!, g.header.qform, 1e-5);
      if (h.qformCode > 0) expectMat(h.qform!, g.header.qform, 1e-5);

      const v = readNifti(bytes);
      expect(v.metadata.format).toBe('nifti');
      expect(v.dims).toEqual(g.header.dim.slice(1, 4));
      expect(v.metadata.extra.affineSource).toBe(g.header.affine_source);
      expectMat(v.affine, g.header.affine_nibabel, 1e-5);

      const n = v.data.length;
      let min = Infinity, max = -Infinity, nonzero = 0;
      for (let i = 0; i < n; i++) {
        const x = v.data[i]!;
        if (x < min) min = x;
        if (x > max) max = x;
        if (x !== 0) nonzero++;
      }
      expectF32(min, g.scaled.min);
      expectF32(max, g.scaled.max);
      expect(nonzero).toBe(g.scaled.nonzero_voxels);
      // totalCounts is the Float64 sum of stored*slope+inter, as nibabel computes it
      expect(Math.abs(v.metadata.totalCounts - g.scaled.sum)).toBeLessThanOrEqual(1e-9 * Math.abs(g.scaled.sum));
      expect(Math.abs(v.metadata.totalCounts / n - g.scaled.mean)).toBeLessThanOrEqual(1e-9 * Math.abs(g.scaled.mean));
      const [nx, ny] = v.dims;
      for (const s of g.samples_ijk) {
        const [i, j, k] = s.ijk;
        expectF32(v.data[i + nx * (j + ny * k)]!, s.scaled);
      }
      expect(v.issues).toEqual([]);

      if (g.labels) {
        const lab = readNiftiLabels(bytes);
        const counts = new Map<number, number>();
        for (let i = 0; i < lab.labels.length; i++) counts.set(lab.labels[i]!, (counts.get(lab.labels[i]!) ?? 0) + 1);
        expect(counts.size).toBe(g.labels.length);
        for (const l of g.labels) expect(counts.get(l.value), `label ${l.value}`).toBe(l.voxels);
        expectMat(lab.volume.affine, g.header.affine_nibabel, 1e-5);
      }
    });
  }

  it('the MRIcroGL AAL (gap of 2016 bytes, extension flag 0) equals the MRIcron AAL', () => {
    const a = readNiftiLabels(sharedBytes('nifti/atlases/aal_mricrogl/aal.nii.gz'));
    const b = readNiftiLabels(sharedBytes('nifti/atlases/aal_mricron/aal.nii.gz'));
    expect(a.header.voxOffset).toBe(2368);
    expect(a.header.extensions).toEqual([]);
    expect(a.labels.length).toBe(b.labels.length);
    let diff = 0;
    for (let i = 0; i < a.labels.length; i++) if (a.labels[i] !== b.labels[i]) diff++;
    expect(diff).toBe(0);
  });

  it('dcm_qa_ts Ref/1.nii holds the same pixel sum as the DICOM series (38036663)', () => {
    const v = readNifti(sharedBytes('dicom/transfer-syntax/dcm_qa_ts/Ref/1.nii'));
    expect(v.metadata.totalCounts).toBe(38036663);
  });
});
