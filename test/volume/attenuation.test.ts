/**
 * First-order Chang correction (src/kernels/chang.ts, src/volume/attenuation.ts) against
 * analytic references: uniform cylinders, an ellipse on anisotropic voxels and a sphere whose
 * uncorrected images are built here from the exact path lengths to their outlines (720 angles,
 * closed-form ray-circle / ray-ellipse intersections, independent of the kernel's lattice
 * sweeps). The corrected image must then be flat.
 */
import { describe, expect, it } from 'vitest';
import { changCorrect } from '../../src/kernels/chang.js';
import { attenuationStep, axialGridAxis, correctAttenuation } from '../../src/volume/attenuation.js';
import { createVolume } from '../../src/volume/volume.js';
import { ellipseFactor } from '../helpers/chang-reference.js';

/** Uncorrected image of a uniform (value 100) elliptic cylinder along axis k, and its inside test. */
function cylinder(n: [number, number, number], h: [number, number, number], a: number, b: number, mu: number) {
  const data = new Float32Array(n[0] * n[1] * n[2]);
  const inner = new Uint8Array(data.length);
  for (let k = 0; k < n[2]; k++)
    for (let j = 0; j < n[1]; j++)
      for (let i = 0; i < n[0]; i++) {
        const x = (i - (n[0] - 1) / 2) * h[0],
          y = (j - (n[1] - 1) / 2) * h[1];
        const q = (x / a) ** 2 + (y / b) ** 2;
        if (q >= 1) continue;
        const p = i + n[0] * (j + n[1] * k);
        data[p] = 100 * ellipseFactor(x, y, a, b, mu);
        // 8 mm inside the outline
        if ((x / (a - 8)) ** 2 + (y / (b - 8)) ** 2 < 1) inner[p] = 1;
      }
  return { data, inner };
}

function spread(values: Float32Array, inner: Uint8Array): { min: number; max: number; mean: number } {
  let min = Infinity,
    max = -Infinity,
    s = 0,
    c = 0;
  for (let p = 0; p < values.length; p++) {
    if (!inner[p]) continue;
    const v = values[p]!;
    if (v < min) min = v;
    if (v > max) max = v;
    s += v;
    c++;
  }
  return { min, max, mean: s / c };
}

