/**
 * Acquisition counts of a study, for the low-count check.
 *
 * Reconstructed voxel values are not acquisition counts: a reconstruction
 * rescales them, and a Real World Value Mapping labelled `{counts}` can carry any
 * calibration. Counts Accumulated (0018,0070) (PS3.3 C.8.4.9, NM Image module:
 * "sum of all gamma events for all frames in the image") is what the camera
 * counted; it is used whenever the file has it. A voxel sum stands in for counts
 * only when nothing better exists and the values say they are counts (or say
 * nothing) without a Real World Value Mapping.
 */
import type { DataSet } from 'dicom-parser';
import type { IssueList } from '../issues.js';
import type { VolumeMetadata } from '../volume/volume.js';
import { TAGS, getNumber } from './attributes.js';
import type { RescaleSource } from './rescale.js';

export type CountsSource = 'CountsAccumulated' | 'voxelSum' | null;

/** Counts Accumulated (0018,0070) of one dataset, when present, finite and not negative. */
export function countsAccumulatedOf(ds: DataSet): number | undefined {
  const v = getNumber(ds, TAGS.CountsAccumulated);
  return v !== undefined && Number.isFinite(v) && v >= 0 ? v : undefined;
}

/**
 * Counts Accumulated of a single-frame series: every file's value. When all files
 * carry the same value it is the study's total repeated in each file (taken
 * once); when they differ they are per-slice counts (summed). When only some
 * files have it, none is used (issue `COUNTS_ACCUMULATED_PARTIAL`).
 */
export function seriesCountsAccumulated(values: readonly (number | undefined)[], issues: IssueList): number | undefined {
  const present = values.filter((v): v is number => v !== undefined);
  if (present.length === 0) return undefined;
  if (present.length < values.length) {
    issues.add('COUNTS_ACCUMULATED_PARTIAL', 'warning', `Counts Accumulated (0018,0070) is in ${present.length} of ${values.length} files; not used`);
    return undefined;
  }
  if (present.every((v) => v === present[0])) return present[0];
  let sum = 0;
  for (const v of present) sum += v;
  return sum;
}

/** Units that say the values are counts (or say nothing). */
const COUNT_UNITS = /^(\{?counts?\}?|cnts)$/i;

/** The counts facts recorded in `metadata.extra` (`countsSource`, `countsAccumulated`). */
export function countsExtra(
  countsAccumulated: number | undefined, units: string | null, rescaleSource: RescaleSource,
): { countsSource: CountsSource; countsAccumulated: number | null } {
  if (countsAccumulated !== undefined) return { countsSource: 'CountsAccumulated', countsAccumulated };
  const unitsSayCounts = units === null || COUNT_UNITS.test(units.trim());
  return { countsSource: rescaleSource !== 'real-world-value-mapping' && unitsSayCounts ? 'voxelSum' : null, countsAccumulated: null };
}

/**
 * Total counts for the low-count check, or null when unknown. DICOM volumes say
 * their source in `extra.countsSource`; volumes without it (NIfTI, Interfile,
 * synthetic) keep the older rule: the voxel sum of a DICOM volume in counts.
 */
export function acquisitionCounts(m: VolumeMetadata): number | null {
  const src = m.extra.countsSource;
  if (src === 'CountsAccumulated') return typeof m.extra.countsAccumulated === 'number' ? m.extra.countsAccumulated : null;
  if (src === 'voxelSum') return m.totalCounts;
  if (src === null) return null;
  const countsUnits = m.units === null || /count/i.test(m.units);
  return countsUnits && m.format === 'dicom' ? m.totalCounts : null;
}
