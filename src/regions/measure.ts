/**
 * Regional statistics of a study over an atlas already carried into the
 * study's own voxel grid (so the SPECT voxels are never interpolated).
 */
import { bucketByLabel, labelStats, quantileInPlace, type LabelArray } from '../kernels/label-stats.js';

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
  const st = labelStats(values, labels, nLabels, options.mask ? { mask: options.mask } : {});
  const buckets = bucketByLabel(values, labels, nLabels, st.count, options.mask);
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
    const lo = buckets.start[t.value]!;
    const m = st.count[t.value]!;
    const q = (p: number) => (m > 0 ? quantileInPlace(buckets.values, lo, lo + m, p) : null);
    labelOut.push({
      name: t.name, label: t.value, voxels: m, volumeMl: m * voxelVolumeMl,
      mean: m > 0 ? st.mean[t.value]! : null, median: q(QS[0]), p10: q(QS[1]), p90: q(QS[2]),
      coverage: coverageOf([t.value]),
    });
  }

  // Groups: means from the label sums; quantiles from the concatenated buckets.
  const scratch = new Float32Array(buckets.values.length);
  const groups: Record<string, RegionStat> = {};
  for (const [name, ls] of Object.entries(defs.groups)) {
    let count = 0, sum = 0, k = 0;
    for (const l of ls) {
      if (l <= 0 || l >= nLabels) continue;
      count += st.count[l]!;
      sum += st.sum[l]!;
      scratch.set(buckets.values.subarray(buckets.start[l]!, buckets.start[l + 1]!), k);
      k += st.count[l]!;
    }
    const q = (p: number) => (k > 0 ? quantileInPlace(scratch, 0, k, p) : null);
    groups[name] = {
      name, voxels: count, volumeMl: count * voxelVolumeMl, mean: count > 0 ? sum / count : null,
      median: q(QS[0]), p10: q(QS[1]), p90: q(QS[2]), coverage: coverageOf(ls),
    };
  }
  return { labels: labelOut, groups };
}
