/**
 * Regional statistics of a study over an atlas already carried into the
 * study's own voxel grid (so the SPECT voxels are never interpolated).
 */
import { bucketByLabel, labelStats, sortedRunsQuantiles, type LabelArray } from '../kernels/label-stats.js';

export interface RegionDefinitions {
  /** Atlas labels: value in the label image and a name. */
  readonly table: readonly { readonly value: number; readonly name: string }[];
  /** Named groups of label values (e.g. cerebellum = left + right + vermis). */
  readonly groups: Readonly<Record<string, readonly number[]>>;
}

export interface RegionStat {
  readonly name: string;
  /** Label value for single labels; undefined for groups. */
  readonly label?: number;
  readonly voxels: number;
  readonly volumeMl: number;
  /** NaN never leaves this module: empty regions have mean null. */
  readonly mean: number | null;
  readonly median: number | null;
  readonly p10: number | null;
  readonly p90: number | null;
  /** Share of the region (in atlas space) that lies inside the study's field of view, 0..1. */
  readonly coverage: number;
}

export interface RegionMeasurement {
  readonly labels: readonly RegionStat[];
  readonly groups: Readonly<Record<string, RegionStat>>;
}

const QS = [0.5, 0.1, 0.9] as const;

/**
 * Per label and per group: mean, median, 10th/90th percentiles, voxel count,
 * volume in mL and coverage.
 * @param coverage share inside the field of view by label value (default 1)
 */
export function measureRegions(
  values: Float32Array,
  labels: LabelArray,
  voxelVolumeMl: number,
  defs: RegionDefinitions,
  options: { readonly coverage?: ReadonlyMap<number, { inside: number; total: number }>; readonly mask?: Uint8Array } = {},
): RegionMeasurement {
  let nLabels = 1;
  for (const t of defs.table) nLabels = Math.max(nLabels, t.value + 1);
  // the background (label 0) is never measured: skip it early
  const st = labelStats(values, labels, nLabels, options.mask ? { mask: options.mask, minLabel: 1 } : { minLabel: 1 });
  const buckets = bucketByLabel(values, labels, nLabels, st.count, options.mask, 1);
  // sort each label's values once: label quantiles are then read off, and group quantiles
  // are order statistics of a union of sorted runs (no copy, no selection)
  for (let l = 1; l < nLabels; l++) buckets.values.subarray(buckets.start[l]!, buckets.start[l + 1]!).sort();
  const qv = new Float64Array(QS.length);
  /** [median, p10, p90] of the union of the buckets of `ls`, nulls when empty. */
  const quantiles = (ls: readonly number[]): [number | null, number | null, number | null] => {
    const valid = ls.filter((l) => l > 0 && l < nLabels && st.count[l]! > 0);
    if (valid.length === 0) return [null, null, null];
    sortedRunsQuantiles(buckets.values, valid.map((l) => buckets.start[l]!), valid.map((l) => buckets.start[l + 1]!), QS, qv);
    return [qv[0]!, qv[1]!, qv[2]!];
  };
  const cov = options.coverage;
  const coverageOf = (ls: readonly number[]): number => {
    if (!cov) return 1;
    let inside = 0, total = 0;
    for (const l of ls) {
      const c = cov.get(l);
      if (c) { inside += c.inside; total += c.total; }
    }
    return total > 0 ? inside / total : 0;
  };

  const labelOut: RegionStat[] = [];
  for (const t of defs.table) {
    if (t.value <= 0) continue;
    const m = st.count[t.value]!;
    const [median, p10, p90] = quantiles([t.value]);
    labelOut.push({
      name: t.name, label: t.value, voxels: m, volumeMl: m * voxelVolumeMl,
      mean: m > 0 ? st.mean[t.value]! : null, median, p10, p90,
      coverage: coverageOf([t.value]),
    });
  }

  // Groups: means from the label sums; quantiles from the union of the sorted label buckets.
  const groups: Record<string, RegionStat> = {};
  for (const [name, ls] of Object.entries(defs.groups)) {
    let count = 0, sum = 0;
    for (const l of ls) {
      if (l <= 0 || l >= nLabels) continue;
      count += st.count[l]!;
      sum += st.sum[l]!;
    }
    const [median, p10, p90] = quantiles(ls);
    groups[name] = {
      name, voxels: count, volumeMl: count * voxelVolumeMl, mean: count > 0 ? sum / count : null,
      median, p10, p90, coverage: coverageOf(ls),
    };
  }
  return { labels: labelOut, groups };
}
