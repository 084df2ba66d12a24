/**
 * writeNifti: round trips through readNifti, header fields, scaling choice,
 * qform from the affine, and (when Debian python3 + nibabel are present) the
 * affine and values as nibabel reads our files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';
import { affineToQuatern, qformMatrix, readNifti, readNiftiHeader, sformMatrix, writeNifti } from '../../src/nifti/index.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';

/** Rotation about an axis (Rodrigues), then column scales, then translation. */
function obliqueAffine(flip: boolean): Float64Array {
  const [ux, uy, uz] = [1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)];
  const t = 0.3, c = Math.cos(t), s = Math.sin(t), C = 1 - c;
  const R = [
    [c + ux * ux * C, ux * uy * C - uz * s, ux * uz * C + uy * s],
    [uy * ux * C + uz * s, c + uy * uy * C, uy * uz * C - ux * s],
    [uz * ux * C - uy * s, uz * uy * C + ux * s, c + uz * uz * C],
  ];
  const sc = [2, 2.5, flip ? -3 : 3];
  const m = new Float64Array(16);
  for (let r = 0; r < 3; r++) for (let k = 0; k < 3; k++) m[4 * r + k] = R[r]![k]! * sc[k]!;
  m[3] = -90.5; m[7] = 12.25; m[11] = -40; m[15] = 1;
  return m;
}

function vol(data: Float32Array, affine: Float64Array, dims: [number, number, number] = [4, 5, 6]): Volume {
  return createVolume({ data, dims, affine });
}

const ramp = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i));