describe('first-order Chang correction', () => {
  const mu = 0.012; // 1/mm = 0.12 /cm

  it('a uniform 16 cm cylinder (uncorrected centre at 38 % of its true value) comes back flat within 2 % at the true outline', () => {
    const { data, inner } = cylinder([80, 80, 12], [2.5, 2.5, 2.5], 80, 80, mu);
    const before = spread(data, inner);
    expect(before.min).toBeLessThan(40);
    const r = changCorrect(data, [80, 80, 12], {
      muPerMm: mu,
      spacing: [2.5, 2.5, 2.5],
      axis: 2,
      thresholdFraction: 0.5,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    const after = spread(r.data, inner);
    expect(after.min).toBeGreaterThan(98);
    expect(after.max).toBeLessThan(102);
    // the smallest factor is the analytic one at the centre (within the 5 mm block quantisation)
    expect(r.minFactor).toBeCloseTo(ellipseFactor(0, 0, 80, 80, mu), 1);
  });

  it('an ellipse (15 x 19 cm) on anisotropic 2 x 3 mm pixels comes back flat within 3.5 %', () => {
    const { data, inner } = cylinder([84, 72, 8], [2, 3, 4], 75, 95, mu);
    const r = changCorrect(data, [84, 72, 8], {
      muPerMm: mu,
      spacing: [2, 3, 4],
      axis: 2,
      thresholdFraction: 0.5,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    const after = spread(r.data, inner);
    expect(after.min).toBeGreaterThan(96.5);
    expect(after.max).toBeLessThan(103.5);
  });

  it('the planes are those across the axis given: the same cylinder stored along j is corrected as well', () => {
    const { data, inner } = cylinder([60, 60, 8], [3, 3, 3], 80, 80, mu);
    // transpose (i, j, k) -> (i, k, j): the cylinder's axis is now the grid's j
    const t = new Float32Array(data.length),
      ti = new Uint8Array(data.length);
    for (let k = 0; k < 8; k++)
      for (let j = 0; j < 60; j++)
        for (let i = 0; i < 60; i++) {
          t[i + 60 * (k + 8 * j)] = data[i + 60 * (j + 60 * k)]!;
          ti[i + 60 * (k + 8 * j)] = inner[i + 60 * (j + 60 * k)]!;
        }
    const r = changCorrect(t, [60, 8, 60], {
      muPerMm: mu,
      spacing: [3, 3, 3],
      axis: 1,
      thresholdFraction: 0.5,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    const after = spread(r.data, ti);
    expect(after.min).toBeGreaterThan(97);
    expect(after.max).toBeLessThan(103);
    // the wrong axis would leave the centre 1.8 times too dark
    const wrong = changCorrect(t, [60, 8, 60], {
      muPerMm: mu,
      spacing: [3, 3, 3],
      axis: 2,
      thresholdFraction: 0.5,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    expect(spread(wrong.data, ti).min).toBeLessThan(90);
  });

  it('a uniform sphere attenuated slice by slice comes back flat within 4 % in every slice (8 mm blocks on 4 mm voxels)', () => {
    const n = 48,
      h = 4,
      R = 80;
    const data = new Float32Array(n ** 3),
      inner = new Uint8Array(n ** 3);
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++) {
          const x = (i - (n - 1) / 2) * h,
            y = (j - (n - 1) / 2) * h,
            z = (k - (n - 1) / 2) * h;
          const rho2 = R * R - z * z;
          if (x * x + y * y >= rho2 || rho2 <= 0) continue;
          const rho = Math.sqrt(rho2);
          const p = i + n * (j + n * k);
          data[p] = 100 * ellipseFactor(x, y, rho, rho, mu);
          if (Math.hypot(x, y, z) < R - 8 && rho > 30) inner[p] = 1;
        }
    const r = changCorrect(data, [n, n, n], {
      muPerMm: mu,
      spacing: [h, h, h],
      axis: 2,
      thresholdFraction: 0.5,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    const after = spread(r.data, inner);
    expect(after.min).toBeGreaterThan(96);
    expect(after.max).toBeLessThan(104);
  });

  it('a lower outline threshold draws the outline outside a blurred edge: more correction, never less', () => {
    const { data, inner } = cylinder([80, 80, 8], [2.5, 2.5, 2.5], 80, 80, mu);
    const p = {
      muPerMm: mu,
      spacing: [2.5, 2.5, 2.5] as [number, number, number],
      axis: 2 as const,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1 as const,
    };
    const hi = spread(changCorrect(data, [80, 80, 8], { ...p, thresholdFraction: 0.5 }).data, inner);
    const lo = spread(changCorrect(data, [80, 80, 8], { ...p, thresholdFraction: 0.15 }).data, inner);
    expect(lo.mean).toBeGreaterThanOrEqual(hi.mean);
    expect(lo.mean).toBeLessThan(110);
  });

  it('mu 0 and an empty image return the input unchanged', () => {
    const { data } = cylinder([20, 20, 4], [4, 4, 4], 30, 30, mu);
    const r = changCorrect(data, [20, 20, 4], {
      muPerMm: 0,
      spacing: [4, 4, 4],
      axis: 2,
      thresholdFraction: 0.15,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    expect(Array.from(r.data)).toEqual(Array.from(data));
    const z = changCorrect(new Float32Array(400), [10, 10, 4], {
      muPerMm: mu,
      spacing: [4, 4, 4],
      axis: 2,
      thresholdFraction: 0.15,
      blockMm: 6,
      extendUpMm: 0,
      superiorStep: 1,
    });
    expect(z.data.every((v) => v === 0)).toBe(true);
  });
});

describe('the attenuation step of the analysis', () => {
  const { data } = cylinder([48, 48, 48], [4, 4, 4], 80, 80, 0.012);
  const affine = [-4, 0, 0, 94, 0, -4, 0, 94, 0, 0, 4, -94, 0, 0, 0, 1];

  it('the axial axis is the grid axis along world z (also for a coronal-stored grid)', () => {
    expect(axialGridAxis(createVolume({ data, dims: [48, 48, 48], affine }))).toBe(2);
    expect(axialGridAxis(createVolume({ data, dims: [48, 48, 48], affine: [-4, 0, 0, 94, 0, 0, 4, -94, 0, -4, 0, 94, 0, 0, 0, 1] }))).toBe(
      1,
    );
  });

  it('corrected by the file: untouched; not corrected: Chang-corrected with an issue; unknown: a corrected candidate', () => {
    const yes = createVolume({ data, dims: [48, 48, 48], affine, metadata: { attenuationCorrected: true, attenuationSource: 'dicom' } });
    const a = attenuationStep(yes, undefined);
    expect(a.volume).toBe(yes);
    expect(a.issues).toEqual([]);
    expect(a.alternative).toBeNull();
    // the caller's word wins over the file's
    const forced = attenuationStep(yes, false);
    expect(forced.issues.map((i) => i.code)).toEqual(['ATTENUATION_CORRECTED_BY_LIBRARY']);
    expect(forced.volume.data[24 + 48 * (24 + 48 * 24)]!).toBeGreaterThan(1.5 * data[24 + 48 * (24 + 48 * 24)]!);
    // the metadata stay the file's (acquired counts, status)
    expect(forced.volume.metadata.totalCounts).toBe(yes.metadata.totalCounts);
    const unknown = createVolume({ data, dims: [48, 48, 48], affine });
    expect(unknown.metadata.attenuationCorrected).toBeNull();
    const u = attenuationStep(unknown, undefined);
    expect(u.volume).toBe(unknown);
    expect(u.alternative?.issue.code).toBe('ATTENUATION_CORRECTED_BY_LIBRARY');
    expect(correctAttenuation(unknown).maxCorrection).toBeGreaterThan(2);
  });
});
