/**
 * The Chang kernel as it was before the session-20 split into small functions (commit 70b4a06,
 * src/kernels/chang.ts): one function, the reference the split version must match bit for bit.
 */
import type { ChangParams, ChangResult } from '../../src/kernels/chang.js';

const DIRS: readonly (readonly [number, number])[] = [
  [1, 0], [2, 1], [1, 1], [1, 2], [0, 1], [-1, 2], [-1, 1], [-2, 1],
  [-1, 0], [-2, -1], [-1, -1], [-1, -2], [0, -1], [1, -2], [1, -1], [2, -1],
];



/** Angular weights of the directions in physical space (each gets half the gap to its neighbours). */
function directionWeights(du: number, dw: number): Float64Array {
  const n = DIRS.length;
  const ang = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    const a = Math.atan2(DIRS[d]![1] * dw, DIRS[d]![0] * du);
    ang[d] = a < 0 ? a + 2 * Math.PI : a;
  }
  const w = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    let prev = -Infinity, next = Infinity;
    for (let e = 0; e < n; e++) {
      if (e === d) continue;
      let diff = ang[e]! - ang[d]!;
      if (diff <= -Math.PI) diff += 2 * Math.PI;
      if (diff > Math.PI) diff -= 2 * Math.PI;
      if (diff < 0 && diff > prev) prev = diff;
      if (diff > 0 && diff < next) next = diff;
    }
    w[d] = (next - prev) / 2 / (2 * Math.PI);
  }
  return w;
}

/** Coarse neighbours and weight of every fine index along one axis (block centres at b * s + (s - 1) / 2). */
function interpAxis(n: number, sA: number, cA: number): { i0: Int32Array; i1: Int32Array; f: Float64Array } {
  const i0 = new Int32Array(n), i1 = new Int32Array(n), f = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Math.min(cA - 1, Math.max(0, (i - (sA - 1) / 2) / sA));
    const a = Math.min(Math.floor(x), cA - 1);
    i0[i] = a;
    i1[i] = Math.min(a + 1, cA - 1);
    f[i] = x - a;
  }
  return { i0, i1, f };
}

/**
 * Chang-corrected copy of `data` (x fastest, dims [n0, n1, n2]).
 * Returns the input values unchanged (a copy) when `muPerMm` is 0 or the image is empty.
 */
