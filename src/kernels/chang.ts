/**
 * First-order Chang attenuation correction (Chang LT, "A method for attenuation
 * correction in radionuclide computed tomography", IEEE Trans Nucl Sci
 * 1978;25:638-643) of a reconstructed volume, with a uniform attenuation
 * coefficient inside a head outline found from the image itself.
 *
 * In every plane perpendicular to the scanner's rotation axis, the factor of a
 * point p inside the outline is
 *     F(p) = sum_d w_d exp(-mu L_d(p)),
 * the mean over projection directions d (weights = their share of the circle)
 * of the attenuation along the path L_d(p) from p to the outline; the
 * corrected value is value / F(p).
 *
 * Steps (all loops bounded by the grid, no allocation inside them, Float64
 * accumulators, deterministic):
 *  1. a coarse grid of blocks about `blockMm` wide (block means), smoothed by
 *     [1 2 1] / 4 along each axis: noise at 0.5-4 million counts would
 *     otherwise make a ragged outline;
 *  2. the outline: coarse voxels above `thresholdFraction` of the 99.5th
 *     percentile of the positive coarse values, holes filled in each plane
 *     (what is not connected to the plane's border through outside voxels),
 *     then each plane's outline joined with those of the planes up to
 *     `extendUpMm` above it: below the frontal lobes the head goes on into the
 *     face, which has no uptake, so an emission outline alone misses it;
 *  3. path lengths by one recursive sweep per lattice direction, 16 directions
 *     (0, +-1, +-2 steps): L(p) = L(p + v) + |v| while p + v is inside, |v| / 2
 *     at the last inside voxel (the outline lies half a step out), carried as
 *     exp(-mu L) so that the sweep multiplies instead of calling exp;
 *  4. F on the coarse grid (1 outside the outline), trilinear to the full grid.
 *
 * Every loop nest is a small function of its own (here and in chang-grid.ts) so that a cold
 * process optimises each on first use (docs/benchmarks.md, "Cold paths (session 20, S2)").
 */
import { blockMeans, divideByFactor, maskBlocks, outlineThreshold, smoothAxis121 } from './chang-grid.js';

/** The 16 lattice directions (steps along the two in-plane axes). */
const DIRS: readonly (readonly [number, number])[] = [
  [1, 0], [2, 1], [1, 1], [1, 2], [0, 1], [-1, 2], [-1, 1], [-2, 1],
  [-1, 0], [-2, -1], [-1, -1], [-1, -2], [0, -1], [1, -2], [1, -1], [2, -1],
];

export interface ChangParams {
  /** Linear attenuation coefficient, 1/mm. */
  readonly muPerMm: number;
  /** Voxel size along the grid axes, mm. */
  readonly spacing: readonly [number, number, number];
  /** Grid axis along the scanner's rotation axis (planes perpendicular to it are corrected). */
  readonly axis: 0 | 1 | 2;
  /** Outline threshold as a fraction of the 99.5th percentile of the smoothed image (e.g. 0.15). */
  readonly thresholdFraction: number;
  /** Width of the coarse blocks, mm (e.g. 6). */
  readonly blockMm: number;
  /** Each plane's outline is the union of the outlines of the planes up to this far above it, mm (0 = its own). */
  readonly extendUpMm: number;
  /** +1 when the superior direction is increasing plane index along `axis`, else -1. */
  readonly superiorStep: 1 | -1;
  /**
   * The head, when it is known from elsewhere (1 inside, same grid as the data: a CT's body
   * outline, or a simulation's truth): replaces the outline found from the image (a coarse block
   * is inside when more than half its voxels are; `headFraction` 0 when none is). Any non-zero
   * value is inside. `thresholdFraction` then still sets which images count as empty.
   */
  readonly headMask?: Uint8Array;
}

export interface ChangResult {
  /** Corrected volume (same grid). */
  readonly data: Float32Array;
  /** Fraction of the grid inside the head outline. */
  readonly headFraction: number;
  /** Smallest factor F inside the outline (largest correction is 1 / minFactor). */
  readonly minFactor: number;
  /** Mean factor inside the outline. */
  readonly meanFactor: number;
  /**
   * Depth profile of the image: mean (smoothed) value of the deepest fifth of the head (the
   * cells of the lowest factors) over the mean of the whole head. A study without attenuation
   * correction is darker in the middle; docs/method.md gives the measured values.
   */
  readonly deepToMean: number;
}

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