function expectAffine(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void {
  for (let i = 0; i < 16; i++) expect(Math.abs(a[i]! - b[i]!), `element ${i}`).toBeLessThanOrEqual(tol);
}

describe('writeNifti', () => {
  it('NIfTI-2: header version, 64-bit fields and a round trip equal to NIfTI-1', () => {
    const a = obliqueAffine(true);
    const data = ramp(120, (i) => Math.cos(i) * 500);
    const bytes = writeNifti(vol(data, a), { version: 2, xformCode: 4 });
    const h = readNiftiHeader(bytes);
    expect(h.version).toBe(2);
    expect(h.voxOffset).toBe(544);
    expect(h.dim.slice(0, 4)).toEqual([3, 4, 5, 6]);
    const back = readNifti(bytes);
    expect(back.data).toEqual(data);
    expectAffine(back.affine, readNifti(writeNifti(vol(data, a), { xformCode: 4 })).affine, 1e-5);
    expectAffine(back.affine, a, 1e-9 * 1000);
    const gz = readNifti(writeNifti(vol(data, a), { version: 2, gzip: true, datatype: 'int16' }));
    for (let i = 0; i < data.length; i++) expect(Math.abs(gz.data[i]! - data[i]!)).toBeLessThan(0.02);
  });

  it('float32 round trip: same affine (1e-6 relative) and identical values', () => {
    for (const flip of [false, true]) {
      const a = obliqueAffine(flip);
      const data = ramp(120, (i) => Math.sin(i) * 1000);
      const back = readNifti(writeNifti(vol(data, a)));
      expect(back.data).toEqual(data);
      for (let i = 0; i < 16; i++) expect(Math.abs(back.affine[i]! - a[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(a[i]!)));
    }
  });

  it('qform written from the affine equals the sform, qfac -1 for a flip', () => {
    for (const flip of [false, true]) {
      const a = obliqueAffine(flip);
      const h = readNiftiHeader(writeNifti(vol(new Float32Array(120), a), { xformCode: 4 }));
      expect(h.qformCode).toBe(4);
      expect(h.sformCode).toBe(4);
      expect(h.pixdim[0]).toBe(flip ? -1 : 1);
      expectAffine(qformMatrix(h)!, sformMatrix(h)!, 2e-5);
      expectAffine(qformMatrix(h)!, a, 2e-5);
    }
  });

  it('qform for axis-aligned flips and 180-degree rotations (trace -1 branches)', () => {
    const diags = [[-2, -2, 2], [-2, 2, 2], [2, -3, -4], [-1, -1, -1], [1, 1, 1], [2, -2, 2]];
    for (const [x, y, z] of diags) {
      const a = Float64Array.from([x!, 0, 0, 10, 0, y!, 0, -20, 0, 0, z!, 30, 0, 0, 0, 1]);
      const h = readNiftiHeader(writeNifti(vol(new Float32Array(120), a)));
      expect(h.qformCode).toBe(2);
      expectAffine(h.qform!, a, 1e-6);
    }
    // permuted axes (sagittal-like storage)
    const p = Float64Array.from([0, 0, -2, 5, -2, 0, 0, 6, 0, 2.5, 0, 7, 0, 0, 0, 1]);
    expectAffine(readNiftiHeader(writeNifti(vol(new Float32Array(120), p))).qform!, p, 1e-6);
  });

  it('an affine with shear gets no qform', () => {
    const a = Float64Array.from([2, 0.5, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(affineToQuatern(a)).toBeNull();
    const f = writeNifti(vol(new Float32Array(120), a));
    const h = readNiftiHeader(f);
    expect(h.qformCode).toBe(0);
    expect(h.sformCode).toBe(2);
    expectAffine(readNifti(f).affine, a, 1e-6);
  });

  it('header basics: n+1, vox_offset 352, no extension, mm units, descrip only from the caller', () => {
    const f = writeNifti(vol(new Float32Array(120), obliqueAffine(false)), { description: 'perfusion é test' });
    expect(f.length).toBe(352 + 120 * 4);
    const h = readNiftiHeader(f);
    expect(h.magic).toBe('n+1');
    expect(h.voxOffset).toBe(352);
    expect(h.extensionFlag).toEqual([0, 0, 0, 0]);
    expect(h.littleEndian).toBe(true);
    expect(h.xyztUnits).toBe(2);
    expect(h.descrip).toBe('perfusion ? test');
    expect(readNiftiHeader(writeNifti(vol(new Float32Array(120), obliqueAffine(false)))).descrip).toBe('');
  });

  it('int16 from float data: slope fits the range, error below slope/2', () => {
    const data = ramp(120, (i) => -123.4 + i * 17.77);
    const f = writeNifti(vol(data, obliqueAffine(false)), { datatype: 'int16' });
    const h = readNiftiHeader(f);
    expect(h.datatype).toBe(4);
    expect(h.sclSlope).toBeGreaterThan(0);
    const back = readNifti(f);
    let maxErr = 0;
    for (let i = 0; i < 120; i++) maxErr = Math.max(maxErr, Math.abs(back.data[i]! - data[i]!));
    expect(maxErr).toBeLessThanOrEqual(h.sclSlope * 0.5 + 1e-3);
  });

  it('integer data that fits is stored exactly with slope 1 (uint8, int16, uint16, int32, int8, uint32, float64)', () => {
    const data = ramp(120, (i) => i * 2);
    for (const datatype of ['uint8', 'int16', 'uint16', 'int32', 'int8', 'uint32', 'float64'] as const) {
      const d = datatype === 'int8' ? ramp(120, (i) => i - 60) : data;
      const f = writeNifti(vol(d, obliqueAffine(false)), { datatype });
      const h = readNiftiHeader(f);
      expect(h.sclSlope).toBe(1);
      expect(h.sclInter).toBe(0);
      expect(readNifti(f).data).toEqual(d);
    }
  });

  it('uint8 from [0, 1] floats and out-of-range integers use scaling', () => {
    const d = ramp(120, (i) => i / 119);
    const h = readNiftiHeader(writeNifti(vol(d, obliqueAffine(false)), { datatype: 'uint8' }));
    expect(h.sclSlope).toBeCloseTo(1 / 255, 7);
    const big = ramp(120, (i) => i * 1000);
    const back = readNifti(writeNifti(vol(big, obliqueAffine(false)), { datatype: 'uint8' }));
    expect(Math.abs(back.data[119]! - 119000)).toBeLessThan(300);
  });

  it('non-finite values cannot be stored as integers', () => {
    const d = ramp(120, (i) => (i === 7 ? NaN : i));
    expect(() => writeNifti(vol(d, obliqueAffine(false)), { datatype: 'int16' })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_PIXEL_FORMAT' }));
    expect(Number.isNaN(readNifti(writeNifti(vol(d, obliqueAffine(false)))).data[7])).toBe(false);
  });

  it('gzip option gives a .nii.gz readNifti reads back', () => {
    const data = ramp(120, (i) => i);
    const gz = writeNifti(vol(data, obliqueAffine(false)), { gzip: true });
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(readNifti(gz).data).toEqual(data);
  });
});

describeShared('writeNifti on the SPM SPECT template', () => {
  it('read, write int16, read again: same values and affine', () => {
    const v = readNifti(sharedBytes('nifti/templates/spm12_OldNorm_SPECT.nii'));
    const back = readNifti(writeNifti(v, { datatype: 'int16', xformCode: 4 }));
    let diff = 0;
    for (let i = 0; i < v.data.length; i++) if (back.data[i] !== v.data[i]) diff++;
    expect(diff).toBe(0);
    expectAffine(back.affine, v.affine, 1e-6);
    expect(back.metadata.totalCounts).toBe(402133015);
  });
});

const py = spawnSync('/usr/bin/python3', ['-c', 'import nibabel'], { encoding: 'utf8' });
const haveNibabel = !py.error && py.status === 0;

describe.skipIf(!haveNibabel)('nibabel reads what writeNifti writes', () => {
  it('affine (qform and sform) and sum agree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spect-nifti-'));
    try {
      const a = obliqueAffine(true);
      const data = ramp(120, (i) => i * 3 - 100);
      const file = join(dir, 'x.nii.gz');
      writeFileSync(file, writeNifti(vol(data, a), { gzip: true, datatype: 'int16', xformCode: 4 }));
      const script = 'import sys,json,nibabel as nb,numpy as np\n'
        + 'i=nb.load(sys.argv[1]);d=np.asarray(i.dataobj,dtype=np.float64)\n'
        + 'print(json.dumps({"a":i.affine.tolist(),"q":i.get_qform().tolist(),"qc":int(i.header["qform_code"]),"s":float(d.sum()),"shape":list(d.shape)}))';
      const r = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { a: number[][]; q: number[][]; qc: number; s: number; shape: number[] };
      expect(out.shape).toEqual([4, 5, 6]);
      expect(out.qc).toBe(4);
      expectAffine(out.a.flat(), a, 2e-5);
      expectAffine(out.q.flat(), a, 2e-5);
      let sum = 0;
      for (let i = 0; i < data.length; i++) sum += data[i]!;
      expect(out.s).toBe(sum);
      // NIfTI-2 as well
      const file2 = join(dir, 'x2.nii');
      writeFileSync(file2, writeNifti(vol(data, a), { version: 2, datatype: 'int16', xformCode: 4 }));
      const r2 = spawnSync('/usr/bin/python3', ['-c', script, file2], { encoding: 'utf8' });
      expect(r2.status, r2.stderr).toBe(0);
      const out2 = JSON.parse(r2.stdout) as { a: number[][]; s: number; shape: number[] };
      expect(out2.shape).toEqual([4, 5, 6]);
      expectAffine(out2.a.flat(), a, 1e-6);
      expect(out2.s).toBe(sum);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
