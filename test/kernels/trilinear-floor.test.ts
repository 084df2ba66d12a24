/**
 * The interior paths of `trilinearAt` and `resampleLabelsAffine` and the figure's
 * `samplePanelClasses` truncate coordinates to int32 where they are known to lie in
 * [0, n): checked bit for bit against references written here with Math.floor, at
 * random points, exact integers, points just below the upper bound and outside.
 */
import { describe, expect, it } from 'vitest';
import { resampleLabelsAffine, trilinearAt } from '../../src/kernels/trilinear.js';
import { samplePanelClasses } from '../../src/report/figure/slices.js';
import { makePanel } from '../../src/report/figure/layout.js';

const NX = 13,
  NY = 11,
  NZ = 9;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Reference trilinear interpolation (interior points only), with Math.floor. */
function referenceInterior(d: Float32Array, x: number, y: number, z: number): number {
  const i = Math.floor(x),
    j = Math.floor(y),
    k = Math.floor(z);
  const fx = x - i,
    fy = y - j,
    fz = z - k,
    sxy = NX * NY,
    b = i + NX * j + sxy * k;
  const c00 = d[b]! + (d[b + 1]! - d[b]!) * fx;
  const c10 = d[b + NX]! + (d[b + NX + 1]! - d[b + NX]!) * fx;
  const c01 = d[b + sxy]! + (d[b + sxy + 1]! - d[b + sxy]!) * fx;
  const c11 = d[b + sxy + NX]! + (d[b + sxy + NX + 1]! - d[b + sxy + NX]!) * fx;
  const c0 = c00 + (c10 - c00) * fy,
    c1 = c01 + (c11 - c01) * fy;
  return c0 + (c1 - c0) * fz;
}

describe('int32 truncation where the coordinate lies in [0, n)', () => {
  const rnd = lcg(7);
  const data = new Float32Array(NX * NY * NZ).map(() => rnd() * 100 - 20);

  it('trilinearAt equals the Math.floor reference bit for bit inside, and is finite at the edges', () => {
    const pts: [number, number, number][] = [];
    for (let n = 0; n < 5000; n++) pts.push([rnd() * (NX - 1), rnd() * (NY - 1), rnd() * (NZ - 1)]);
    for (let i = 0; i < NX - 1; i++) pts.push([i, i % (NY - 1), i % (NZ - 1)]);
    const below = (n: number) => n - 1 - 2 ** -40;
    pts.push([below(NX), below(NY), below(NZ)], [0, 0, 0], [1e-300, 5e-324, 0.5]);
    let inside = 0;
    for (const [x, y, z] of pts) {
      const v = trilinearAt(data, NX, NY, NZ, x, y, z, NaN);
      if (x < NX - 1 && y < NY - 1 && z < NZ - 1) {
        expect(v).toBe(referenceInterior(data, x, y, z));
        inside++;
      }
    }
    expect(inside).toBeGreaterThan(5000);
    expect(trilinearAt(data, NX, NY, NZ, -0.5, 1, 1, -7)).toBe(-7);
    expect(trilinearAt(data, NX, NY, NZ, NX - 1, NY - 1, NZ - 1, -7)).toBe(data[data.length - 1]);
  });

  it('resampleLabelsAffine equals a Math.floor(x + 0.5) reference, also for rows that leave the grid', () => {
    const labels = new Int16Array(NX * NY * NZ).map((_, i) => (i * 7919) % 97);
    // destination voxel -> source voxel: a rotation-like shear, scale 0.9, offsets that reach outside
    const m = [0.9, 0.13, -0.07, -2.3, -0.11, 0.88, 0.05, -1.1, 0.06, -0.04, 0.93, -0.6, 0, 0, 0, 1];
    const dims = [17, 15, 12];
    const out = resampleLabelsAffine(labels, [NX, NY, NZ], dims, m, -1);
    let o = 0,
      hits = 0;
    for (let k = 0; k < dims[2]!; k++) {
      for (let j = 0; j < dims[1]!; j++) {
        let x = m[1]! * j + m[2]! * k + m[3]!,
          y = m[5]! * j + m[6]! * k + m[7]!,
          z = m[9]! * j + m[10]! * k + m[11]!;
        for (let i = 0; i < dims[0]!; i++, o++) {
          const a = Math.floor(x + 0.5),
            b = Math.floor(y + 0.5),
            c = Math.floor(z + 0.5);
          const inGrid = a >= 0 && b >= 0 && c >= 0 && a < NX && b < NY && c < NZ;
          expect(out[o]).toBe(inGrid ? labels[a + NX * (b + NY * c)]! : -1);
          if (inGrid) hits++;
          x += m[0]!;
          y += m[4]!;
          z += m[8]!;
        }
      }
    }
    expect(hits).toBeGreaterThan(500);
    expect(hits).toBeLessThan(o);
  });

  it('samplePanelClasses equals a Math.floor reference (the panel reaches outside the grid)', () => {
    const labels = new Int16Array(NX * NY * NZ).map((_, i) => (i * 31) % 5);
    const classOf = new Uint8Array([0, 1, 2, 1, 0]);
    const p = makePanel('coronal', 3, 0, 0, 'radiological');
    // MNI mm -> voxel: 1/12 voxel per mm, origin at voxel (6, 5, 4)
    const vox = new Float64Array([1 / 12, 0, 0, 6, 0, 1 / 12, 0, 5, 0, 0, 1 / 12, 4, 0, 0, 0, 1]);
    const cls = samplePanelClasses(p, labels, [NX, NY, NZ], vox, classOf);
    let set = 0;
    for (let row = 0; row < p.h; row++) {
      for (let col = 0; col < p.w; col++) {
        const q = (a: number) => p.corner[a]! + (col + 0.5) * p.du[a]! + (row + 0.5) * p.dv[a]!;
        const i = Math.floor(q(0) / 12 + 6 + 0.5),
          j = Math.floor(q(1) / 12 + 5 + 0.5),
          k = Math.floor(q(2) / 12 + 4 + 0.5);
        const inGrid = i >= 0 && j >= 0 && k >= 0 && i < NX && j < NY && k < NZ;
        const want = inGrid ? classOf[labels[i + NX * (j + NY * k)]!]! : 0;
        expect(cls[row * p.w + col]).toBe(want);
        if (want > 0) set++;
      }
    }
    expect(set).toBeGreaterThan(100);
  });
});
