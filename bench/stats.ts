/**
 * Regional statistics on 128^3 with 116 labels (the size of AAL): our one-pass
 * kernel (means, plus medians/percentiles) vs the same means with ndarray-ops
 * (one masked pass per label, as ndarray users would write it) and vs a naive
 * loop over labels.
 */
import ndarray from 'ndarray';
import ops from 'ndarray-ops';
import { labelStats } from '../src/kernels/label-stats.js';
import { fmt, table, time, type Section } from './lib.js';

function data(n: number, nLabels: number) {
  const values = new Float32Array(n * n * n), labels = new Int16Array(n * n * n);
  let s = 12345;
  for (let i = 0; i < values.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    values[i] = (s >>> 8) / 65536;
    const k = Math.floor(i / (n * n)), j = Math.floor(i / n) % n;
    labels[i] = ((k >> 3) * 16 + (j >> 3)) % (nLabels + 1); // blocky regions
  }
  return { values, labels };
}

export async function benchStats(quick: boolean): Promise<Section> {
  const runs = quick ? 3 : 11;
  const rows: string[][] = [];
  const out: Record<string, number> = {};
  for (const n of quick ? [64] : [64, 128, 256]) {
    const nLabels = 116;
    // the peers take seconds per run at 128^3 and above: fewer runs there
    const peerRuns = n > 128 ? 1 : n > 64 && !quick ? 5 : runs, peerWarmup = n > 128 ? 0 : n > 64 ? 1 : 2;
    const { values, labels } = data(n, nLabels);
    const ours = await time(() => labelStats(values, labels, nLabels + 1), runs);
    const oursQ = await time(() => labelStats(values, labels, nLabels + 1, { quantiles: [0.1, 0.5, 0.9] }), runs);
    const naive = await time(() => {
      const means = new Float64Array(nLabels + 1);
      for (let l = 1; l <= nLabels; l++) {
        let s = 0, c = 0;
        for (let i = 0; i < values.length; i++) if (labels[i] === l) { s += values[i]!; c++; }
        means[l] = s / c;
      }
      return means;
    }, peerRuns, peerWarmup);
    const nd = await time(() => {
      const v = ndarray(values), lab = ndarray(labels);
      const mask = ndarray(new Float32Array(values.length)), prod = ndarray(new Float32Array(values.length));
      const means = new Float64Array(nLabels + 1);
      for (let l = 1; l <= nLabels; l++) {
        ops.eqs(mask, lab, l);
        ops.mul(prod, mask, v);
        means[l] = ops.sum(prod) / ops.sum(mask);
      }
      return means;
    }, peerRuns, peerWarmup);
    out[`stats${n}Ms`] = ours.median;
    rows.push([`${n}^3, ${nLabels} labels`, fmt(ours), fmt(oursQ), fmt(nd), fmt(naive), `${(nd.median / ours.median).toFixed(0)}x / ${(naive.median / ours.median).toFixed(0)}x`]);
  }
  const md = table(['volume', 'ours: means (one pass)', 'ours: + median, p10, p90', 'ndarray-ops (per label)', 'naive loop per label', 'speed-up vs ndarray-ops / naive'], rows) +
    `\nTimes in ms: median (min-max) of ${runs} runs after 5 warm-up runs (ndarray-ops and naive loop: after 2 warm-up runs at 64^3, 5 runs after 1 at 128^3, a single run at 256^3). ` +
    `Values are pseudo-random (fixed LCG seed), labels 0-${116} in 8-voxel blocks. Growth with volume size: see "Scaling" below.\n`;
  return { title: 'Regional statistics', markdown: md, missing: [], data: out };
}