/** A plane of the coarse grid: in-plane axes u, w and the plane axis, with their sizes and strides. */
interface Planes {
  readonly cu: number; readonly cw: number; readonly ca: number;
  readonly su: number; readonly sw: number; readonly sa: number;
}

/** Head outline of every plane: coarse voxels above `threshold`, holes filled (what the plane's border does not reach through outside voxels). */
function planeOutlines(sum: Float64Array, threshold: number, g: Planes): Uint8Array {
  const { cu, cw, ca, su, sw, sa } = g;
  const np = cu * cw;
  const inside = new Uint8Array(np), seen = new Uint8Array(np), queue = new Int32Array(np);
  const outline = new Uint8Array(sum.length);
  for (let t = 0; t < ca; t++) {
    const base = t * sa;
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      inside[qu + cu * qw] = sum[base + qu * su + qw * sw]! > threshold ? 1 : 0;
    }
    floodOutside(inside, seen, queue, cu, cw);
    for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
      outline[base + qu * su + qw * sw] = seen[qu + cu * qw] ? 0 : 1;
    }
  }
  return outline;
}

/** seen = the outside voxels of a cu x cw plane connected (4-neighbours) to its border. */
function floodOutside(inside: Uint8Array, seen: Uint8Array, queue: Int32Array, cu: number, cw: number): void {
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
}

/** inside = plane t's outline joined with those of the `up` planes above it (step `sup`); the number of inside voxels. */
function extendedPlane(outline: Uint8Array, inside: Uint8Array, t: number, up: number, sup: number, g: Planes): number {
  const { cu, cw, ca, su, sw, sa } = g;
  let any = 0;
  for (let qw = 0; qw < cw; qw++) for (let qu = 0; qu < cu; qu++) {
    const off = qu * su + qw * sw;
    let v = 0;
    for (let m = 0; m <= up && v === 0; m++) {
      const tt = t + m * sup;
      if (tt >= 0 && tt < ca) v = outline[tt * sa + off]!;
    }
    inside[qu + cu * qw] = v;
    any += v;
  }
  return any;
}

/**
 * fac += wt * exp(-mu L) along lattice direction (a, b) at every inside voxel of a plane: one step multiplies
 * by eStep = exp(-mu |v|), the last inside voxel starts at eHalf = exp(-mu |v| / 2); p + v is visited before p.
 */
