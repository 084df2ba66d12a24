/**
 * Unit tests of the registration on a synthetic analytic phantom (no shared
 * data needed): known-pose recovery, issues, errors, the pyramid, the QR
 * decomposition and the analytic gradient of the cost.
 */
import { describe, expect, it } from 'vitest';
import { registerToTemplate, decomposeLinear } from '../../src/register/index.js';
import { downsampleGrid } from '../../src/register/pyramid.js';
import { accumulate, composeK, gradientImages, newPassResult, NP, type FixedPoints } from '../../src/register/metric.js';
import { rotationMatrix } from '../../src/register/optimise.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { applyAffine, invert4 } from '../../src/volume/affine.js';
import { RegistrationError } from '../../src/errors.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';

type V3 = readonly [number, number, number];
/** Soft ellipsoid indicator (logistic edge about 3 mm wide). */
function ell(p: V3, c: V3, r: V3): number {
  const d = Math.sqrt(((p[0] - c[0]) / r[0]) ** 2 + ((p[1] - c[1]) / r[1]) ** 2 + ((p[2] - c[2]) / r[2]) ** 2);
  return 1 / (1 + Math.exp((d - 1) * 20));
}
/** An asymmetric "head" in MNI-like mm: brain, ventricles, cerebellum, two hot spots. */
function phantom(p: V3, cerebellum = 1): number {
  return (
    100 * ell(p, [0, -15, 10], [65, 82, 55]) -
    50 * ell(p, [0, -10, 12], [14, 26, 12]) +
    (40 + 100 * (cerebellum - 1)) * ell(p, [0, -62, -32], [46, 24, 17]) +
    30 * ell(p, [0, 40, 20], [18, 15, 15]) +
    35 * ell(p, [32, -25, 30], [12, 12, 12])
  );
}
function gridAffine(dims: V3, vox: number, flipX = false): Float64Array {
  const A = new Float64Array(16);
  A[0] = flipX ? -vox : vox; A[5] = vox; A[10] = vox; A[15] = 1;
  for (let a = 0; a < 3; a++) A[4 * a + 3] = -(a === 0 && flipX ? -1 : 1) * vox * (dims[a]! - 1) / 2;
  return A;
}
/** Sample f(worldToPhantom(A ijk)) on a grid. */
function render(dims: V3, A: Float64Array, toPhantom: Float64Array | null, cerebellum = 1): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  let idx = 0;
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, idx++) {
    let q = applyAffine(A, i, j, k);
    if (toPhantom) q = applyAffine(toPhantom, q[0], q[1], q[2]);
    data[idx] = phantom(q, cerebellum);
  }
  return createVolume({ data, dims, affine: A });
}
function pose(ax: number, ay: number, az: number, s: V3, t: V3): Float64Array {
  const R = new Float64Array(9);
  const d = Math.PI / 180;
  rotationMatrix(ax * d, ay * d, az * d, R);
  const m = new Float64Array(16);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) m[4 * i + j] = R[3 * i + j]! * s[j]!;
    m[4 * i + 3] = t[i]!;
  }
  m[15] = 1;
  return m;
}

const template = render([46, 55, 46], (() => { const A = gridAffine([46, 55, 46], 4); A[3] = -90; A[7] = -126; A[11] = -72; return A; })(), null);

/** Subject = phantom seen through mniToSubject on a 64^3 4 mm grid (x flipped, like a DICOM LPS-derived grid). */
function subjectFor(m2s: Float64Array, vox = 4, n = 64, cerebellum = 1): Volume {
  return render([n, n, n], gridAffine([n, n, n], vox, true), invert4(m2s)!, cerebellum);
}
function maxLandmarkError(s2mEst: Float64Array, m2sTrue: Float64Array): number {
  let worst = 0;
  for (const L of [[0, 2, -4], [0, 60, 0], [0, -95, 5], [0, -20, 65], [-40, -60, -35], [40, -60, -35]] as const) {
    const q = applyAffine(m2sTrue, L[0], L[1], L[2]);
    const p = applyAffine(s2mEst, q[0], q[1], q[2]);
    worst = Math.max(worst, Math.hypot(p[0] - L[0], p[1] - L[1], p[2] - L[2]));
  }
  return worst;
}

