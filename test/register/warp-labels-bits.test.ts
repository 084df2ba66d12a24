/**
 * resampleLabelsWarped (src/register/warp-labels.ts) against a plain reference: every subject voxel
 * (no row ranges), the inverse field interpolated with a loop over the eight corners. The labels
 * must be identical, voxel for voxel (the kernel writes the corners out and skips voxels that
 * cannot reach a label; neither may change a result).
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas } from '../../src/atlas/index.js';
import type { DctWarp } from '../../src/register/dct-basis.js';
import { inverseWarp, resampleLabelsWarped, type InverseWarp } from '../../src/register/warp-labels.js';
import { invert4 } from '../../src/volume/affine.js';

function reference(
  labels: Int16Array,
  labelDims: readonly number[],
  labelAffine: ArrayLike<number>,
  dims: readonly number[],
  affine: ArrayLike<number>,
  s2m: ArrayLike<number>,
  centre: readonly number[],
  inv: InverseWarp,
): Int16Array {
  const [nx, ny, nz] = dims as [number, number, number];
  const out = new Int16Array(nx * ny * nz);
  const la = invert4(Float64Array.from(labelAffine))!;
  const T = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += s2m[4 * r + k]! * affine[4 * k + c]!;
      if (c === 3) s += s2m[4 * r + 3]! - centre[r]!;
      T[4 * r + c] = s;
    }
  }
  const [lx, ly, lz] = labelDims as [number, number, number];
  const [gx, gy, gz] = inv.dims;
  const v = inv.v,
    h = inv.spacing;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const px = T[0]! * i + T[1]! * j + T[2]! * k + T[3]!;
        const py = T[4]! * i + T[5]! * j + T[6]! * k + T[7]!;
        const pz = T[8]! * i + T[9]! * j + T[10]! * k + T[11]!;
        let fx = (px - inv.origin[0]) / h,
          fy = (py - inv.origin[1]) / h,
          fz = (pz - inv.origin[2]) / h;
        fx = fx < 0 ? 0 : fx > gx - 1 ? gx - 1 : fx;
        fy = fy < 0 ? 0 : fy > gy - 1 ? gy - 1 : fy;
        fz = fz < 0 ? 0 : fz > gz - 1 ? gz - 1 : fz;
        const i0 = Math.min(Math.floor(fx), gx - 2),
          j0 = Math.min(Math.floor(fy), gy - 2),
          k0 = Math.min(Math.floor(fz), gz - 2);
        const tx = fx - i0,
          ty = fy - j0,
          tz = fz - k0;
        let dx = 0,
          dy = 0,
          dz = 0;
        for (let corner = 0; corner < 8; corner++) {
          const cx = corner & 1,
            cy = (corner >> 1) & 1,
            cz = corner >> 2;
          const wt = (cx ? tx : 1 - tx) * (cy ? ty : 1 - ty) * (cz ? tz : 1 - tz);
          const q = 3 * (i0 + cx + gx * (j0 + cy + gy * (k0 + cz)));
          dx += wt * v[q]!;
          dy += wt * v[q + 1]!;
          dz += wt * v[q + 2]!;
        }
        const X = px + dx + centre[0]!,
          Y = py + dy + centre[1]!,
          Z = pz + dz + centre[2]!;
        const li = Math.round(la[0]! * X + la[1]! * Y + la[2]! * Z + la[3]!);
        const lj = Math.round(la[4]! * X + la[5]! * Y + la[6]! * Z + la[7]!);
        const lk = Math.round(la[8]! * X + la[9]! * Y + la[10]! * Z + la[11]!);
        if (li < 0 || lj < 0 || lk < 0 || li >= lx || lj >= ly || lk >= lz) continue;
        out[i + nx * (j + ny * k)] = labels[li + lx * (lj + ly * lk)]!;
      }
  return out;
}

describe('labels through the warp: the plain reference voxel for voxel', () => {
  const atlas = builtinAtlas({ voxelSize: 2 });
  const c = Math.cos(0.2),
    s = Math.sin(0.2);
  const cases = [
    {
      dims: [64, 64, 40],
      aff: [3.9, 0, 0, -125, 0, 4.1, 0, -130, 0, 0, 3.7, -70, 0, 0, 0, 1],
      s2m: [c, -s, 0, 4, s, c, 0, -3, 0, 0, 1, 2, 0, 0, 0, 1],
    },
    {
      dims: [96, 90, 80],
      aff: [2.4, 0, 0, -115, 0, 2.6, 0, -118, 0, 0, 2.5, -100, 0, 0, 0, 1],
      s2m: [0.9, 0.05, 0, -6, -0.04, 0.92, 0.1, 8, 0, -0.1, 0.88, -4, 0, 0, 0, 1],
    },
  ];
  for (const [n, { dims, aff, s2m }] of cases.entries()) {
    it(`case ${n + 1}: ${dims.join(' x ')} study, warps up to about 8 mm`, () => {
      for (const scale of [0, 1, 3]) {
        const coef = new Float64Array(81);
        for (let q = 0; q < 81; q++) coef[q] = scale * Math.sin(1.7 * q + n);
        const w: DctWarp = { order: [3, 3, 3], origin: [-90, -110, -80], length: [180, 210, 170], coef };
        const inv = inverseWarp(w);
        const centre = [1, -18, 12] as const;
        const got = resampleLabelsWarped(atlas.labels, atlas.dims, atlas.affine, dims, aff, Float64Array.from(s2m), centre, inv);
        const ref = reference(atlas.labels, atlas.dims, atlas.affine, dims, aff, s2m, centre, inv);
        let diff = 0,
          labelled = 0;
        for (let i = 0; i < ref.length; i++) {
          if (ref[i] !== 0) labelled++;
          if (got[i] !== ref[i]) diff++;
        }
        expect(labelled).toBeGreaterThan(10000);
        expect(diff).toBe(0);
      }
    });
  }
});