function sweep(inside: Uint8Array, len: Float64Array, fac: Float64Array, cu: number, cw: number, a: number, b: number, wt: number, eStep: number, eHalf: number): void {
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

/** The factor F of every coarse voxel (1 outside the outlines) and its count, sum and minimum over the head. */
function planeFactors(outline: Uint8Array, p: ChangParams, s: readonly [number, number, number], g: Planes): { factor: Float32Array; headCells: number; sumF: number; minF: number } {
  const ax = p.axis;
  const u = ax === 0 ? 1 : 0, w = ax === 2 ? 1 : 2;
  const du = s[u] * p.spacing[u]!, dw = s[w] * p.spacing[w]!;
  const weights = directionWeights(du, dw);
  const eStep = new Float64Array(DIRS.length), eHalf = new Float64Array(DIRS.length);
  for (let d = 0; d < DIRS.length; d++) {
    const stepLen = Math.hypot(DIRS[d]![0] * du, DIRS[d]![1] * dw);
    eStep[d] = Math.exp(-p.muPerMm * stepLen);
    eHalf[d] = Math.exp(-p.muPerMm * stepLen / 2);
  }
  const { cu, cw, ca, su, sw, sa } = g;
  const np = cu * cw;
  const inside = new Uint8Array(np), len = new Float64Array(np), fac = new Float64Array(np); // len: exp(-mu L) along the current direction
  const factor = new Float32Array(outline.length).fill(1);
  let headCells = 0, minF = 1, sumF = 0;
  const up = Math.round(Math.max(0, p.extendUpMm) / (s[ax] * p.spacing[ax]!));
  for (let t = 0; t < ca; t++) {
    if (extendedPlane(outline, inside, t, up, p.superiorStep, g) === 0) continue;
    fac.fill(0);
    for (let d = 0; d < DIRS.length; d++) sweep(inside, len, fac, cu, cw, DIRS[d]![0], DIRS[d]![1], weights[d]!, eStep[d]!, eHalf[d]!);
    const base = t * sa;
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
  return { factor, headCells, sumF, minF };
}

/** Mean smoothed value of the deepest fifth of the head (factor below its 20th percentile, 256-bin histogram on [0, 1]) over the head's mean. */
function depthProfile(sum: Float64Array, outline: Uint8Array, factor: Float32Array, headCells: number): number {
  const FB = 256;
  const fh = new Float64Array(FB);
  const sumAll = factorHistogram(sum, outline, factor, fh);
  let fq = 1, facc = 0;
  for (let b = 0; b < FB; b++) { facc += fh[b]!; if (facc >= 0.2 * headCells) { fq = (b + 1) / FB; break; } }
  const deep = new Float64Array(2);
  deepSum(sum, outline, factor, fq, deep);
  const sumDeep = deep[0]!, nDeep = deep[1]!;
  return nDeep > 0 && sumAll > 0 ? sumDeep / nDeep / (sumAll / headCells) : 1;
}

/** Histogram of the factor over the head (fh.length bins on [0, 1]); the sum of the smoothed values over the head. */
function factorHistogram(sum: Float64Array, outline: Uint8Array, factor: Float32Array, fh: Float64Array): number {
  const FB = fh.length;
  let sumAll = 0;
  for (let q = 0; q < sum.length; q++) {
    if (!outline[q]) continue;
    fh[Math.min(FB - 1, Math.floor(factor[q]! * FB))]! += 1;
    sumAll += sum[q]!;
  }
  return sumAll;
}

/** out = [sum, count] of the smoothed values of the head cells whose factor is below fq. */
function deepSum(sum: Float64Array, outline: Uint8Array, factor: Float32Array, fq: number, out: Float64Array): void {
  let sumDeep = 0, nDeep = 0;
  for (let q = 0; q < sum.length; q++) if (outline[q] && factor[q]! < fq) { sumDeep += sum[q]!; nDeep++; }
  out[0] = sumDeep; out[1] = nDeep;
}

/**
 * Chang-corrected copy of `data` (x fastest, dims [n0, n1, n2]).
 * Returns the input values unchanged (a copy) when `muPerMm` is 0 or the image is empty.
 * @throws RangeError (a `headMask` of another size than the grid)
 */
export function changCorrect(data: Float32Array, dims: readonly [number, number, number], p: ChangParams): ChangResult {
  const [n0, n1, n2] = dims;
  if (p.headMask && p.headMask.length !== n0 * n1 * n2) throw new RangeError(`headMask has ${p.headMask.length} values, dims need ${n0 * n1 * n2}`);
  const out = new Float32Array(data.length);
  const s = [0, 1, 2].map((a) => Math.max(1, Math.round(p.blockMm / p.spacing[a]!))) as [number, number, number];
  const c: [number, number, number] = [Math.ceil(n0 / s[0]), Math.ceil(n1 / s[1]), Math.ceil(n2 / s[2])];
  const nc = c[0] * c[1] * c[2];
  // 1. block means, then [1 2 1] smoothing along each axis
  const sum = blockMeans(data, n0, n1, n2, s[0], s[1], s[2], c[0], c[1], c[2]);
  const strides = [1, c[0], c[0] * c[1]] as const;
  const tmp = new Float64Array(nc);
  for (let a = 0; a < 3; a++) { smoothAxis121(sum, tmp, strides[a]!, c[a]!); sum.set(tmp); }
  // 2. threshold at a fraction of the 99.5th percentile
  const threshold = outlineThreshold(sum, p.thresholdFraction);
  if (threshold === null || !(p.muPerMm > 0)) {
    out.set(data);
    return { data: out, headFraction: 0, minFactor: 1, meanFactor: 1, deepToMean: 1 };
  }
  // 3. per plane: outline, holes filled, path sweeps, factor
  const ax = p.axis;
  const u = ax === 0 ? 1 : 0, w = ax === 2 ? 1 : 2;
  const g: Planes = { cu: c[u]!, cw: c[w]!, ca: c[ax]!, su: strides[u]!, sw: strides[w]!, sa: strides[ax]! };
  const outline = p.headMask ? maskBlocks(p.headMask, dims, s, c) : planeOutlines(sum, threshold, g);
  const { factor, headCells, sumF, minF } = planeFactors(outline, p, s, g);
  const deepToMean = depthProfile(sum, outline, factor, headCells);
  // 4. trilinear factor at every voxel (block centres at b * s + (s - 1) / 2)
  divideByFactor(data, out, factor, dims, s, c);
  return { data: out, headFraction: headCells / nc, minFactor: minF, meanFactor: headCells ? sumF / headCells : 1, deepToMean };
}
