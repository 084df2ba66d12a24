/**
 * The line convolutions of `gaussianSmooth3d` (gaussian.ts). Every output voxel is the
 * Float64 sum over the in-bounds taps in the kernel's order, divided by the in-bounds
 * kernel weight (the renormalisation at the edges); the work is scheduled for speed:
 * - the in-bounds weight of each position of a line is summed once per axis, not once per
 *   voxel (the same loop, so the same number);
 * - four interior outputs are accumulated side by side (four independent sums, so the
 *   processor overlaps them; each sum keeps its own order);
 * - outputs whose whole window is zero are written as 0 without the sum (a sum of +0 terms
 *   is +0, the value the loop gives), and so are all-zero lines.
 * test/kernels/gaussian-lines.test.ts compares the bits with a plain per-voxel loop
 * (test/helpers/gaussian-reference.ts) on templates and hostile inputs.
 */

/** In-bounds kernel weight of each position of a line of `len`, summed in the kernel's order. */
export function inBoundsWeights(kernel: Float64Array, len: number): Float64Array {
  const r = (kernel.length - 1) >> 1;
  const ws = new Float64Array(len);
  for (let p = 0; p < len; p++) {
    const t0 = p - r < 0 ? r - p : 0;
    const t1 = p + r >= len ? r + (len - 1 - p) : 2 * r;
    let w = 0;
    for (let t = t0; t <= t1; t++) w += kernel[t]!;
    ws[p] = w;
  }
  return ws;
}

export function blurAxis(
  a: Float32Array,
  line: Float64Array,
  kernel: Float64Array,
  len: number,
  stride: number,
  outerCount: number,
  outerStride: number,
  innerCount: number,
  innerStride: number,
): void {
  const ws = inBoundsWeights(kernel, len);
  // one call per line: a small function that the compiler optimises after a few lines (a cold process runs it once)
  for (let o = 0; o < outerCount; o++) {
    for (let q = 0; q < innerCount; q++) blurLine(a, line, kernel, ws, len, o * outerStride + q * innerStride, stride);
  }
}

/** Blur the line of `a` at `start` (step `stride`, `len` voxels) in place. */
function blurLine(
  a: Float32Array,
  line: Float64Array,
  kernel: Float64Array,
  ws: Float64Array,
  len: number,
  start: number,
  stride: number,
): void {
  const r = (kernel.length - 1) >> 1,
    taps = 2 * r + 1;
  let first = -1,
    last = -1;
  for (let p = 0, idx = start; p < len; p++, idx += stride) {
    const v = a[idx]!;
    line[p] = v;
    if (v !== 0) {
      if (first < 0) first = p;
      last = p;
    }
  }
  if (first < 0) {
    for (let p = 0, idx = start; p < len; p++, idx += stride) a[idx] = 0;
    return;
  }
  // outputs with a non-zero tap: p in [first - r, last + r]; the rest are 0
  const p0 = Math.max(0, first - r),
    p1 = Math.min(len - 1, last + r);
  for (let p = 0, idx = start; p < p0; p++, idx += stride) a[idx] = 0;
  for (let p = p1 + 1, idx = start + (p1 + 1) * stride; p < len; p++, idx += stride) a[idx] = 0;
  // interior outputs (every tap in bounds): p in [r, len - 1 - r], four at a time
  const i0 = Math.max(p0, r),
    i1 = Math.min(p1, len - 1 - r);
  let p = p0;
  for (; p < i0 && p <= p1; p++) a[start + p * stride] = edgeOutput(line, kernel, r, len, p) / ws[p]!;
  for (; p + 3 <= i1; p += 4) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    const b = p - r;
    for (let t = 0; t < taps; t++) {
      const w = kernel[t]!;
      s0 += w * line[b + t]!;
      s1 += w * line[b + t + 1]!;
      s2 += w * line[b + t + 2]!;
      s3 += w * line[b + t + 3]!;
    }
    const idx = start + p * stride;
    a[idx] = s0 / ws[p]!;
    a[idx + stride] = s1 / ws[p + 1]!;
    a[idx + 2 * stride] = s2 / ws[p + 2]!;
    a[idx + 3 * stride] = s3 / ws[p + 3]!;
  }
  for (; p <= p1; p++) a[start + p * stride] = edgeOutput(line, kernel, r, len, p) / ws[p]!;
}

/** The sum of one output over its in-bounds taps, in the kernel's order (as gaussianSmooth3d). */
function edgeOutput(line: Float64Array, kernel: Float64Array, r: number, len: number, p: number): number {
  const t0 = p - r < 0 ? r - p : 0;
  const t1 = p + r >= len ? r + (len - 1 - p) : 2 * r;
  let s = 0;
  for (let t = t0; t <= t1; t++) s += kernel[t]! * line[p + t - r]!;
  return s;
}
