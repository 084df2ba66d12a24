import { describe, expect, it } from 'vitest';
import { parseDicomBytes, readDicom } from '../../src/dicom/index.js';
import { SpectError } from '../../src/errors.js';
import { applyAffine } from '../../src/volume/affine.js';
import { el, sq } from './build-dicom.js';
import { enhancedPet, nmObject } from './fixtures.js';

const R = 2, C = 3, N = R * C;
/** frame f: every pixel = base + f, one hot pixel (999) in frame `hot` at pixel 4. */
function frames(n: number, base = 10, hot = -1): number[] {
  const out: number[] = [];
  for (let f = 0; f < n; f++) for (let p = 0; p < N; p++) out.push(f === hot && p === 4 ? 999 : base + f);
  return out;
}
async function code(p: Promise<unknown>): Promise<string> {
  try { await p; return 'resolved'; } catch (e) { return e instanceof SpectError ? e.code : `untyped ${String(e)}`; }
}
const at = (v: Awaited<ReturnType<typeof readDicom>>, i: number, j: number, k: number) => v.data[i + v.dims[0] * (j + v.dims[1] * k)]!;

describe('NM RECON TOMO geometry', () => {
  it('GE style: geometry only in the Detector Information Sequence, negative spacing (C.8.4.15)', async () => {
    const { bytes } = nmObject({ frames: 3, pixels: frames(3, 10, 0), inDetector: true, spacing: '-4' });
    const v = await readDicom(bytes);
    expect(v.dims).toEqual([3, 2, 3]);
    // LPS origin (-10,-20,30) -> RAS (10,20,30); i: +x LPS * 3 mm -> RAS -x; j: +y LPS * 2 -> RAS -y; k: normal (0,0,1) * -4.
    expect(Array.from(v.affine)).toEqual([-3, 0, 0, 10, 0, -2, 0, 20, 0, 0, -4, 30, 0, 0, 0, 1]);
    for (let k = 0; k < 3; k++) expect(applyAffine(v.affine, 0, 0, k)[2]).toBe(30 - 4 * k);
    // the hot voxel is in frame 0 = slice 0, which the negative spacing puts most superior
    let best = -1, bi = 0;
    for (let i = 0; i < v.data.length; i++) if (v.data[i]! > best) { best = v.data[i]!; bi = i; }
    const k = Math.floor(bi / N);
    expect(k).toBe(0);
    const zHot = applyAffine(v.affine, 0, 0, k)[2];
    expect(zHot).toBeGreaterThan(applyAffine(v.affine, 0, 0, 2)[2]);
    expect(v.metadata.extra.positionOrientationSource).toBe('DetectorInformationSequence[0]');
    expect(v.metadata.extra.spacingBetweenSlices).toBe(-4);
    expect(v.spacing).toEqual([3, 2, 4]);
  });

  it('Siemens style: top-level IPP/IOP, positive spacing, rescale slope', async () => {
    const { bytes } = nmObject({
      frames: 2, pixels: frames(2, 10), spacing: '4.5',
      extra: [el(0x00281053, 'DS', '0.5'), el(0x00281052, 'DS', '1')],
    });
    const v = await readDicom(bytes);
    expect(Array.from(v.affine)).toEqual([-3, 0, 0, 10, 0, -2, 0, 20, 0, 0, 4.5, 30, 0, 0, 0, 1]);
    expect(at(v, 0, 0, 0)).toBe(10 * 0.5 + 1);
    expect(at(v, 2, 1, 1)).toBe(11 * 0.5 + 1);
    expect(v.metadata.totalCounts).toBe(6 * 6 + 6 * 6.5);
    expect(v.metadata.extra.rescaleSource).toBe('rescale');
  });

  it('Hermes style: Real World Value Mapping item chosen by stored range, units recorded', async () => {
    const item = (last: number, slope: number, intercept: number, unit: string) => [
      el(0x00409216, 'US', [0]), el(0x00409211, 'US', [last]), el(0x00409224, 'FD', [intercept]), el(0x00409225, 'FD', [slope]),
      sq(0x004008ea, [el(0x00080100, 'SH', unit)]),
    ];
    const { bytes } = nmObject({
      frames: 2, pixels: frames(2, 500), extra: [sq(0x00409096, item(100, 2, 0, 'wrong'), item(65535, 3, 1, 'kBq/mL'))],
    });
    const v = await readDicom(bytes);
    expect(at(v, 0, 0, 0)).toBe(500 * 3 + 1);
    expect(v.metadata.units).toBe('kBq/mL');
    expect(v.metadata.extra.rescaleSource).toBe('real-world-value-mapping');
  });

  it('RWVM given only as a LUT is refused', async () => {
    const { bytes } = nmObject({
      frames: 1, pixels: frames(1), extra: [sq(0x00409096, [el(0x00409216, 'US', [0]), el(0x00409211, 'US', [100]), el(0x00409212, 'FD', [1, 2])])],
    });
    expect(await code(readDicom(bytes))).toBe('UNSUPPORTED_PIXEL_FORMAT');
  });

  it('honours a shuffled Slice Vector', async () => {
    const { bytes } = nmObject({ frames: 3, pixels: frames(3, 100), sliceVector: [3, 1, 2] });
    const v = await readDicom(bytes);
    expect([at(v, 0, 0, 0), at(v, 0, 0, 1), at(v, 0, 0, 2)]).toEqual([101, 102, 100]);
  });

  it('Number of Slices disagreeing with the frames gives an issue', async () => {
    const { bytes } = nmObject({ frames: 3, pixels: frames(3), numberOfSlices: 5 });
    const v = await readDicom(bytes);
    expect(v.dims[2]).toBe(3);
    expect(v.issues.map((i) => i.code)).toContain('NM_NUMBER_OF_SLICES_MISMATCH');
  });

  it('missing Spacing Between Slices falls back to Slice Thickness with a warning', async () => {
    const { bytes } = nmObject({ frames: 2, pixels: frames(2), spacing: null, thickness: '3.5' });
    const v = await readDicom(bytes);
    expect(v.affine[10]).toBe(3.5);
    expect(v.issues.find((i) => i.code === 'SLICE_SPACING_FROM_THICKNESS')?.severity).toBe('warning');
  });

  it('zero, NaN or absent spacing is INVALID_GEOMETRY', async () => {
    for (const spacing of ['0', 'NaN', 'abc']) {
      expect(await code(readDicom(nmObject({ frames: 2, pixels: frames(2), spacing }).bytes))).toBe('INVALID_GEOMETRY');
    }
    expect(await code(readDicom(nmObject({ frames: 2, pixels: frames(2), spacing: null, thickness: null }).bytes))).toBe('INVALID_GEOMETRY');
    expect(await code(readDicom(nmObject({ frames: 2, pixels: frames(2), iop: '1\\0\\0\\1\\0\\0' }).bytes))).toBe('INVALID_GEOMETRY');
    expect(await code(readDicom(nmObject({ frames: 2, pixels: frames(2), iop: '0\\0\\0\\0\\1\\0' }).bytes))).toBe('INVALID_GEOMETRY');
  });

  it('single-valued Pixel Spacing is used for both axes with an issue', async () => {
    const v = await readDicom(nmObject({ frames: 2, pixels: frames(2), pixelSpacing: '2.5' }).bytes);
    expect(v.spacing[0]).toBeCloseTo(2.5, 12);
    expect(v.spacing[1]).toBeCloseTo(2.5, 12);
    expect(v.issues.map((i) => i.code)).toContain('PIXEL_SPACING_SINGLE_VALUE');
  });

  it('oblique orientation goes into the affine as it is', async () => {
    const c = Math.cos(Math.PI / 6), s = Math.sin(Math.PI / 6);
    const { bytes } = nmObject({ frames: 2, pixels: frames(2), iop: `${c}\\${s}\\0\\${-s}\\${c}\\0`, spacing: '4' });
    const v = await readDicom(bytes);
    const a = v.affine;
    // RAS = diag(-1,-1,1) * LPS; column i = row cosine * dx(3); column j = column cosine * dy(2)
    expect(a[0]).toBeCloseTo(-c * 3, 12); expect(a[4]).toBeCloseTo(-s * 3, 12); expect(a[8]).toBeCloseTo(0, 12);
    expect(a[1]).toBeCloseTo(s * 2, 12); expect(a[5]).toBeCloseTo(-c * 2, 12);
    expect(a[2]).toBeCloseTo(0, 12); expect(a[6]).toBeCloseTo(0, 12); expect(a[10]).toBeCloseTo(4, 12);
  });

  it('RECON GATED TOMO: gates summed per slice, count recorded', async () => {
    const { bytes } = nmObject({
      frames: 4, pixels: frames(4, 10), imageType: 'RECON GATED TOMO', fip: [0x00540070, 0x00540080],
      sliceVector: [1, 2, 1, 2], extra: [el(0x00540070, 'US', [1, 1, 2, 2])],
    });
    const v = await readDicom(bytes);
    expect(v.dims[2]).toBe(2);
    expect(at(v, 0, 0, 0)).toBe(10 + 12);
    expect(at(v, 0, 0, 1)).toBe(11 + 13);
    expect(v.metadata.extra.gatesSummed).toBe(2);
    expect(v.issues.map((i) => i.code)).toContain('NM_GATES_SUMMED');
  });

  it('refuses projection and planar NM data', async () => {
    for (const t of ['TOMO', 'GATED TOMO', 'STATIC', 'WHOLE BODY', 'DYNAMIC', 'GATED']) {
      const p = readDicom(nmObject({ frames: 1, pixels: frames(1), imageType: t }).bytes);
      await expect(p).rejects.toMatchObject({ code: 'NOT_RECONSTRUCTED_VOLUME' });
    }
    await expect(readDicom(nmObject({ frames: 1, pixels: frames(1), imageType: 'TOMO' }).bytes)).rejects.toThrow(/TOMO projection data, not a reconstructed volume/);
  });

  it('a one-frame NM RECON TOMO object is one slice of a series: TOO_FEW_SLICES, after every other check', async () => {
    const one = readDicom(nmObject({ frames: 1, pixels: frames(1) }).bytes);
    await expect(one).rejects.toMatchObject({ code: 'TOO_FEW_SLICES' });
    await expect(readDicom(nmObject({ frames: 1, pixels: frames(1) }).bytes)).rejects.toThrow(/one slice of a series: pass the folder that holds all of its files/);
    // an odd Slice Vector of a single-frame file (MIM writes the slice's number) is not what is reported
    expect(await code(readDicom(nmObject({ frames: 1, pixels: frames(1), sliceVector: [7] }).bytes))).toBe('TOO_FEW_SLICES');
    // ... but vectors of several values in a one-frame object are a broken multi-frame object
    expect(await code(readDicom(nmObject({ frames: 1, pixels: frames(1), sliceVector: [1, 2, 3] }).bytes))).toBe('INVALID_ATTRIBUTE');
    // broken pixel data still gives its own error first
    expect(await code(readDicom(nmObject({ frames: 1, pixels: [1, 2] }).bytes))).toBe('PIXEL_DATA_SIZE');
  });

  it('metadata: age from dates, tracer normalised, no identifiers', async () => {
    const v = await readDicom(nmObject({ frames: 2, pixels: frames(2) }).bytes);
    const m = v.metadata;
    expect(m.modality).toBe('NM');
    expect(m.patientSex).toBe('F');
    // 2015-01-05 to 2024-01-10: 3292 days
    expect(m.patientAgeYears).toBeCloseTo(3292 / 365.25, 10);
    expect(m.radiopharmaceutical).toEqual({ code: 'HMPAO', name: 'Tc99m Exametazime', nuclide: null });
    expect(m.acquisitionDate).toBe('2024-01-10');
    expect(JSON.stringify(m)).not.toContain('20150105');
  });
});