describe('registerToTemplate (synthetic phantom)', () => {
  it('recovers a known affine pose within 1.5 mm', () => {
    const m2s = pose(20, -15, 25, [0.9, 0.85, 0.95], [12, -20, 25]);
    const res = registerToTemplate(subjectFor(m2s), template);
    expect(maxLandmarkError(res.subjectToMni, m2s)).toBeLessThan(1.5);
    expect(res.similarity).toBeGreaterThan(0.98);
    expect(res.scale.factors[0]).toBeCloseTo(0.9, 1);
    expect(res.scale.factors[1]).toBeCloseTo(0.85, 1);
    expect(res.scale.factors[2]).toBeCloseTo(0.95, 1);
    expect(Math.abs(res.scale.determinant - 0.9 * 0.85 * 0.95)).toBeLessThan(0.015);
    expect(res.stages.map((s) => s.name)).toEqual(['search', 'similarity', 'scales', 'affine', 'affine', 'affine']);
    expect(res.iterations).toBeGreaterThan(0);
    expect(res.issues).toEqual([]);
    expect(res.templateCoverage).toBe(1);
  });

  it('a hypoperfused cerebellum does not pull the fit (exclusion or robust weights); coverage is reported', () => {
    // cerebellum at 40 % of normal (its extra uptake of 40 becomes 40 - 60 = -20 over the brain's 100)
    const m2s = pose(-10, 20, 5, [0.92, 0.92, 0.92], [-8, 10, -12]);
    const subj = subjectFor(m2s, 4, 64, 0.4);
    const cb = new Float32Array(template.data.length);
    const [nx, ny, nz] = template.dims;
    let idx = 0;
    for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) {
      const p = applyAffine(template.affine, i, j, k);
      cb[idx] = ell(p, [0, -62, -32], [52, 30, 23]) > 0.5 ? 1 : 0; // cerebellum plus a 6 mm margin
    }
    const mask = createVolume({ data: cb, dims: template.dims, affine: template.affine });
    const withEx = registerToTemplate(subj, template, { exclude: { volume: mask }, region: { volume: mask, name: 'cerebellum' } });
    const robustOnly = registerToTemplate(subj, template);
    // cost-function masking: the cerebellum's position is extrapolated from the rest (phantom: < 2 mm);
    // Tukey weights alone also reject the cold cerebellum here
    expect(maxLandmarkError(withEx.subjectToMni, m2s)).toBeLessThan(2);
    expect(maxLandmarkError(robustOnly.subjectToMni, m2s)).toBeLessThan(1);
    expect(withEx.regionCoverage).toBe(1);
    expect(() => registerToTemplate(subj, template, { exclude: { volume: createVolume({ data: new Float32Array(cb.length).fill(1), dims: template.dims, affine: template.affine }) } }))
      .toThrow(/fewer than 100 template points/);
  });

  it('flags an implausible brain size', () => {
    const m2s = pose(0, 0, 10, [0.6, 0.6, 0.6], [0, 0, 0]);
    const res = registerToTemplate(subjectFor(m2s, 3), template);
    expect(maxLandmarkError(res.subjectToMni, m2s)).toBeLessThan(2);
    expect(res.issues.map((i) => i.code)).toContain('REGISTRATION_IMPLAUSIBLE_SCALE');
  });

  it('flags poor similarity for an image unlike the template', () => {
    const dims: V3 = [40, 40, 40];
    const data = new Float32Array(40 * 40 * 40);
    let s = 12345;
    for (let i = 0; i < data.length; i++) { s = (s * 1103515245 + 12345) >>> 0; data[i] = (s >>> 16) % 100; }
    const res = registerToTemplate(createVolume({ data, dims, affine: gridAffine(dims, 5) }), template);
    expect(res.issues.map((i) => i.code)).toContain('REGISTRATION_POOR_SIMILARITY');
    expect(Number.isFinite(res.similarity)).toBe(true);
  });

  it('reports non-finite voxels as an issue and still registers', () => {
    const m2s = pose(5, 5, 5, [1, 1, 1], [5, 5, 5]);
    const subj = subjectFor(m2s);
    const data = new Float32Array(subj.data);
    data[0] = Number.NaN; data[1] = Number.POSITIVE_INFINITY;
    const res = registerToTemplate(createVolume({ data, dims: subj.dims, affine: subj.affine }), template);
    expect(res.issues.map((i) => i.code)).toEqual(['REGISTRATION_NONFINITE_VOXELS']);
    expect(maxLandmarkError(res.subjectToMni, m2s)).toBeLessThan(1.5);
  });

  it('throws REGISTRATION_FAILED on an empty study', () => {
    const dims: V3 = [20, 20, 20];
    const empty = createVolume({ data: new Float32Array(8000), dims, affine: gridAffine(dims, 4) });
    expect(() => registerToTemplate(empty, template)).toThrow(RegistrationError);
    try { registerToTemplate(empty, template); } catch (e) { expect((e as RegistrationError).code).toBe('REGISTRATION_FAILED'); }
    const nan = createVolume({ data: new Float32Array(8000).fill(Number.NaN), dims, affine: gridAffine(dims, 4) });
    expect(() => registerToTemplate(nan, template)).toThrow(/no positive finite/);
    // a single slice is not a head volume
    const flat = createVolume({ data: new Float32Array(64 * 64).fill(1), dims: [64, 64, 1], affine: gridAffine([64, 64, 1], 4) });
    expect(() => registerToTemplate(flat, template)).toThrow(/not a 3-D head volume/);
  });

  it('rejects invalid options with RangeError', () => {
    const subj = subjectFor(pose(0, 0, 0, [1, 1, 1], [0, 0, 0]));
    expect(() => registerToTemplate(subj, template, { levelsMm: [] })).toThrow(RangeError);
    expect(() => registerToTemplate(subj, template, { maxIterations: Number.NaN })).toThrow(RangeError);
  });
});

