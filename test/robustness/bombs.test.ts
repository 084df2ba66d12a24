/**
 * Decompression caps (issue 14): the defaults are 256 MiB for a deflated DICOM
 * dataset, for an inflated NIfTI (and its Float32 output) and for decoded DICOM
 * pixels. Bombs of a few hundred KB that inflate far beyond that end with
 * RESOURCE_LIMIT without the inflated bytes being kept; a caller can raise the
 * caps. Neither time nor memory is asserted (the growth of `arrayBuffers` around a
 * call depends on when the garbage collector runs); docs/reliability.md has the
 * peak RSS measured in separate processes.
 */
import { describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/index.js';
import { DEFAULT_DECODE_LIMITS } from '../../src/dicom-pixels/index.js';
import { isSpectError } from '../../src/errors.js';
import { readNifti } from '../../src/nifti/index.js';
import { deflatedDicomBomb, niftiGzipBomb } from './bombs.js';

const MiB = 2 ** 20;

async function outcome(f: () => unknown): Promise<{ code: string }> {
  let code = 'ok';
  try {
    await f();
  } catch (e) {
    if (!isSpectError(e)) throw e;
    code = e.code;
  }
  return { code };
}

describe('decompression caps', () => {
  it('the decoded-pixel default is 256 MiB', () => {
    expect(DEFAULT_DECODE_LIMITS.maxBytes).toBe(256 * MiB);
  });

  const bomb = deflatedDicomBomb(300);
  it('a deflated DICOM inflating to 300 MiB: RESOURCE_LIMIT at the 256 MiB default', async () => {
    expect(bomb.length).toBeLessThan(2 * MiB);
    const r = await outcome(() => readDicom(bomb));
    expect(r.code).toBe('RESOURCE_LIMIT');
  }, 60_000);

  it('the same bomb with a 16 MiB cap: RESOURCE_LIMIT at the lower cap', async () => {
    const r = await outcome(() => readDicom(bomb, { maxInflatedBytes: 16 * MiB }));
    expect(r.code).toBe('RESOURCE_LIMIT');
  }, 60_000);

  it('a small deflated bomb under a raised cap is inflated (the option works), then refused for what it is', async () => {
    const r = await outcome(() => readDicom(deflatedDicomBomb(2), { maxInflatedBytes: 8 * MiB }));
    expect(r.code).not.toBe('RESOURCE_LIMIT');
  }, 60_000);

  it('a .nii.gz holding 1024 x 1024 x 200 uint8 (800 MB as Float32): RESOURCE_LIMIT from the header, nothing inflated beyond it', async () => {
    const bomb = niftiGzipBomb([1024, 1024, 200]);
    expect(bomb.length).toBeLessThan(2 * MiB);
    const r = await outcome(() => readNifti(bomb));
    expect(r.code).toBe('RESOURCE_LIMIT');
  }, 60_000);

  it('a .nii.gz under the default cap reads; a lower cap refuses it', async () => {
    const small = niftiGzipBomb([256, 256, 200]); // 13 MB uint8, 52 MB as Float32, 256 x 256 x 200 mm at 1 mm
    expect((await outcome(() => readNifti(small))).code).toBe('ok');
    expect((await outcome(() => readNifti(small, { maxBytes: 16 * MiB }))).code).toBe('RESOURCE_LIMIT');
  }, 60_000);
});
