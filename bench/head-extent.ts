/**
 * The simulator's attenuating head of source (b) (the FSL MNI atlas brain, closed and grown by
 * SKIN_MM, with the hand-made face and neck of src/simulate/attenuation.ts) against the avg152T1
 * head of bench/t1-head.ts: their overlap (Dice) on the template grid and, every 10 mm in z, the
 * extent in y and the largest abs(x) of each head and of the brain, MNI mm. docs/validation.md
 * ("The check with a head the models were not built from") quotes the output. Needs ../shared/data.
 *
 *   npx tsx bench/head-extent.ts
 */
import { resolve } from 'node:path';
import { muMap, prepareSource } from '../src/simulate/index.js';
import { changBenchSources } from './chang-bench.js';

const sources = changBenchSources(resolve(import.meta.dirname, '../../shared/data'));
const withHead = sources.find(([name]) => name.includes('avg152T1'));
const plain = sources.find(([name]) => name.startsWith('b ('));
if (!withHead || !plain) {
  console.error('../shared/data (SPM12 templates, FSL atlas) not found');
  process.exit(2);
}
const t1 = prepareSource(withHead[1]);
const sim = prepareSource(plain[1]);
const simHead = muMap(sim, 0.13);
const t1Mask = t1.head!;
let a = 0,
  b = 0,
  ab = 0;
for (let p = 0; p < t1Mask.length; p++) {
  const x = t1Mask[p]!,
    y = simHead[p]! > 0 ? 1 : 0;
  a += x;
  b += y;
  ab += x & y;
}
console.log(`Dice (avg152T1 head, simulator's head) on the ${t1.activity.dims.join(' x ')} grid: ${((2 * ab) / (a + b)).toFixed(3)}`);
const [nx, ny, nz] = t1.activity.dims;
const A = t1.activity.affine;
function extent(inside: (p: number) => boolean, k: number): string {
  let ymin = Infinity,
    ymax = -Infinity,
    xmax = -Infinity;
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      if (!inside(i + nx * (j + ny * k))) continue;
      const x = A[0]! * i + A[3]!,
        y = A[5]! * j + A[7]!;
      ymin = Math.min(ymin, y);
      ymax = Math.max(ymax, y);
      xmax = Math.max(xmax, Math.abs(x));
    }
  return ymin === Infinity ? '-' : `${ymin}..${ymax}, ${xmax}`;
}
console.log("| plane z | avg152T1 head: y, abs(x) | simulator's head: y, abs(x) | FSL atlas brain: y, abs(x) |");
console.log('|---|---|---|---|');
for (let k = 0; k < nz; k += 5) {
  const z = A[10]! * k + A[11]!;
  console.log(
    `| ${z} | ${extent((p) => t1Mask[p] === 1, k)} | ${extent((p) => simHead[p]! > 0, k)} | ${extent((p) => sim.brain[p] === 1, k)} |`,
  );
}
