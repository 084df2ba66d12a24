/**
 * AssemblyScript source of the WebAssembly build of the Gaussian line convolutions
 * (src/kernels/gaussian-lines.ts): the same loops, the same Float64 operations in the same
 * order, so the same bits; the four interior sums are two f64x2 lanes pairs (each lane is one
 * of the four independent sums of the JavaScript kernel). Compiled by scripts/gen-wasm.ts
 * into gaussian-lines-module.ts (`npm run gen:wasm`); test/kernels/wasm-module.test.ts checks
 * that the shipped module is a fresh compile of this file. Not part of the TypeScript project
 * (tsconfig.json excludes *.as.ts): `usize`, `f64x2`, `load` and `store` are AssemblyScript's.
 *
 * Memory (imported; the caller lays it out): a (f32, the volume), line (f64, one line),
 * kernel (f64, taps), ws (f64, the in-bounds weight of each position of a line).
 */

function ld32(p: usize, i: i32): f64 {
  return <f64>load<f32>(p + ((<usize>i) << 2));
}
function st32(p: usize, i: i32, v: f64): void {
  store<f32>(p + ((<usize>i) << 2), <f32>v);
}
function ld64(p: usize, i: i32): f64 {
  return load<f64>(p + ((<usize>i) << 3));
}

/** The sum of one output over its in-bounds taps, in the kernel's order. */
function edgeOutput(line: usize, kernel: usize, r: i32, len: i32, p: i32): f64 {
  const t0 = p - r < 0 ? r - p : 0;
  const t1 = p + r >= len ? r + (len - 1 - p) : 2 * r;
  let s: f64 = 0;
  for (let t = t0; t <= t1; t++) s += ld64(kernel, t) * ld64(line, p + t - r);
  return s;
}

/** Blur the line of `a` at `start` (step `stride`, `len` voxels) in place. */
function blurLine(a: usize, line: usize, kernel: usize, taps: i32, ws: usize, len: i32, start: i32, stride: i32): void {
  const r = (taps - 1) >> 1;
  let first = -1,
    last = -1;
  for (let p = 0, idx = start; p < len; p++, idx += stride) {
    const v = ld32(a, idx);
    store<f64>(line + ((<usize>p) << 3), v);
    if (v != 0) {
      if (first < 0) first = p;
      last = p;
    }
  }
  if (first < 0) {
    for (let p = 0, idx = start; p < len; p++, idx += stride) st32(a, idx, 0);
    return;
  }
  const p0 = max(0, first - r),
    p1 = min(len - 1, last + r);
  for (let p = 0, idx = start; p < p0; p++, idx += stride) st32(a, idx, 0);
  for (let p = p1 + 1, idx = start + (p1 + 1) * stride; p < len; p++, idx += stride) st32(a, idx, 0);
  const i0 = max(p0, r),
    i1 = min(p1, len - 1 - r);
  let p = p0;
  for (; p < i0 && p <= p1; p++) st32(a, start + p * stride, edgeOutput(line, kernel, r, len, p) / ld64(ws, p));
  for (; p + 3 <= i1; p += 4) {
    let s01 = f64x2.splat(0),
      s23 = f64x2.splat(0);
    const b = p - r;
    for (let t = 0; t < taps; t++) {
      const w = f64x2.splat(ld64(kernel, t));
      const q = line + ((<usize>(b + t)) << 3);
      s01 = f64x2.add(s01, f64x2.mul(w, v128.load(q)));
      s23 = f64x2.add(s23, f64x2.mul(w, v128.load(q, 16)));
    }
    const idx = start + p * stride;
    st32(a, idx, f64x2.extract_lane(s01, 0) / ld64(ws, p));
    st32(a, idx + stride, f64x2.extract_lane(s01, 1) / ld64(ws, p + 1));
    st32(a, idx + 2 * stride, f64x2.extract_lane(s23, 0) / ld64(ws, p + 2));
    st32(a, idx + 3 * stride, f64x2.extract_lane(s23, 1) / ld64(ws, p + 3));
  }
  for (; p <= p1; p++) st32(a, start + p * stride, edgeOutput(line, kernel, r, len, p) / ld64(ws, p));
}

/** Every line of one axis (as blurAxis of gaussian-lines.ts). */
export function blurAxis(
  a: usize,
  line: usize,
  kernel: usize,
  taps: i32,
  ws: usize,
  len: i32,
  stride: i32,
  outerCount: i32,
  outerStride: i32,
  innerCount: i32,
  innerStride: i32,
): void {
  for (let o = 0; o < outerCount; o++)
    for (let q = 0; q < innerCount; q++) blurLine(a, line, kernel, taps, ws, len, o * outerStride + q * innerStride, stride);
}
