/**
 * Test subjects made by pushing a template through a known smooth non-affine field, and the error of
 * a registration's mapping against that field (test/register/dct-warp.test.ts, warp-gain.test.ts).
 */
import type { registerToTemplate } from '../../src/register/index.js';
import { displacement } from '../../src/register/dct-warp.js';
import { applyAffine, invert4 } from '../../src/volume/affine.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';

export type Field = (x: number, y: number, z: number) => [number, number, number];

/** 3 mm subject grid over the MNI box, world = MNI (identity pose). */
export const SUBJ_AFFINE = [3, 0, 0, -96, 0, 3, 0, -132, 0, 0, 3, -78, 0, 0, 0, 1];
export const SUBJ_DIMS: [number, number, number] = [64, 76, 64];

/** A smooth non-affine field (mm, of MNI mm): a 6 mm bend of z across x and y, a 4 mm bulge of x. */
export function trueField(x: number, y: number, z: number): [number, number, number] {
  const cx = Math.cos((Math.PI * (x + 90)) / 180),
    cy = Math.cos((Math.PI * (y + 126)) / 216),
    cz = Math.cos((Math.PI * (z + 72)) / 180);
  return [4 * Math.sin((Math.PI * (y + 126)) / 216) * cz, 0, 6 * cx * cy];
}

/** Subject S(q) = T(x) where q = x + u(x) (u = trueField), by fixed-point inversion per voxel. */
export function warpedSubject(template: Volume, field: Field | null): Volume {
  const [nx, ny, nz] = SUBJ_DIMS;
  const pts = new Float64Array(3 * nx * ny * nz);
  let o = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const q = applyAffine(SUBJ_AFFINE, i, j, k);
        let x = q[0]!,
          y = q[1]!,
          z = q[2]!;
        for (let t = 0; t < 8 && field; t++) {
          const u = field(x, y, z);
          x = q[0]! - u[0];
          y = q[1]! - u[1];
          z = q[2]! - u[2];
        }
        pts[o++] = x;
        pts[o++] = y;
        pts[o++] = z;
      }
  // sample the template at the points (trilinear through its world->voxel affine)
  const inv = invert4(Float64Array.from(template.affine))!;
  const data = new Float32Array(nx * ny * nz);
  const [tx, ty, tz] = template.dims;
  for (let p = 0; p < data.length; p++) {
    const v = applyAffine(inv, pts[3 * p]!, pts[3 * p + 1]!, pts[3 * p + 2]!);
    const i0 = Math.floor(v[0]!),
      j0 = Math.floor(v[1]!),
      k0 = Math.floor(v[2]!);
    if (i0 < 0 || j0 < 0 || k0 < 0 || i0 >= tx - 1 || j0 >= ty - 1 || k0 >= tz - 1) continue;
    const fx = v[0]! - i0,
      fy = v[1]! - j0,
      fz = v[2]! - k0;
    let s = 0;
    for (let c = 0; c < 8; c++) {
      const a = c & 1,
        b = (c >> 1) & 1,
        d = c >> 2;
      s += (a ? fx : 1 - fx) * (b ? fy : 1 - fy) * (d ? fz : 1 - fz) * template.data[i0 + a + tx * (j0 + b + ty * (k0 + d))]!;
    }
    data[p] = s;
  }
  return createVolume({ data, dims: SUBJ_DIMS, affine: SUBJ_AFFINE });
}

/** RMS over brain template points of |registered mapping(x) - true mapping(x)| (mm). */
export function mappingError(
  template: Volume,
  reg: ReturnType<typeof registerToTemplate>,
  field: Field | null,
): { rms: number; n: number } {
  const m2s = reg.mniToSubject;
  const ax = new Float64Array(9),
    bv = new Float64Array(27),
    u = new Float64Array(3);
  let s = 0,
    n = 0;
  const [nx, ny, nz] = template.dims;
  let max = 0;
  for (let i = 0; i < template.data.length; i++) if (template.data[i]! > max) max = template.data[i]!;
  const ref = max * 0.3;
  for (let k = 0; k < nz; k += 3)
    for (let j = 0; j < ny; j += 3)
      for (let i = 0; i < nx; i += 3) {
        if (!(template.data[i + nx * (j + ny * k)]! > ref)) continue;
        const p = applyAffine(template.affine, i, j, k);
        let x = p[0]!,
          y = p[1]!,
          z = p[2]!;
        if (reg.warp) {
          const c = reg.warp.centre;
          displacement(reg.warp.warp, x - c[0], y - c[1], z - c[2], ax, bv, u);
          x += u[0]!;
          y += u[1]!;
          z += u[2]!;
        }
        const q = applyAffine(m2s, x, y, z);
        const t = field ? field(p[0]!, p[1]!, p[2]!) : [0, 0, 0];
        const e = [q[0]! - p[0]! - t[0]!, q[1]! - p[1]! - t[1]!, q[2]! - p[2]! - t[2]!];
        s += e[0]! ** 2 + e[1]! ** 2 + e[2]! ** 2;
        n++;
      }
  return { rms: Math.sqrt(s / n), n };
}
