import { describe, expect, it } from 'vitest';
import { resampleAffine, sampleNearest, sampleTrilinear, trilinearAt } from '../../src/kernels/trilinear.js';
import { resampleLabels, resampleVolume } from '../../src/volume/resample.js';
import { createVolume } from '../../src/volume/volume.js';

/** f(x,y,z) linear in each coordinate: trilinear interpolation reproduces it exactly. */
function linearField(nx: number, ny: number, nz: number): Float32Array {
  const a = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) a[i + nx * (j + ny * k)] = 2 * i + 3 * j - 5 * k + 7;
  return a;
}

function pseudoRandom(n: number, seed = 1): Float32Array {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    a[i] = (s >>> 8) / 65536;
  }
  return a;
}

/** Independent reference: the sum over the 8 corners of the product weights, corners clamped to the grid. */
function weightsReference(d: Float32Array, n: readonly [number, number, number], x: number, y: number, z: number): number {
  const p = [x, y, z], lo = p.map((v, a) => Math.min(Math.max(Math.floor(v), 0), n[a]! - 1));
  let s = 0;
  for (let corner = 0; corner < 8; corner++) {
    let w = 1;
    const idx = [0, 1, 2].map((a) => {
      const up = (corner >> a) & 1, t = Math.min(Math.max(p[a]! - lo[a]!, 0), 1);
      w *= up ? t : 1 - t;
      return Math.min(lo[a]! + up, n[a]! - 1);
    });
    if (w !== 0) s += w * d[idx[0]! + n[0] * (idx[1]! + n[1] * idx[2]!)]!;
  }
  return s;
}

