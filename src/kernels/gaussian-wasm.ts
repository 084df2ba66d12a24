/**
 * The WebAssembly build of the Gaussian line convolutions (wasm/gaussian-lines.as.ts, shipped
 * compiled in wasm/gaussian-lines-module.ts). WebAssembly runs at close to its full speed from the
 * first call, where the JavaScript kernel runs unoptimised until V8 has compiled it: in a new
 * process the blur of the 2 mm template takes about a third of the JavaScript kernel's time
 * (docs/benchmarks.md, session 26). Same Float64 operations in the same order, so the same bits
 * (test/kernels/gaussian-lines.test.ts runs the reference comparisons on both paths).
 *
 * Used when the runtime has WebAssembly with SIMD (Node >= 16.4, current browsers) and the
 * volume fits a bounded memory; otherwise `blurAxesWasm` returns false and the JavaScript kernel
 * runs. The module is compiled once, on first use; its memory grows to the largest volume
 * blurred (at most MAX_BYTES) and is kept for the next call.
 */
import { decodeBase64 } from './base64.js';
import { inBoundsWeights } from './gaussian-lines.js';
import { GAUSSIAN_LINES_WASM } from './wasm/gaussian-lines-module.js';

/** Largest memory the module may use: a 512^3 Float32 volume and its buffers. */
const MAX_BYTES = 2 ** 29 + 2 ** 20;
const PAGE = 65536;

interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly blurAxis: (...args: number[]) => void;
}

let enabled = true;
let state: Kernel | null | undefined; // undefined: not tried yet; null: unavailable

/** Switch the WebAssembly path off (false) or on again; for tests and measurements. Returns the previous setting. */
export function setWasmBlur(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}

function load(): Kernel | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = decodeBase64(GAUSSIAN_LINES_WASM);
    if (!bytes || !WebAssembly.validate(bytes)) return null; // no SIMD
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const blurAxis = instance.exports.blurAxis;
    if (typeof blurAxis !== 'function') return null;
    return { memory, blurAxis: blurAxis as (...args: number[]) => void };
  } catch {
    return null;
  }
}

/**
 * Blur `a` (dims, x fastest) in place along each axis whose kernel is given, in the order x, y, z,
 * as gaussianSmooth3d's JavaScript loops. Returns false (and leaves `a` untouched) when the
 * WebAssembly path is off or unavailable or the volume is too large for it.
 */
export function blurAxesWasm(a: Float32Array, dims: readonly [number, number, number], kernels: readonly (Float64Array | null)[]): boolean {
  if (!enabled) return false;
  if (state === undefined) state = load();
  if (state === null) return false;
  const [nx, ny, nz] = dims;
  const maxLen = Math.max(nx, ny, nz);
  let taps = 1;
  for (const k of kernels) if (k) taps = Math.max(taps, k.length);
  // layout: the first page unused, then a (f32), line, ws and kernel (f64, 8-byte aligned)
  const aPtr = PAGE;
  const linePtr = aPtr + Math.ceil((a.length * 4) / 8) * 8;
  const wsPtr = linePtr + maxLen * 8 + 16; // the SIMD loads may read 16 bytes past a line's last tap
  const kPtr = wsPtr + maxLen * 8;
  const need = kPtr + taps * 8;
  if (need > MAX_BYTES) return false;
  const mem = state.memory;
  if (mem.buffer.byteLength < need) {
    try {
      mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
    } catch {
      return false;
    }
  }
  new Float32Array(mem.buffer, aPtr, a.length).set(a);
  const axes: readonly [number, number, number, number, number, number][] = [
    [nx, 1, ny * nz, nx, 1, 0], // lines along i, one per (j, k)
    [ny, nx, nz, nx * ny, nx, 1], // lines along j, starts i + nx*ny*k
    [nz, nx * ny, 1, 0, nx * ny, 1], // lines along k, starts i + nx*j
  ];
  for (let ax = 0; ax < 3; ax++) {
    const k = kernels[ax];
    if (!k) continue;
    const [len, stride, oc, os, ic, is] = axes[ax]!;
    new Float64Array(mem.buffer, wsPtr, len).set(inBoundsWeights(k, len));
    new Float64Array(mem.buffer, kPtr, k.length).set(k);
    state.blurAxis(aPtr, linePtr, kPtr, k.length, wsPtr, len, stride, oc, os, ic, is);
  }
  a.set(new Float32Array(mem.buffer, aPtr, a.length));
  return true;
}
