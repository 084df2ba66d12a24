import { describe, expect, it } from 'vitest';
import { builtinAtlas, builtinPhantom, builtinTemplate, groupMask, labelUptake, TRACER_UPTAKE } from '../../src/atlas/index.js';
import { SIGMA_TO_FWHM } from '../../src/kernels/gaussian.js';

const atlas = builtinAtlas();
const mean = (data: Float32Array, m: Uint8Array): number => {
  let s = 0, c = 0;
  for (let i = 0; i < m.length; i++) if (m[i]) { s += data[i]!; c++; }
  return s / c;
};
const cb = groupMask(atlas, 'cerebellum'), cx = groupMask(atlas, 'cerebralCortex');

describe('builtinPhantom', () => {
  it('holds exactly the uptake table values per label, on the atlas grid', () => {
    const p = builtinPhantom({ tracer: 'HMPAO' });
    expect(p.dims).toEqual(atlas.dims);
    expect(Array.from(p.affine)).toEqual(Array.from(atlas.affine));
    expect(p.metadata.radiopharmaceutical?.code).toBe('HMPAO');
    const u = TRACER_UPTAKE.HMPAO;
    for (let i = 0; i < p.data.length; i += 97) {
      expect(p.data[i]).toBeCloseTo(labelUptake(u, atlas.labels[i]!), 6);
    }
    // cortex 1 (frontal), white matter < 0.5, CSF 0, background 0
    expect(labelUptake(u, 11)).toBe(1);
    expect(labelUptake(u, 41)).toBeLessThan(0.5);
    expect(labelUptake(u, 50)).toBe(0);
    expect(p.data[0]).toBe(0);
  });
  it('rejects unknown tracers and bad voxel sizes with ATLAS_ERROR', () => {
    expect(() => builtinPhantom({ tracer: 'FDG' as never })).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
    expect(() => builtinPhantom({ voxelSize: 0 })).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
  });
});

describe('builtinTemplate', () => {
  const t = builtinTemplate();
  it('HMPAO: cerebellum/cortex measured with the built-in atlas is ~1.068 (SPM HMPAO template value)', () => {
    const r = mean(t.data, cb) / mean(t.data, cx);
    expect(Math.abs(r - 1.068029)).toBeLessThan(0.01);
  });
  it('ECD has a lower cerebellum/cortex ratio than HMPAO (Koyama 1997)', () => {
    const e = builtinTemplate({ tracer: 'ECD' });
    expect(mean(e.data, cb) / mean(e.data, cx)).toBeLessThan(mean(t.data, cb) / mean(t.data, cx) - 0.03);
    expect(e.metadata.radiopharmaceutical?.code).toBe('ECD');
  });
  it('smoothing preserves the total and the phantom is the fwhm 0 template', () => {
    const p = builtinPhantom();
    const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
    expect(sum(t.data) / sum(p.data)).toBeCloseTo(1, 3); // brain far from the grid border
    const t0 = builtinTemplate({ fwhmMm: 0 });
    expect(Array.from(t0.data.subarray(400000, 400500))).toEqual(Array.from(p.data.subarray(400000, 400500)));
  });
  it('is smooth at the requested resolution: the edge spread matches 12 mm FWHM', () => {
    // along x through the brain at y = -20, z = 20: the 10-90% rise of a blurred step is 2.563 sigma
    const [nx, ny] = t.dims;
    const j = (-20 + 126) / 2, k = (20 + 72) / 2;
    const row = Array.from({ length: nx }, (_, i) => t.data[i + nx * (j + ny * k)]!);
    const max = Math.max(...row);
    expect(max).toBeGreaterThan(0.5);
    expect(max).toBeLessThan(1.2);
    let i10 = -1, i90 = -1;
    for (let i = 0; i < nx; i++) {
      if (i10 < 0 && row[i]! > 0.1 * row[45]!) i10 = i;
      if (i90 < 0 && row[i]! > 0.9 * Math.max(...row.slice(0, 30))) i90 = i;
    }
    const riseMm = (i90 - i10) * 2;
    const expected = 2.563 * (12 / SIGMA_TO_FWHM);
    expect(riseMm).toBeGreaterThan(expected * 0.6);
    expect(riseMm).toBeLessThan(expected * 1.8);
  });
  it('rejects a bad FWHM', () => {
    expect(() => builtinTemplate({ fwhmMm: -1 })).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
    expect(() => builtinTemplate({ fwhmMm: Number.POSITIVE_INFINITY })).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
  });
});
