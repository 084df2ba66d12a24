/**
 * Siemens mosaics (the dcm_qa_ts slice: 6 x 6 tiles of 64 x 64 in one 384 x 384
 * image, which dcm2niix turns into the 64 x 64 x 35 Ref/1.nii) are refused as
 * volumes rather than read as one wrong 384 x 384 slice; their pixels stay
 * readable with readDicomImage.
 */
import { expect, it } from 'vitest';
import { readDicom, readDicomImage } from '../../src/dicom/index.js';
import { readNifti } from '../../src/nifti/index.js';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';

describeShared('Siemens mosaic', () => {
  it('readDicom refuses it with UNSUPPORTED_FORMAT; the pixels equal dcm2niix de-mosaiced slices', async () => {
    const bytes = sharedBytes('dicom/transfer-syntax/dcm_qa_ts/1.dcm');
    await expect(readDicom(bytes)).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    const img = await readDicomImage(bytes);
    const n = readNifti(sharedBytes('dicom/transfer-syntax/dcm_qa_ts/Ref/1.nii'));
    expect([img.columns, img.rows]).toEqual([384, 384]);
    expect(n.dims).toEqual([64, 64, 35]);
    // the mosaic holds the same multiset of values as the 35 slices plus empty tiles
    let sum = 0;
    for (const v of img.rescaled) sum += v;
    expect(sum).toBe(n.metadata.totalCounts);
  });
});