describe('robustness of the parser on built files', () => {
  it('a file cut at every element boundary and every byte gives typed errors only', async () => {
    const { bytes, ends } = nmObject({ frames: 2, pixels: frames(2), inDetector: true, spacing: '-4' });
    const cuts = new Set<number>(ends);
    for (let n = 0; n < bytes.length; n++) cuts.add(n);
    cuts.delete(bytes.length);
    for (const n of cuts) {
      const c = await code(readDicom(bytes.subarray(0, n)));
      expect(c, `cut at ${n}`).not.toMatch(/^(resolved|untyped)/);
    }
  });

  it('sequences nested too deeply are a RESOURCE_LIMIT', async () => {
    let inner = [el(0x00100010, 'PN', 'X')];
    for (let d = 0; d < 40; d++) inner = [sq(0x00400275, inner)];
    const { bytes } = nmObject({ frames: 1, pixels: frames(1), extra: inner });
    expect(await code(readDicom(bytes))).toBe('RESOURCE_LIMIT');
  });
});

describe('enhanced multi-frame (functional groups)', () => {
  it('frames sorted along the normal, per-frame Pixel Value Transformation applied', async () => {
    const v = await readDicom(enhancedPet([4, 0, 2], [10, 20, 30], [1, 2, 3]));
    expect(v.dims).toEqual([2, 2, 3]);
    // slice 0 is z=0 (frame 1: 20*2), slice 1 z=2 (frame 2: 30*3), slice 2 z=4 (frame 0: 10*1)
    expect([v.data[0], v.data[4], v.data[8]]).toEqual([40, 90, 10]);
    // Pixel Spacing 1.5\1 = (dy, dx): i step 1 mm, j step 1.5 mm
    expect(Array.from(v.affine)).toEqual([-1, 0, 0, 0, 0, -1.5, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(v.metadata.units).toBe('BQML');
    expect(v.metadata.extra.rescaleSource).toBe('pixel-value-transformation');
  });

  it('two frames at one position are INCONSISTENT_SERIES', async () => {
    expect(await code(readDicom(enhancedPet([0, 2, 2], [1, 2, 3], [1, 1, 1])))).toBe('INCONSISTENT_SERIES');
  });
});

describe('parseDicomBytes encodings', () => {
  it('a file whose meta group starts at byte 0 (no preamble) is read', async () => {
    const { bytes } = nmObject({ frames: 2, pixels: frames(2) });
    const p = parseDicomBytes(bytes.subarray(132));
    expect(p.hasPart10Header).toBe(false);
    expect(p.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(p.issues.map((i) => i.code)).toContain('NO_PREAMBLE');
    expect((await readDicom(bytes.subarray(132))).dims).toEqual([3, 2, 2]);
  });
});