export function changCorrectReference(data: Float32Array, dims: readonly [number, number, number], p: ChangParams): ChangResult {
  const [n0, n1, n2] = dims;
  const out = new Float32Array(data.length);
  const s = [0, 1, 2].map((a) => Math.max(1, Math.round(p.blockMm / p.spacing[a]!))) as [number, number, number];
  const c0 = Math.ceil(n0 / s[0]), c1 = Math.ceil(n1 / s[1]), c2 = Math.ceil(n2 / s[2]);
  const nc = c0 * c1 * c2;
  // 1. block means, then [1 2 1] smoothing along each axis
  const sum = new Float64Array(nc), cnt = new Float64Array(nc);
  const blockOfI = new Int32Array(n0);
  for (let i = 0; i < n0; i++) blockOfI[i] = Math.floor(i / s[0]);
  const s1 = s[1], s2 = s[2];
  for (let k = 0; k < n2; k++) {
    const ck = Math.floor(k / s2);
    for (let j = 0; j < n1; j++) {
      const row = n0 * (j + n1 * k), crow = c0 * (Math.floor(j / s1) + c1 * ck);
      for (let i = 0; i < n0; i++) {
        const v = data[row + i]!;
        if (v > 0) sum[crow + blockOfI[i]!] = sum[crow + blockOfI[i]!]! + v;
      }
    }
  }
  // voxels per block (the last block along an axis may be short)
  for (let ck = 0; ck < c2; ck++) for (let cj = 0; cj < c1; cj++) for (let ci = 0; ci < c0; ci++) {
    cnt[ci + c0 * (cj + c1 * ck)] = (Math.min(n0, (ci + 1) * s[0]) - ci * s[0]) * (Math.min(n1, (cj + 1) * s1) - cj * s1) * (Math.min(n2, (ck + 1) * s2) - ck * s2);
  }
  for (let q = 0; q < nc; q++) sum[q] = sum[q]! / cnt[q]!;
  const cdims = [c0, c1, c2] as const;
  const strides = [1, c0, c0 * c1] as const;
  const tmp = new Float64Array(nc);
  for (let a = 0; a < 3; a++) {
    const st = strides[a]!, na = cdims[a]!;
    for (let q = 0; q < nc; q++) {
      const idx = Math.floor(q / st) % na;
      const lo = idx > 0 ? sum[q - st]! : sum[q]!;
      const hi = idx < na - 1 ? sum[q + st]! : sum[q]!;
      tmp[q] = 0.25 * lo + 0.5 * sum[q]! + 0.25 * hi;
    }
    sum.set(tmp);
  }
  // 2. threshold at a fraction of the 99.5th percentile (histogram of 2048 bins)
  let max = 0;
  for (let q = 0; q < nc; q++) if (sum[q]! > max) max = sum[q]!;
  if (!(max > 0) || !(p.muPerMm > 0)) {
    out.set(data);
    return { data: out, headFraction: 0, minFactor: 1, meanFactor: 1, deepToMean: 1 };
  }
  const BINS = 2048;
  const hist = new Float64Array(BINS);
  let positive = 0;
  for (let q = 0; q < nc; q++) {
    const v = sum[q]!;
    if (v > 0) { hist[Math.min(BINS - 1, Math.floor((v / max) * BINS))]! += 1; positive++; }
  }
  let acc = 0, bin = BINS - 1;
  for (let b = 0; b < BINS; b++) { acc += hist[b]!; if (acc >= 0.995 * positive) { bin = b; break; } }
  const threshold = p.thresholdFraction * ((bin + 1) / BINS) * max;
  // 3. per plane: outline, holes filled, path sweeps, factor
  const ax = p.axis;
  const u = ax === 0 ? 1 : 0, w = ax === 2 ? 1 : 2;
  const cu = cdims[u]!, cw = cdims[w]!, ca = cdims[ax]!;
  const su = strides[u]!, sw = strides[w]!, sa = strides[ax]!;
  const du = s[u] * p.spacing[u]!, dw = s[w] * p.spacing[w]!;
  const weights = directionWeights(du, dw);
  const stepLen = new Float64Array(DIRS.length);
  for (let d = 0; d < DIRS.length; d++) stepLen[d] = Math.hypot(DIRS[d]![0] * du, DIRS[d]![1] * dw);
  const np = cu * cw;
  const inside = new Uint8Array(np), seen = new Uint8Array(np);
  const queue = new Int32Array(np);
  const len = new Float64Array(np), fac = new Float64Array(np); // len: exp(-mu L) along the current direction
  const factor = new Float32Array(nc).fill(1);
  let headCells = 0, minF = 1, sumF = 0;
  // the filled outline of every plane
  const outline = new Uint8Array(nc);
  for (let t = 0; t < ca; t++) {
    const base = t * sa;
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      inside[qu + cu * qw] = sum[base + qu * su + qw * sw]! > threshold ? 1 : 0;
    }
    // holes: flood the outside from the plane's border
    seen.fill(0);
    let head = 0, tail = 0;
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      const l = qu + cu * qw;
      if ((qu === 0 || qw === 0 || qu === cu - 1 || qw === cw - 1) && !inside[l]) { seen[l] = 1; queue[tail++] = l; }
    }
    while (head < tail) {
      const l = queue[head++]!;
      const qu = l % cu, qw = (l - qu) / cu;
      if (qu > 0 && !inside[l - 1] && !seen[l - 1]) { seen[l - 1] = 1; queue[tail++] = l - 1; }
      if (qu < cu - 1 && !inside[l + 1] && !seen[l + 1]) { seen[l + 1] = 1; queue[tail++] = l + 1; }
      if (qw > 0 && !inside[l - cu] && !seen[l - cu]) { seen[l - cu] = 1; queue[tail++] = l - cu; }
      if (qw < cw - 1 && !inside[l + cu] && !seen[l + cu]) { seen[l + cu] = 1; queue[tail++] = l + cu; }
    }
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      outline[base + qu * su + qw * sw] = seen[qu + cu * qw] ? 0 : 1;
    }
  }
  // planes extended by the outlines of the planes up to extendUpMm above them (the face lies below the frontal lobes)
  const up = Math.round(Math.max(0, p.extendUpMm) / (s[ax] * p.spacing[ax]!));
  for (let t = 0; t < ca; t++) {
    const base = t * sa;
    let any = 0;
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      const off = qu * su + qw * sw;
      let v = 0;
      for (let m = 0; m <= up && v === 0; m++) {
        const tt = t + m * p.superiorStep;
        if (tt >= 0 && tt < ca) v = outline[tt * sa + off]!;
      }
      inside[qu + cu * qw] = v;
      any += v;
    }
    if (any === 0) continue;
    fac.fill(0);
    for (let d = 0; d < DIRS.length; d++) {
      const a = DIRS[d]![0], b = DIRS[d]![1], wt = weights[d]!;
      // exp(-mu L) carried along the sweep: one step multiplies by exp(-mu |v|), the last inside voxel starts at exp(-mu |v| / 2)
      const eStep = Math.exp(-p.muPerMm * stepLen[d]!), eHalf = Math.exp(-p.muPerMm * stepLen[d]! / 2);
      // visit p + v before p: against the sign of each step
      const w0 = b > 0 ? cw - 1 : 0, wStep = b > 0 ? -1 : 1;
      const u0 = a > 0 ? cu - 1 : 0, uStep = a > 0 ? -1 : 1;
      for (let m = 0, qw = w0; m < cw; m++, qw += wStep) {
        for (let n = 0, qu = u0; n < cu; n++, qu += uStep) {
          const l = qu + cu * qw;
          if (!inside[l]) { len[l] = 1; continue; }
          const nu = qu + a, nw = qw + b;
          const nb = nu >= 0 && nu < cu && nw >= 0 && nw < cw ? nu + cu * nw : -1;
          const e = nb >= 0 && inside[nb] ? len[nb]! * eStep : eHalf;
          len[l] = e;
          fac[l] = fac[l]! + wt * e;
        }
      }
    }
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      const l = qu + cu * qw;
      if (!inside[l]) continue;
      const f = fac[l]!;
      factor[base + qu * su + qw * sw] = f;
      if (!outline[base + qu * su + qw * sw]) continue;
      headCells++;
      sumF += f;
      if (f < minF) minF = f;
    }
  }
  // depth profile: the 20th percentile of the factor over the head (256-bin histogram on [0, 1])
  const FB = 256;
  const fh = new Float64Array(FB);
  let sumAll = 0;
  for (let q = 0; q < nc; q++) {
    if (!outline[q]) continue;
    fh[Math.min(FB - 1, Math.floor(factor[q]! * FB))]! += 1;
    sumAll += sum[q]!;
  }
  let fq = 1, facc = 0;
  for (let b = 0; b < FB; b++) { facc += fh[b]!; if (facc >= 0.2 * headCells) { fq = (b + 1) / FB; break; } }
  let sumDeep = 0, nDeep = 0;
  for (let q = 0; q < nc; q++) if (outline[q] && factor[q]! < fq) { sumDeep += sum[q]!; nDeep++; }
  const deepToMean = nDeep > 0 && sumAll > 0 ? sumDeep / nDeep / (sumAll / headCells) : 1;
  // 4. trilinear factor at every voxel (block centres at b * s + (s - 1) / 2)
  const X = interpAxis(n0, s[0], c0), Y = interpAxis(n1, s[1], c1), Z = interpAxis(n2, s[2], c2);
  const xi0 = X.i0, xi1 = X.i1, xf = X.f;
  for (let k = 0; k < n2; k++) {
    const k0 = Z.i0[k]!, k1 = Z.i1[k]!, fz = Z.f[k]!;
    for (let j = 0; j < n1; j++) {
      const j0 = Y.i0[j]!, j1 = Y.i1[j]!, fy = Y.f[j]!;
      const b00 = c0 * (j0 + c1 * k0), b10 = c0 * (j1 + c1 * k0), b01 = c0 * (j0 + c1 * k1), b11 = c0 * (j1 + c1 * k1);
      const row = n0 * (j + n1 * k);
      for (let i = 0; i < n0; i++) {
        const a0 = xi0[i]!, a1 = xi1[i]!, tx = xf[i]!;
        const e00 = factor[b00 + a0]! + tx * (factor[b00 + a1]! - factor[b00 + a0]!);
        const e10 = factor[b10 + a0]! + tx * (factor[b10 + a1]! - factor[b10 + a0]!);
        const e01 = factor[b01 + a0]! + tx * (factor[b01 + a1]! - factor[b01 + a0]!);
        const e11 = factor[b11 + a0]! + tx * (factor[b11 + a1]! - factor[b11 + a0]!);
        const e0 = e00 + fy * (e10 - e00), e1 = e01 + fy * (e11 - e01);
        out[row + i] = data[row + i]! / (e0 + fz * (e1 - e0));
      }
    }
  }
  return { data: out, headFraction: headCells / nc, minFactor: minF, meanFactor: headCells ? sumF / headCells : 1, deepToMean };
}
