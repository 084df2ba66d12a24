/**
 * `npx tsx bench/trilinear-call.ts`: the cost of calling the one trilinear kernel
 * (`trilinearAt`, src/kernels/trilinear.ts) against a hand-inlined copy of its interior path, on
 * 4,000,000 points over the 91 x 109 x 91 grid of the 2 mm atlas (most of them interior). CPU ms
 * per round (process.cpuUsage), six rounds alternating, the first ones include JIT warm-up; both
 * sums must be equal (the kernel gives the same values). Run once, on a quiet machine if possible.
 */
import { trilinearAt } from '../src/kernels/trilinear.js';

const nx = 91,
  ny = 109,
  nz = 91,
  sxy = nx * ny;
const data = new Float32Array(nx * ny * nz);
for (let i = 0; i < data.length; i++) data[i] = ((i * 2654435761) % 1000) / 1000;
const N = 4_000_000;
const pts = new Float64Array(3 * N);
for (let p = 0; p < N; p++) {
  pts[3 * p] = ((p * 7919) % 8900) / 100;
  pts[3 * p + 1] = ((p * 104729) % 10700) / 100;
  pts[3 * p + 2] = ((p * 1299709) % 8900) / 100;
}

function inlined(): number {
  let s = 0;
  for (let p = 0; p < N; p++) {
    const x = pts[3 * p]!,
      y = pts[3 * p + 1]!,
      z = pts[3 * p + 2]!;
    if (x >= 0 && y >= 0 && z >= 0 && x < nx - 1 && y < ny - 1 && z < nz - 1) {
      const i = Math.floor(x),
        j = Math.floor(y),
        k = Math.floor(z);
      const fx = x - i,
        fy = y - j,
        fz = z - k,
        b = i + nx * j + sxy * k;
      const c00 = data[b]! + (data[b + 1]! - data[b]!) * fx;
      const c10 = data[b + nx]! + (data[b + nx + 1]! - data[b + nx]!) * fx;
      const c01 = data[b + sxy]! + (data[b + sxy + 1]! - data[b + sxy]!) * fx;
      const c11 = data[b + sxy + nx]! + (data[b + sxy + nx + 1]! - data[b + sxy + nx]!) * fx;
      const c0 = c00 + (c10 - c00) * fy,
        c1 = c01 + (c11 - c01) * fy;
      s += c0 + (c1 - c0) * fz;
    } else s += trilinearAt(data, nx, ny, nz, x, y, z, 0);
  }
  return s;
}

function called(): number {
  let s = 0;
  for (let p = 0; p < N; p++) s += trilinearAt(data, nx, ny, nz, pts[3 * p]!, pts[3 * p + 1]!, pts[3 * p + 2]!, 0);
  return s;
}

function cpuMs(f: () => number): [number, number] {
  const a = process.cpuUsage();
  const v = f();
  const b = process.cpuUsage(a);
  return [(b.user + b.system) / 1000, v];
}

for (let r = 0; r < 6; r++) {
  const [ti, si] = cpuMs(inlined),
    [tc, sc] = cpuMs(called);
  console.log(`round ${r + 1}: hand-inlined ${ti.toFixed(0)} ms, trilinearAt ${tc.toFixed(0)} ms, same sum ${si === sc}`);
}
