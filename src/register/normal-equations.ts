/**
 * The full pass of the registration cost: residuals, NCC sums and the
 * Gauss-Newton normal equations H = J^T W J, g = J^T W e over the 14 parameters
 * (12 affine entries of W = [L | t] row-major, then a and b) in one loop.
 *
 * For a template point x~ = (x, y, z, 1) the Jacobian row is
 *   J = [ax x~, ay x~, az x~, m, 1],  (ax, ay, az) = a V^T grad M (metric.ts),
 * so the 12 x 12 affine block of H is a sum of Kronecker products
 * (w a_r a_r') (x~_c x~_c'): each of the 6 blocks (r <= r') needs only the 10
 * distinct products x~_c x~_c' (the block is symmetric in c, c'), 60 sums in all
 * instead of the 78 entries of the upper triangle; with the 24 cross terms with
 * m and 1, 3 (m, 1) entries and the 14 gradient entries, 101 Float64 sums per
 * point, kept in local variables (no typed-array traffic inside the loop) and
 * written out once per pass. Same per-point values (interpolated value and
 * gradient, Tukey weight) as the cost-only pass of metric.ts, bit for bit.
 */
import type { FixedPoints, MovingImage, PassResult } from './metric-types.js';

/** Number of sums kept per pass (60 affine block sums, 12 + 12 cross terms, 3 intensity terms, 14 gradient terms). */
export const ACC_SIZE = 101;

/** acc index of H entry (r, c), r <= c, of the 14 x 14 normal matrix. */
const H_INDEX = ((): Int32Array => {
  const q = (c: number, d: number): number => {
    const lo = Math.min(c, d), hi = Math.max(c, d);
    // order xx, xy, xz, x1, yy, yz, y1, zz, z1, 11
    return [0, 4, 7, 9][lo]! + (hi - lo);
  };
  const block = (r: number, s: number): number => [[0, 1, 2], [1, 3, 4], [2, 4, 5]][r]![s]!;
  const idx = new Int32Array(14 * 14).fill(-1);
  for (let a = 0; a < 14; a++) {
    for (let b = a; b < 14; b++) {
      let k: number;
      if (b < 12) k = 10 * block(a >> 2, b >> 2) + q(a & 3, b & 3);
      else if (a < 12) k = (b === 12 ? 60 : 72) + a;
      else k = a === 12 && b === 12 ? 96 : a === 12 ? 97 : 98;
      idx[a * 14 + b] = k;
    }
  }
  return idx;
})();

/** Expand the sums of `fullPass` into H (14 x 14, symmetric) and g (14). */
export function normalEquations(acc: Float64Array, H: Float64Array, g: Float64Array): void {
  for (let a = 0; a < 14; a++) {
    for (let b = a; b < 14; b++) {
      const v = acc[H_INDEX[a * 14 + b]!]!;
      H[a * 14 + b] = v;
      H[b * 14 + a] = v;
    }
  }
  for (let e = 0; e < 12; e++) g[e] = acc[84 + e]!;
  g[12] = acc[99]!;
  g[13] = acc[100]!;
}

/**
 * One pass with the normal equations: fills `acc` (ACC_SIZE sums, see
 * `normalEquations`) and the cost and NCC sums of `out` (as `costPass`).
 */