describe('trilinearAt (the one trilinear kernel)', () => {
  const n = [6, 5, 4] as const;
  const d = pseudoRandom(n[0] * n[1] * n[2], 7);
  it('matches the corner-weights reference inside, on the faces and the last voxel, and gives outside beyond', () => {
    let checked = 0;
    for (let q = 0; q < 400; q++) {
      // points on a lattice of quarter voxels from -0.5 to n - 0.5, so faces and corners are hit exactly
      const x = ((q * 7) % 25) / 4 - 0.5, y = ((q * 11) % 21) / 4 - 0.5, z = ((q * 13) % 17) / 4 - 0.5;
      const inside = x >= 0 && y >= 0 && z >= 0 && x <= n[0] - 1 && y <= n[1] - 1 && z <= n[2] - 1;
      const v = trilinearAt(d, n[0], n[1], n[2], x, y, z, -1);
      expect(v).toBe(sampleTrilinear(d, n, x, y, z, -1));
      if (!inside) { expect(v).toBe(-1); continue; }
      expect(Math.abs(v - weightsReference(d, n, x, y, z))).toBeLessThan(1e-6);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect(trilinearAt(d, n[0], n[1], n[2], 5, 4, 3, -1)).toBe(d[d.length - 1]);
    expect(trilinearAt(d, n[0], n[1], n[2], 0, 0, 0, -1)).toBe(d[0]);
  });
});

describe('sampleTrilinear / sampleNearest', () => {
  const dims = [5, 6, 7] as const;
  const f = linearField(...dims);
  it('reproduces a linear field at arbitrary inside points', () => {
    for (const [x, y, z] of [[0.25, 1.5, 2.75], [3.9, 0.1, 5.5], [4, 5, 6], [0, 0, 0]] as const) {
      expect(sampleTrilinear(f, dims, x, y, z)).toBeCloseTo(2 * x + 3 * y - 5 * z + 7, 4);
    }
  });
  it('returns outside off the grid', () => {
    expect(sampleTrilinear(f, dims, -0.1, 1, 1, -9)).toBe(-9);
    expect(sampleTrilinear(f, dims, 1, 1, 6.01, -9)).toBe(-9);
    expect(sampleNearest(f, dims, -0.6, 1, 1, -9)).toBe(-9);
    expect(sampleNearest(f, dims, 4.49, 1, 1, -9)).toBe(f[4 + 5 * 1 + 30 * 1]);
    expect(sampleNearest(f, dims, 4.5, 1, 1, -9)).toBe(-9);
  });
  it('nearest uses floor(x + 0.5)', () => {
    expect(sampleNearest(f, dims, 1.5, 0, 0)).toBe(f[2]);
    expect(sampleNearest(f, dims, 1.4999, 0, 0)).toBe(f[1]);
    expect(sampleNearest(f, dims, -0.5, 0, 0)).toBe(f[0]);
  });
});

describe('resampleAffine', () => {
  const dims = [8, 9, 10] as const;
  const src = pseudoRandom(8 * 9 * 10);
  const I = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  it('identity is exact, linear and nearest', () => {
    expect(resampleAffine(src, dims, dims, I, { interpolation: 'linear' })).toEqual(src);
    expect(resampleAffine(src, dims, dims, I, { interpolation: 'nearest' })).toEqual(src);
  });
  it('integer shift moves voxels and fills outside', () => {
    const shift = [1, 0, 0, 2, 0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 1];
    const out = resampleAffine(src, dims, dims, shift, { interpolation: 'linear', outside: -1 });
    for (let k = 0; k < 10; k++) for (let j = 0; j < 9; j++) for (let i = 0; i < 8; i++) {
      const si = i + 2, sj = j - 1;
      const exp = si < 8 && sj >= 0 ? src[si + 8 * (sj + 9 * k)] : -1;
      expect(out[i + 8 * (j + 9 * k)]).toBe(exp);
    }
  });
  it('a rotation of a linear field matches the analytic value', () => {
    const f = linearField(...dims);
    const c = Math.cos(0.3), s = Math.sin(0.3);
    // rotate about the grid centre (3.5, 4, 4.5) in the i-j plane, with a sub-voxel shift in k
    const cx = 3.5, cy = 4;
    const m = [c, -s, 0, cx - c * cx + s * cy, s, c, 0, cy - s * cx - c * cy, 0, 0, 1, 0.37, 0, 0, 0, 1];
    const out = resampleAffine(f, dims, [6, 6, 6], m, { interpolation: 'linear', outside: NaN });
    let checked = 0;
    for (let k = 0; k < 6; k++) for (let j = 0; j < 6; j++) for (let i = 0; i < 6; i++) {
      const x = m[0]! * i + m[1]! * j + m[3]!, y = m[4]! * i + m[5]! * j + m[7]!, z = k + 0.37;
      const inside = x >= 0 && x <= 7 && y >= 0 && y <= 8 && z <= 9;
      const v = out[i + 6 * (j + 6 * k)]!;
      if (inside) { expect(v).toBeCloseTo(2 * x + 3 * y - 5 * z + 7, 3); checked++; } else expect(v).toBeNaN();
    }
    expect(checked).toBeGreaterThan(100);
  });
  it('reuses the out buffer and rejects bad dims', () => {
    const out = new Float32Array(src.length);
    expect(resampleAffine(src, dims, dims, I, { interpolation: 'linear' }, out)).toBe(out);
    expect(() => resampleAffine(src, [8, 9, 9], dims, I)).toThrow(RangeError);
  });
});

describe('resampleVolume / resampleLabels', () => {
  it('identity affines give an exact copy; world translation shifts in mm', () => {
    const dims = [6, 7, 8] as const;
    const data = pseudoRandom(6 * 7 * 8, 3);
    const aff = [2, 0, 0, -5, 0, 2, 0, -7, 0, 0, 2, -8, 0, 0, 0, 1];
    const v = createVolume({ data, dims, affine: aff });
    expect(resampleVolume(v, dims, aff).data).toEqual(data);
    // target world -> source world = +2 mm in x = one voxel
    const w = [1, 0, 0, 2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const r = resampleVolume(v, dims, aff, { worldTransform: w });
    expect(r.data[0]).toBe(data[1]);
    expect(r.data[5]).toBe(0);
  });
  it('an x-flipped grid (LAS vs RAS) maps i to n-1-i', () => {
    const dims = [5, 4, 3] as const;
    const data = pseudoRandom(60, 5);
    const ras = [2, 0, 0, -4, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    const las = [-2, 0, 0, 4, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    const v = createVolume({ data, dims, affine: las });
    const r = resampleVolume(v, dims, ras, { interpolation: 'nearest' });
    for (let k = 0; k < 3; k++) for (let j = 0; j < 4; j++) for (let i = 0; i < 5; i++) expect(r.data[i + 5 * (j + 4 * k)]).toBe(data[4 - i + 5 * (j + 4 * k)]);
  });
  it('nearest resampling of labels keeps the label set', () => {
    const dims = [10, 10, 10] as const;
    const labels = new Int16Array(1000);
    for (let i = 0; i < 1000; i++) labels[i] = (i * 7919) % 9;
    const src = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
    const dst = [0.9, 0.1, 0, 0.3, -0.1, 0.9, 0, 0.2, 0, 0, 1.1, 0.4, 0, 0, 0, 1];
    const out = resampleLabels(labels, dims, src, [20, 20, 18], dst);
    expect(out).toBeInstanceOf(Int16Array);
    const inSet = new Set(labels), outSet = new Set(out);
    for (const l of outSet) expect(inSet.has(l)).toBe(true);
    expect(outSet.size).toBe(9);
    const u8 = resampleLabels(Uint8Array.from(labels), dims, src, dims, src);
    expect(Array.from(u8)).toEqual(Array.from(labels));
  });
});
