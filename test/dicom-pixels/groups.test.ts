/**
 * Groups of shared files holding the same image in several transfer syntaxes:
 * lossless members must decode identical to the uncompressed member, lossy
 * ones within the maximum absolute difference measured by pydicom/DCMTK/GDCM.
 */
import { expect, it } from 'vitest';
import { decodePixelData } from '../../src/dicom-pixels/index.js';
import type { StoredPixels } from '../../src/dicom-pixels/index.js';
import { describeShared } from '../helpers/shared-data.js';
import { load, maxAbsDiff, stats } from './load.js';

async function decode(rel: string): Promise<StoredPixels> {
  const { ds, ts, pm } = load(rel);
  return (await decodePixelData(ds, ts, pm)).values;
}

interface Group {
  readonly name: string;
  readonly reference: string;
  readonly sum: number;
  /** [file, max abs diff allowed vs reference (0 = identical)] */
  readonly members: readonly (readonly [string, number])[];
}

const NM = 'dicom/nm/';
const QA = 'dicom/transfer-syntax/dcm_qa_ts/';
const PY = 'dicom/transfer-syntax/pydicom/';
const CT = 'dicom/transfer-syntax/dicomParser/multi-frame/CT0012.';

// Lossy bounds: the max abs diff vs the uncompressed member stated in shared/data/README.md
// and the golden JSON (`consistency.max_abs_diff`), measured with DCMTK / GDCM.
const GROUPS: readonly Group[] = [
  {
    name: 'WG04 NM1',
    reference: `${NM}NM1_UNC.dcm`,
    sum: 3596452,
    members: [
      [`${NM}NM1_RLE.dcm`, 0],
      [`${NM}NM1_JPLL.dcm`, 0],
      [`${NM}NM1_JLSL.dcm`, 0],
      [`${NM}NM1_J2KR.dcm`, 0],
      [`${NM}NM1_JLSN.dcm`, 4],
      [`${NM}NM1_JPLY.dcm`, 36],
      [`${NM}NM1_J2KI.dcm`, 101],
    ],
  },
  {
    name: 'dcm_qa_ts',
    reference: `${QA}1.dcm`,
    sum: 38036663,
    members: ['2', '3', '4', '5', '6', '7', '8', '9'].map((n) => [`${QA}${n}.dcm`, 0] as const),
  },
  {
    name: 'pydicom MR_small',
    reference: `${PY}MR_small.dcm`,
    sum: 2125338,
    members: ['MR_small_RLE', 'MR_small_bigendian', 'MR_small_implicit', 'MR_small_jp2klossless', 'MR_small_jpeg_ls_lossless'].map((n) => [`${PY}${n}.dcm`, 0] as const),
  },
  {
    name: 'pydicom emri_small (10 frames)',
    reference: `${PY}emri_small.dcm`,
    sum: 4493276,
    members: ['emri_small_RLE', 'emri_small_big_endian', 'emri_small_jpeg_2k_lossless', 'emri_small_jpeg_ls_lossless'].map((n) => [`${PY}${n}.dcm`, 0] as const),
  },
  {
    name: 'pydicom rtdose (15 frames uint32)',
    reference: `${PY}rtdose.dcm`,
    sum: 1519910000,
    members: [[`${PY}rtdose_rle.dcm`, 0]],
  },
  {
    name: 'pydicom SC_rgb',
    reference: `${PY}SC_rgb.dcm`,
    sum: 3831000,
    members: [
      [`${PY}SC_rgb_rle.dcm`, 0],
      [`${PY}SC_rgb_jpeg_dcmtk.dcm`, 6],
    ],
  },
  {
    name: 'NEMA CT0012 (2 frames)',
    reference: `${CT}explicit_little_endian.dcm`,
    sum: 199249408,
    members: [
      [`${CT}fragmented_no_bot_jpeg_lossless.57.dcm`, 0],
      [`${CT}fragmented_no_bot_jpeg_lossless.70.dcm`, 0],
      [`${CT}fragmented_no_bot_jpeg_ls.80.dcm`, 0],
      [`${CT}not_fragmented_bot_jpeg_ls.80.dcm`, 0],
      [`${CT}not_fragmented_no_bot_jpeg_ls.80.dcm`, 0],
      [`${CT}not_fragmented_bot_rle.dcm`, 0],
      [`${CT}not_fragmented_no_bot_rle.dcm`, 0],
      [`${CT}fragmented_no_bot_jpeg_ls.81.dcm`, 2],
    ],
  },
];

describeShared('transfer-syntax groups decode to the same pixels', () => {
  for (const g of GROUPS) {
    it.each(g.members)(`${g.name}: %s (max abs diff %d)`, async (rel, bound) => {
      const ref = await decode(g.reference);
      expect(stats(ref).sum).toBe(g.sum);
      const v = await decode(rel);
      const d = maxAbsDiff(ref, v);
      if (bound === 0) {
        expect(d).toBe(0);
        expect(stats(v).sum).toBe(g.sum);
      } else {
        expect(d).toBeGreaterThan(0); // really lossy: catches decoding the wrong buffer
        expect(d).toBeLessThanOrEqual(bound);
      }
    });
  }
});