export function fullPass(
  fx: FixedPoints, mv: MovingImage, K: Float64Array, a: number, b: number, tukeyC: number, acc: Float64Array, out: PassResult,
): void {
  const nx = mv.dims[0], ny = mv.dims[1], nz = mv.dims[2];
  const sxy = nx * ny;
  const mg = mv.mg;
  const V = mv.worldToVox;
  const v00 = V[0]!, v01 = V[1]!, v02 = V[2]!, v10 = V[4]!, v11 = V[5]!, v12 = V[6]!, v20 = V[8]!, v21 = V[9]!, v22 = V[10]!;
  const k00 = K[0]!, k01 = K[1]!, k02 = K[2]!, k03 = K[3]!;
  const k10 = K[4]!, k11 = K[5]!, k12 = K[6]!, k13 = K[7]!;
  const k20 = K[8]!, k21 = K[9]!, k22 = K[10]!, k23 = K[11]!;
  const xyz = fx.xyz, fv = fx.f, np = fx.n;
  const xmax = nx - 1, ymax = ny - 1, zmax = nz - 1;
  const di = xmax > 0 ? 4 : 0, dj = ymax > 0 ? 4 * nx : 0, dk = zmax > 0 ? 4 * sxy : 0;
  const robust = tukeyC < Infinity;
  const c2 = tukeyC * tukeyC / 6;
  let sse = 0, sm = 0, smm = 0, sfm = 0, sf = 0, sff = 0, inside = 0;
  let hxx_xx = 0, hxx_xy = 0, hxx_xz = 0, hxx_x = 0, hxx_yy = 0, hxx_yz = 0, hxx_y = 0, hxx_zz = 0, hxx_z = 0, hxx_1 = 0;
  let hxy_xx = 0, hxy_xy = 0, hxy_xz = 0, hxy_x = 0, hxy_yy = 0, hxy_yz = 0, hxy_y = 0, hxy_zz = 0, hxy_z = 0, hxy_1 = 0;
  let hxz_xx = 0, hxz_xy = 0, hxz_xz = 0, hxz_x = 0, hxz_yy = 0, hxz_yz = 0, hxz_y = 0, hxz_zz = 0, hxz_z = 0, hxz_1 = 0;
  let hyy_xx = 0, hyy_xy = 0, hyy_xz = 0, hyy_x = 0, hyy_yy = 0, hyy_yz = 0, hyy_y = 0, hyy_zz = 0, hyy_z = 0, hyy_1 = 0;
  let hyz_xx = 0, hyz_xy = 0, hyz_xz = 0, hyz_x = 0, hyz_yy = 0, hyz_yz = 0, hyz_y = 0, hyz_zz = 0, hyz_z = 0, hyz_1 = 0;
  let hzz_xx = 0, hzz_xy = 0, hzz_xz = 0, hzz_x = 0, hzz_yy = 0, hzz_yz = 0, hzz_y = 0, hzz_zz = 0, hzz_z = 0, hzz_1 = 0;
  let hm_xx = 0, hm_xy = 0, hm_xz = 0, hm_x1 = 0, hm_yx = 0, hm_yy = 0, hm_yz = 0, hm_y1 = 0, hm_zx = 0, hm_zy = 0;
  let hm_zz = 0, hm_z1 = 0, h1_xx = 0, h1_xy = 0, h1_xz = 0, h1_x1 = 0, h1_yx = 0, h1_yy = 0, h1_yz = 0, h1_y1 = 0;
  let h1_zx = 0, h1_zy = 0, h1_zz = 0, h1_z1 = 0, g_xx = 0, g_xy = 0, g_xz = 0, g_x1 = 0, g_yx = 0, g_yy = 0;
  let g_yz = 0, g_y1 = 0, g_zx = 0, g_zy = 0, g_zz = 0, g_z1 = 0, hmm = 0, hm1 = 0, h11 = 0, gm = 0;
  let g1 = 0;
  for (let p = 0; p < np; p++) {
    const x = xyz[3 * p]!, y = xyz[3 * p + 1]!, z = xyz[3 * p + 2]!;
    const vx = k00 * x + k01 * y + k02 * z + k03;
    const vy = k10 * x + k11 * y + k12 * z + k13;
    const vz = k20 * x + k21 * y + k22 * z + k23;
    // points outside the subject's field of view are left out (metric.ts)
    if (!(vx >= 0 && vy >= 0 && vz >= 0 && vx <= xmax && vy <= ymax && vz <= zmax)) continue;
    inside++;
    let i0 = Math.floor(vx), j0 = Math.floor(vy), k0 = Math.floor(vz);
    if (i0 >= xmax) i0 = xmax > 0 ? xmax - 1 : 0;
    if (j0 >= ymax) j0 = ymax > 0 ? ymax - 1 : 0;
    if (k0 >= zmax) k0 = zmax > 0 ? zmax - 1 : 0;
    const tx = vx - i0, ty = vy - j0, tz = vz - k0;
    const w000 = (1 - tx) * (1 - ty) * (1 - tz), w100 = tx * (1 - ty) * (1 - tz);
    const w010 = (1 - tx) * ty * (1 - tz), w110 = tx * ty * (1 - tz);
    const w001 = (1 - tx) * (1 - ty) * tz, w101 = tx * (1 - ty) * tz;
    const w011 = (1 - tx) * ty * tz, w111 = tx * ty * tz;
    const b0 = 4 * (i0 + nx * j0 + sxy * k0), b1 = b0 + di, b2 = b0 + dj, b3 = b2 + di;
    const b4 = b0 + dk, b5 = b4 + di, b6 = b4 + dj, b7 = b6 + di;
    const m = w000 * mg[b0]! + w100 * mg[b1]! + w010 * mg[b2]! + w110 * mg[b3]! + w001 * mg[b4]! + w101 * mg[b5]! + w011 * mg[b6]! + w111 * mg[b7]!;
    const f = fv[p]!;
    const e = a * m + b - f;
    let wt = 1;
    if (robust) {
      // Tukey biweight (metric.ts)
      const u = e / tukeyC;
      if (u * u >= 1) {
        wt = 0;
        sse += c2;
      } else {
        const v = 1 - u * u;
        wt = v * v;
        sse += c2 * (1 - v * v * v);
      }
    } else {
      sse += e * e;
    }
    sf += f;
    sff += f * f;
    sm += m;
    smm += m * m;
    sfm += f * m;
    if (wt > 0) {
      const gi = w000 * mg[b0 + 1]! + w100 * mg[b1 + 1]! + w010 * mg[b2 + 1]! + w110 * mg[b3 + 1]! + w001 * mg[b4 + 1]! + w101 * mg[b5 + 1]! + w011 * mg[b6 + 1]! + w111 * mg[b7 + 1]!;
      const gj = w000 * mg[b0 + 2]! + w100 * mg[b1 + 2]! + w010 * mg[b2 + 2]! + w110 * mg[b3 + 2]! + w001 * mg[b4 + 2]! + w101 * mg[b5 + 2]! + w011 * mg[b6 + 2]! + w111 * mg[b7 + 2]!;
      const gk = w000 * mg[b0 + 3]! + w100 * mg[b1 + 3]! + w010 * mg[b2 + 3]! + w110 * mg[b3 + 3]! + w001 * mg[b4 + 3]! + w101 * mg[b5 + 3]! + w011 * mg[b6 + 3]! + w111 * mg[b7 + 3]!;
      // a dM/dq = a V^T dM/dv
      const ax = a * (v00 * gi + v10 * gj + v20 * gk);
      const ay = a * (v01 * gi + v11 * gj + v21 * gk);
      const az = a * (v02 * gi + v12 * gj + v22 * gk);
      const qxx = x * x, qxy = x * y, qxz = x * z, qyy = y * y, qyz = y * z, qzz = z * z;
      const wx = wt * ax, wy = wt * ay, wz = wt * az;
      const pxx = wx * ax, pxy = wx * ay, pxz = wx * az, pyy = wy * ay, pyz = wy * az, pzz = wz * az;
      const wm = wt * m, we = wt * e;
      const umx = wm * ax, umy = wm * ay, umz = wm * az;
      const u1x = wx, u1y = wy, u1z = wz;
      const uex = we * ax, uey = we * ay, uez = we * az;
      hxx_xx += pxx * qxx; hxx_xy += pxx * qxy; hxx_xz += pxx * qxz; hxx_x += pxx * x; hxx_yy += pxx * qyy;
      hxx_yz += pxx * qyz; hxx_y += pxx * y; hxx_zz += pxx * qzz; hxx_z += pxx * z; hxx_1 += pxx;
      hxy_xx += pxy * qxx; hxy_xy += pxy * qxy; hxy_xz += pxy * qxz; hxy_x += pxy * x; hxy_yy += pxy * qyy;
      hxy_yz += pxy * qyz; hxy_y += pxy * y; hxy_zz += pxy * qzz; hxy_z += pxy * z; hxy_1 += pxy;
      hxz_xx += pxz * qxx; hxz_xy += pxz * qxy; hxz_xz += pxz * qxz; hxz_x += pxz * x; hxz_yy += pxz * qyy;
      hxz_yz += pxz * qyz; hxz_y += pxz * y; hxz_zz += pxz * qzz; hxz_z += pxz * z; hxz_1 += pxz;
      hyy_xx += pyy * qxx; hyy_xy += pyy * qxy; hyy_xz += pyy * qxz; hyy_x += pyy * x; hyy_yy += pyy * qyy;
      hyy_yz += pyy * qyz; hyy_y += pyy * y; hyy_zz += pyy * qzz; hyy_z += pyy * z; hyy_1 += pyy;
      hyz_xx += pyz * qxx; hyz_xy += pyz * qxy; hyz_xz += pyz * qxz; hyz_x += pyz * x; hyz_yy += pyz * qyy;
      hyz_yz += pyz * qyz; hyz_y += pyz * y; hyz_zz += pyz * qzz; hyz_z += pyz * z; hyz_1 += pyz;
      hzz_xx += pzz * qxx; hzz_xy += pzz * qxy; hzz_xz += pzz * qxz; hzz_x += pzz * x; hzz_yy += pzz * qyy;
      hzz_yz += pzz * qyz; hzz_y += pzz * y; hzz_zz += pzz * qzz; hzz_z += pzz * z; hzz_1 += pzz;
      hm_xx += umx * x; hm_xy += umx * y; hm_xz += umx * z; hm_x1 += umx;
      hm_yx += umy * x; hm_yy += umy * y; hm_yz += umy * z; hm_y1 += umy;
      hm_zx += umz * x; hm_zy += umz * y; hm_zz += umz * z; hm_z1 += umz;
      h1_xx += u1x * x; h1_xy += u1x * y; h1_xz += u1x * z; h1_x1 += u1x;
      h1_yx += u1y * x; h1_yy += u1y * y; h1_yz += u1y * z; h1_y1 += u1y;
      h1_zx += u1z * x; h1_zy += u1z * y; h1_zz += u1z * z; h1_z1 += u1z;
      g_xx += uex * x; g_xy += uex * y; g_xz += uex * z; g_x1 += uex;
      g_yx += uey * x; g_yy += uey * y; g_yz += uey * z; g_y1 += uey;
      g_zx += uez * x; g_zy += uez * y; g_zz += uez * z; g_z1 += uez;
      hmm += wm * m; hm1 += wm; h11 += wt; gm += we * m; g1 += we;
    }
  }
  acc[0] = hxx_xx; acc[1] = hxx_xy; acc[2] = hxx_xz; acc[3] = hxx_x; acc[4] = hxx_yy; acc[5] = hxx_yz; acc[6] = hxx_y; acc[7] = hxx_zz;
  acc[8] = hxx_z; acc[9] = hxx_1; acc[10] = hxy_xx; acc[11] = hxy_xy; acc[12] = hxy_xz; acc[13] = hxy_x; acc[14] = hxy_yy; acc[15] = hxy_yz;
  acc[16] = hxy_y; acc[17] = hxy_zz; acc[18] = hxy_z; acc[19] = hxy_1; acc[20] = hxz_xx; acc[21] = hxz_xy; acc[22] = hxz_xz; acc[23] = hxz_x;
  acc[24] = hxz_yy; acc[25] = hxz_yz; acc[26] = hxz_y; acc[27] = hxz_zz; acc[28] = hxz_z; acc[29] = hxz_1; acc[30] = hyy_xx; acc[31] = hyy_xy;
  acc[32] = hyy_xz; acc[33] = hyy_x; acc[34] = hyy_yy; acc[35] = hyy_yz; acc[36] = hyy_y; acc[37] = hyy_zz; acc[38] = hyy_z; acc[39] = hyy_1;
  acc[40] = hyz_xx; acc[41] = hyz_xy; acc[42] = hyz_xz; acc[43] = hyz_x; acc[44] = hyz_yy; acc[45] = hyz_yz; acc[46] = hyz_y; acc[47] = hyz_zz;
  acc[48] = hyz_z; acc[49] = hyz_1; acc[50] = hzz_xx; acc[51] = hzz_xy; acc[52] = hzz_xz; acc[53] = hzz_x; acc[54] = hzz_yy; acc[55] = hzz_yz;
  acc[56] = hzz_y; acc[57] = hzz_zz; acc[58] = hzz_z; acc[59] = hzz_1; acc[60] = hm_xx; acc[61] = hm_xy; acc[62] = hm_xz; acc[63] = hm_x1;
  acc[64] = hm_yx; acc[65] = hm_yy; acc[66] = hm_yz; acc[67] = hm_y1; acc[68] = hm_zx; acc[69] = hm_zy; acc[70] = hm_zz; acc[71] = hm_z1;
  acc[72] = h1_xx; acc[73] = h1_xy; acc[74] = h1_xz; acc[75] = h1_x1; acc[76] = h1_yx; acc[77] = h1_yy; acc[78] = h1_yz; acc[79] = h1_y1;
  acc[80] = h1_zx; acc[81] = h1_zy; acc[82] = h1_zz; acc[83] = h1_z1; acc[84] = g_xx; acc[85] = g_xy; acc[86] = g_xz; acc[87] = g_x1;
  acc[88] = g_yx; acc[89] = g_yy; acc[90] = g_yz; acc[91] = g_y1; acc[92] = g_zx; acc[93] = g_zy; acc[94] = g_zz; acc[95] = g_z1;
  acc[96] = hmm; acc[97] = hm1; acc[98] = h11; acc[99] = gm; acc[100] = g1;
  storePassSums(out, np, inside, sse, sf, sff, sm, smm, sfm);
}

/** The end of every pass (costPass, fullPass): its sums, the NCC and the inside fraction into `out`. */
export function storePassSums(
  out: PassResult, np: number, inside: number, sse: number, sf: number, sff: number, sm: number, smm: number, sfm: number,
): void {
  const n = inside;
  const covFM = n > 0 ? sfm - (sf * sm) / n : 0;
  const varF = n > 0 ? sff - (sf * sf) / n : 0;
  const varM = n > 0 ? smm - (sm * sm) / n : 0;
  out.sse = sse;
  out.ncc = varF > 0 && varM > 0 ? covFM / Math.sqrt(varF * varM) : 0;
  out.inside = np > 0 ? inside / np : 0;
  out.n = n;
  out.sf = sf;
  out.sff = sff;
  out.sm = sm;
  out.smm = smm;
  out.sfm = sfm;
}
