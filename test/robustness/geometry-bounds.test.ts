/**
 * Absurd but syntactically valid voxel sizes (issue 14): refused at read time
 * with INVALID_GEOMETRY naming the attribute, and, for volumes built in code,
 * refused by the registration's working-grid cap (RESOURCE_LIMIT) instead of a
 * raw RangeError after gigabytes. Files are made with the project's writers.
 * Before the fix (measured): Pixel Spacing 1e5 / Spacing Between Slices 2^32
 * threw `RangeError: Invalid typed array length` after 16 s and 2.6 GB;
 * Pixel Spacing 1000 grew past 11 GB; Interfile scaling factor 65535 ran for minutes.
 */
import { describe, expect, it } from 'vitest';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { readDicom } from '../../src/dicom/index.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { isSpectError } from '../../src/errors.js';
import { readInterfile } from '../../src/interfile/index.js';
import { readNifti, readNiftiLabels, writeNifti } from '../../src/nifti/index.js';
import { registerToTemplate } from '../../src/register/index.js';
import { builtinTemplate } from '../../src/atlas/index.js';
import { resampleVolume } from '../../src/volume/resample.js';
import { MAX_EXTENT_MM, MAX_VOXEL_MM, MIN_VOXEL_MM } from '../../src/volume/bounds.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';

const N = 32, NZ = 24;

/** A blob study with voxel sizes (sx, sy, sz) mm. */
function blob(sx: number, sy: number, sz: number, dims: readonly [number, number, number] = [N, N, NZ]): Volume {
  const [nx, ny, nz] = dims;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) {
    const r2 = ((i - nx / 2) / (nx / 3)) ** 2 + ((j - ny / 2) / (ny / 3)) ** 2 + ((k - nz / 2) / (nz / 3)) ** 2;
    data[i + nx * (j + ny * k)] = r2 < 1 ? 100 + 50 * Math.cos(3 * r2) : 0;
  }
  const affine = [-sx, 0, 0, sx * (nx - 1) / 2, 0, -sy, 0, sy * (ny - 1) / 2, 0, 0, sz, -sz * (nz - 1) / 2, 0, 0, 0, 1];
  return createVolume({ data, dims, affine });
}