describe('decomposeLinear', () => {
  it('recovers scales and shears of Q * U', () => {
    const R = new Float64Array(9);
    rotationMatrix(0.3, -0.2, 0.5, R);
    // U = [[1.1, 1.1*0.1, 1.1*0.05], [0, 0.9, 0.9*-0.08], [0, 0, 0.8]]
    const U = [1.1, 0.11, 0.055, 0, 0.9, -0.072, 0, 0, 0.8];
    const m = new Float64Array(16);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
      let s = 0;
      for (let q = 0; q < 3; q++) s += R[3 * r + q]! * U[3 * q + c]!;
      m[4 * r + c] = s;
    }
    m[15] = 1;
    const d = decomposeLinear(m);
    expect(d.factors[0]).toBeCloseTo(1.1, 12);
    expect(d.factors[1]).toBeCloseTo(0.9, 12);
    expect(d.factors[2]).toBeCloseTo(0.8, 12);
    expect(d.shear[0]).toBeCloseTo(0.1, 12);
    expect(d.shear[1]).toBeCloseTo(0.05, 12);
    expect(d.shear[2]).toBeCloseTo(-0.08, 12);
    expect(d.determinant).toBeCloseTo(1.1 * 0.9 * 0.8, 12);
    // rotation angle of R: acos((trace - 1) / 2)
    const ang = (Math.acos((R[0]! + R[4]! + R[8]! - 1) / 2) * 180) / Math.PI;
    expect(d.rotationDeg).toBeCloseTo(ang, 9);
  });
});

describe('downsampleGrid', () => {
  it('keeps a constant, reproduces a linear ramp inside and keeps the field of view centre', () => {
    const dims: V3 = [30, 20, 10];
    const A = gridAffine(dims, 2);
    A[3] = 7; // arbitrary origin
    const ramp = new Float32Array(6000);
    let idx = 0;
    for (let k = 0; k < 10; k++) for (let j = 0; j < 20; j++) for (let i = 0; i < 30; i++, idx++) ramp[idx] = 3 * i - 2 * j + k;
    const g = downsampleGrid({ data: ramp, dims, affine: A }, 6);
    expect(g.dims).toEqual([10, 7, 3]);
    // interior output voxel: value = ramp at its source position
    const inv = invert4(A)!;
    for (const [i, j, k] of [[4, 3, 1], [5, 2, 1], [3, 4, 1]] as const) {
      const w = applyAffine(g.affine, i, j, k);
      const s = applyAffine(inv, w[0], w[1], w[2]);
      // the discrete tent keeps the first moment to within ~0.02 source voxel for non-integer centres
      expect(Math.abs(g.data[i + 10 * (j + 7 * k)]! - (3 * s[0] - 2 * s[1] + s[2]))).toBeLessThan(0.05);
    }
    // FOV centre preserved along x (exact factor 3): world of centre equal
    const cIn = applyAffine(A, 14.5, 0, 0)[0];
    const cOut = applyAffine(g.affine, 4.5, 0, 0)[0];
    expect(cOut).toBeCloseTo(cIn, 9);
    const ones = downsampleGrid({ data: new Float32Array(6000).fill(5), dims, affine: A }, 5);
    for (const v of ones.data) expect(v).toBeCloseTo(5, 5);
  });
});

