/**
 * The benchmark's bridges to ITK/elastix (bench/itk.ts) and its report helpers:
 * the elastix affine (LPS, centre of rotation) must map points exactly as the
 * elastix manual's formula T(x) = A(x - c) + t + c does, seen in RAS.
 */
import { describe, expect, it } from 'vitest';
import { elastixAffineToRas, parameterFileText, parameterNumbers, subjectToMniFromElastix, toItkImage } from '../../bench/itk.js';
import { median, parseTimeV } from '../../bench/lib.js';
import { applyAffine } from '../../src/volume/affine.js';
import { createVolume } from '../../src/volume/volume.js';

/** Direct evaluation of the elastix formula on a RAS point (flip to LPS, map, flip back). */
function elastixMapRas(params: number[], c: number[], p: [number, number, number]): [number, number, number] {
  const x = [-p[0], -p[1], p[2]];
  const q = [0, 1, 2].map((r) => {
    let s = params[9 + r]! + c[r]!;
    for (let k = 0; k < 3; k++) s += params[r * 3 + k]! * (x[k]! - c[k]!);
    return s;
  });
  return [-q[0]!, -q[1]!, q[2]!];
}

describe('elastix affine to RAS', () => {
  const params = [0.9, 0.1, -0.05, -0.08, 1.1, 0.2, 0.03, -0.15, 0.95, 12.5, -7.25, 3.5];
  const centre = [-1.5, 20.25, 9.75];

  it('maps points like T(x) = A(x - c) + t + c in LPS', () => {
    const m = elastixAffineToRas(params, centre);
    for (const p of [[0, 0, 0], [30, -40, 50], [-70, 12, -33]] as [number, number, number][]) {
      const a = applyAffine(m, p[0], p[1], p[2]);
      const b = elastixMapRas(params, centre, p);
      for (let i = 0; i < 3; i++) expect(a[i]).toBeCloseTo(b[i]!, 10);
    }
    expect([m[12], m[13], m[14], m[15]]).toEqual([0, 0, 0, 1]);
  });

  it('inverts to subject -> MNI', () => {
    const inv = subjectToMniFromElastix(params, centre);
    const p: [number, number, number] = [10, -20, 30];
    const q = elastixMapRas(params, centre, p);
    const back = applyAffine(inv, q[0], q[1], q[2]);
    for (let i = 0; i < 3; i++) expect(back[i]).toBeCloseTo(p[i]!, 9);
  });

  it('rejects a wrong parameter count', () => {
    expect(() => elastixAffineToRas([1, 2, 3], centre)).toThrow(/12 finite/);
  });
});

describe('elastix parameter text', () => {
  it('writes and reads back numbers', () => {
    const txt = parameterFileText({ Transform: ['AffineTransform'], NumberOfResolutions: ['4'] }) +
      '(TransformParameters 1.000000 0.5 -2e-3 0 1 0 0 0 1 1.5 -2 3)\n(CenterOfRotationPoint -0.52 21.7 9.3)\n';
    expect(txt).toContain('(Transform "AffineTransform")');
    expect(txt).toContain('(NumberOfResolutions 4)');
    expect(parameterNumbers(txt, 'TransformParameters')).toEqual([1, 0.5, -0.002, 0, 1, 0, 0, 0, 1, 1.5, -2, 3]);
    expect(parameterNumbers(txt, 'CenterOfRotationPoint')).toEqual([-0.52, 21.7, 9.3]);
    expect(() => parameterNumbers(txt, 'Missing')).toThrow(/no Missing/);
  });
});

describe('toItkImage', () => {
  it('gives LPS origin, spacing and row-major direction cosines', () => {
    // RAS affine: columns i -> -3 mm x (so +3 mm L), j -> rotated 90 deg into z, k -> 2 mm y
    const affine = [-3, 0, 0, 100, 0, 0, 2, -50, 0, 4, 0, 20, 0, 0, 0, 1];
    const v = createVolume({ data: new Float32Array(2 * 3 * 4), dims: [2, 3, 4], affine });
    const img = toItkImage(v, 'x');
    expect(img.size).toEqual([2, 3, 4]);
    expect(img.spacing).toEqual([3, 4, 2]);
    expect(img.origin).toEqual([-100, 50, 20]);
    // LPS column of i: (+1, 0, 0); of j: (0, 0, 1); of k: (0, -1, 0)
    expect(Array.from(img.direction)).toEqual([1, 0, 0, 0, 0, -1, 0, 1, 0].map((x) => x + 0));
  });
});

describe('report helpers', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(Number.isNaN(median([]))).toBe(true);
  });

  it('parses GNU time -v output', () => {
    const s = '\tCommand being timed: "node x"\n\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\tMaximum resident set size (kbytes): 204800\n';
    expect(parseTimeV(s)).toEqual({ maxRssMiB: 200, wallS: 62.5 });
    expect(parseTimeV('nothing')).toBeNull();
  });
});
