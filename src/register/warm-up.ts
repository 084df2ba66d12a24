/**
 * JIT warm-up of the two per-point passes of the registration (time only,
 * never results).
 */
import { costPass, type FixedPoints, type MovingImage, type PassResult } from './metric.js';
import { ACC_SIZE, fullPass } from './normal-equations.js';

let warmedUp = false;

/**
 * Run `fullPass` and `costPass` a few hundred times on a tiny synthetic problem (64 points on a
 * 5^3 grid, inside and outside points, plain and Tukey weights), once per process
 * or worker. This is about time only: the pass has 101 live sums, and until V8
 * has compiled it, it runs in the interpreter at about a hundredth of its speed;
 * without this the first two real passes of a process paid for that (about
 * 170 ms on 16 000 points), with it about 20-50 ms on dummy data. Results never
 * depend on it (its own buffers, nothing kept).
 */
export function warmUpPasses(): void {
  if (warmedUp) return;
  warmedUp = true;
  const n = 64;
  const xyz = new Float64Array(3 * n), f = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    xyz[3 * p] = (p % 4) * 1.3 - 0.5;
    xyz[3 * p + 1] = ((p >> 2) % 4) * 1.2;
    xyz[3 * p + 2] = (p >> 4) * 1.1;
    f[p] = ((p * 7) % 11) / 5;
  }
  const fx: FixedPoints = { n, xyz, f, sumF: 0, sumFF: 0 };
  const d = new Float32Array(125), mg = new Float32Array(500);
  for (let i = 0; i < 125; i++) {
    d[i] = ((i * 37) % 11) / 11;
    mg[4 * i] = d[i]!;
    mg[4 * i + 1] = ((i * 13) % 7) / 7 - 0.5;
    mg[4 * i + 2] = ((i * 5) % 3) / 3 - 0.3;
    mg[4 * i + 3] = ((i * 11) % 5) / 5 - 0.4;
  }
  const V = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  const mv: MovingImage = { data: d, mg, dims: [5, 5, 5], worldToVox: V };
  const K = new Float64Array([1, 0, 0, 0.3, 0, 1, 0, 0.2, 0, 0, 1, 0.1]);
  const acc = new Float64Array(ACC_SIZE);
  const out: PassResult = { sse: 0, ncc: 0, inside: 0, n: 0, sf: 0, sff: 0, sm: 0, smm: 0, sfm: 0 };
  for (let i = 0; i < 300; i++) {
    const tc = i % 2 === 0 ? 0.4 : Infinity;
    fullPass(fx, mv, K, 1 + (i % 3) * 0.1, 0, tc, acc, out);
    costPass(fx, mv, K, 1 + (i % 3) * 0.1, 0, tc, out);
  }
}