describe('analytic gradient of the cost', () => {
  it('matches central finite differences of the sum of squares', () => {
    const m2s = pose(10, -5, 8, [0.95, 1, 0.9], [4, -6, 3]);
    const subj = subjectFor(m2s);
    // SPECT-like smoothness (12 mm FWHM), as the pyramid sees it
    const sm = gaussianSmooth3d(subj.data, subj.dims, [3, 3, 3]);
    const g8 = downsampleGrid({ data: sm, dims: subj.dims, affine: subj.affine }, 6);
    const mv = gradientImages(g8, invert4(g8.affine)!);
    // fixed points: a coarse grid of template points
    const pts: number[] = [], fv: number[] = [];
    for (let x = -60; x <= 60; x += 10) for (let y = -90; y <= 60; y += 10) for (let z = -50; z <= 60; z += 10) {
      pts.push(x, y, z);
      fv.push(phantom([x, y, z]) / 100);
    }
    const f = Float64Array.from(fv);
    const fx: FixedPoints = { n: f.length, xyz: Float64Array.from(pts), f, sumF: f.reduce((s, v) => s + v, 0), sumFF: f.reduce((s, v) => s + v * v, 0) };
    const w = new Float64Array(12);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) w[4 * r + c] = m2s[4 * r + c]!;
    const K = new Float64Array(12), H = new Float64Array(NP * NP), g = new Float64Array(NP), jac = new Float64Array(NP);
    const res = newPassResult();
    const a = 0.011, b = 0.02;
    composeK(mv.worldToVox, w, K);
    accumulate(fx, mv, K, a, b, H, g, jac, res);
    const sse = (ww: Float64Array, aa: number, bb: number) => {
      const r2 = newPassResult();
      composeK(mv.worldToVox, ww, K);
      accumulate(fx, mv, K, aa, bb, null, null, jac, r2);
      return r2.sse;
    };
    // d(sse)/dp = 2 g_p; translation entries (3, 7, 11), one linear entry per row, and a, b
    // (the moving gradient is a central difference, not the exact slope of the
    // trilinear interpolant, so agreement is close but not exact)
    let dot = 0, nf = 0, na = 0;
    for (const e of [3, 7, 11, 0, 1, 5, 6, 10, 8]) {
      const h = e % 4 === 3 ? 0.25 : 0.0025;
      const wp = Float64Array.from(w), wm = Float64Array.from(w);
      wp[e] = wp[e]! + h; wm[e] = wm[e]! - h;
      const fd = (sse(wp, a, b) - sse(wm, a, b)) / (2 * h);
      const an = 2 * g[e]!;
      dot += fd * an; nf += fd * fd; na += an * an;
    }
    expect(dot / Math.sqrt(nf * na)).toBeGreaterThan(0.99);
    expect(Math.abs(Math.sqrt(na / nf) - 1)).toBeLessThan(0.1);
    const fdA = (sse(w, a + 1e-4, b) - sse(w, a - 1e-4, b)) / 2e-4;
    expect(fdA).toBeCloseTo(2 * g[12]!, 3);
    const fdB = (sse(w, a, b + 1e-4) - sse(w, a, b - 1e-4)) / 2e-4;
    expect(fdB).toBeCloseTo(2 * g[13]!, 3);
    // H is symmetric positive semi-definite on the diagonal
    for (let r = 0; r < NP; r++) {
      expect(H[r * NP + r]!).toBeGreaterThanOrEqual(0);
      for (let c = 0; c < NP; c++) expect(H[r * NP + c]).toBe(H[c * NP + r]);
    }
  });
});