async function codeOf(f: () => unknown): Promise<{ code: string; message: string }> {
  try {
    await f();
  } catch (e) {
    if (!isSpectError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  return { code: 'ok', message: '' };
}

function interfileHeader(scaling: string, slices = NZ): string {
  return [
    '!INTERFILE :=', '!imaging modality := nucmed', '!version of keys := 3.3', '!type of data := Tomographic',
    'process status := Reconstructed', '!matrix size [1] := ' + N, '!matrix size [2] := ' + N, '!number of slices := ' + slices,
    '!number format := float', '!number of bytes per pixel := 4', 'imagedata byte order := LITTLEENDIAN',
    `scaling factor (mm/pixel) [1] := ${scaling}`, `scaling factor (mm/pixel) [2] := ${scaling}`, '!END OF INTERFILE :=', '',
  ].join('\r\n');
}
const interfileData = (slices = NZ) => new Uint8Array(N * N * slices * 4).fill(0).map((_, i) => (i % 4 === 3 ? 0x42 : 0));

describe('read-time voxel size and extent bounds', () => {
  it('documents the bounds', () => {
    expect([MIN_VOXEL_MM, MAX_VOXEL_MM, MAX_EXTENT_MM]).toEqual([0.1, 30, 1000]);
  });

  it.each([
    ['Pixel Spacing 1e5', blob(1e5, 1e5, 4), /Pixel Spacing \(0028,0030\)/],
    ['Pixel Spacing 1000', blob(1000, 1000, 4), /Pixel Spacing \(0028,0030\)/],
    ['Spacing Between Slices 4294967296', blob(4, 4, 4294967296), /Spacing Between Slices \(0018,0088\)/],
    ['Spacing Between Slices 50 (a 1.2 m head)', blob(4, 4, 50), /Spacing Between Slices \(0018,0088\)/],
    ['Pixel Spacing 0.01', blob(0.01, 0.01, 4), /Pixel Spacing \(0028,0030\)/],
  ])('DICOM NM, %s: INVALID_GEOMETRY naming the attribute', async (_name, v, attr) => {
    const bytes = writeNmMultiframe(v, { style: 'ge' });
    const r = await codeOf(() => readDicom(bytes));
    expect(r.code).toBe('INVALID_GEOMETRY');
    expect(r.message).toMatch(attr);
  });

  it('DICOM NM: 300 slices of 4 mm (1.2 m) is refused for its extent', async () => {
    const r = await codeOf(() => readDicom(writeNmMultiframe(blob(4, 4, 4, [16, 16, 300]), { style: 'siemens' })));
    expect(r.code).toBe('INVALID_GEOMETRY');
    expect(r.message).toMatch(/Spacing Between Slices.*1200 mm/);
  });

  it('a normal 4 mm study still reads (control)', async () => {
    const v = await readDicom(writeNmMultiframe(blob(4, 4, 4), { style: 'ge' }));
    expect(v.spacing.map((s) => Math.round(s * 1000) / 1000)).toEqual([4, 4, 4]);
  });

  it.each([
    ['pixdim 1e5', blob(1e5, 1e5, 1e5)],
    ['pixdim 1000 along z', blob(4, 4, 1000)],
    ['pixdim 0.001', blob(0.001, 0.001, 0.001)],
  ])('NIfTI %s: INVALID_GEOMETRY naming the field', async (_name, v) => {
    for (const gzip of [false, true]) {
      const r = await codeOf(() => readNifti(writeNifti(v, { gzip })));
      expect(r.code).toBe('INVALID_GEOMETRY');
      expect(r.message).toMatch(/NIfTI (srow_x\/y\/z|pixdim) \(axis [123]\)/);
      const l = await codeOf(() => readNiftiLabels(writeNifti(v, { gzip, datatype: 'int16' })));
      expect(l.code).toBe('INVALID_GEOMETRY');
    }
  });

  it('NIfTI at 1 mm over 182 x 218 x 182 (the MNI atlas grid) still reads', () => {
    // the real 1 mm AAL / Harvard-Oxford / SUIT atlases are read by test/nifti/golden.test.ts (shared data)
    expect(readNifti(writeNifti(blob(1, 1, 1, [182, 218, 182]))).dims).toEqual([182, 218, 182]);
  });

  it.each(['65535', '1000', '0.01'])('Interfile scaling factor %s: INVALID_GEOMETRY naming the key', async (s) => {
    const r = await codeOf(() => readInterfile(interfileHeader(s), interfileData()));
    expect(r.code).toBe('INVALID_GEOMETRY');
    expect(r.message).toMatch(/scaling factor \(mm\/pixel\) \[1\]/);
  });

  it('Interfile at 4 mm still reads (control)', () => {
    expect(readInterfile(interfileHeader('4'), interfileData()).dims).toEqual([N, N, NZ]);
  });
});

describe('registration and resampling working memory is bounded by physical size', () => {
  it('a volume built in code with 1e5 mm voxels: RESOURCE_LIMIT from the registration, not a RangeError', async () => {
    const r = await codeOf(() => analyzeStudy(blob(1e5, 1e5, 1e5)));
    expect(r.code).toBe('RESOURCE_LIMIT');
    expect(r.message).toMatch(/registration grid/);
  });
  it('Pixel Spacing 1000 built in code: RESOURCE_LIMIT', async () => {
    const r = await codeOf(() => registerToTemplate(blob(1000, 1000, 4), builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' })));
    expect(r.code).toBe('RESOURCE_LIMIT');
  });
  it('resampling onto a grid of more than 2^26 voxels: RESOURCE_LIMIT before allocating', async () => {
    const v = blob(4, 4, 4);
    const r = await codeOf(() => resampleVolume(v, [4096, 4096, 8], v.affine));
    expect(r.code).toBe('RESOURCE_LIMIT');
  });
});
