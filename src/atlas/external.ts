/**
 * Wrap an external label image (e.g. a NIfTI atlas read with `readNiftiLabels`)
 * and its label table into a `LabelAtlas`, with named region groups.
 */
import { AtlasError, ErrorCode } from '../errors.js';
import { IssueList, type Issue } from '../issues.js';
import { toMat4 } from '../volume/affine.js';
import type { Volume } from '../volume/volume.js';
import type { AtlasLabel, LabelAtlas } from './types.js';

/** Label voxels with their grid: a `Volume` of labels or a bare array with dims and affine. */
export interface LabelImage {
  readonly labels: ArrayLike<number>;
  readonly dims: readonly number[];
  readonly affine: ArrayLike<number>;
}

/** Group mapping: group name -> label values (or a function of the table, see `presets.ts`). */
export type GroupMapping =
  | Readonly<Record<string, readonly number[]>>
  | ((table: readonly AtlasLabel[]) => Readonly<Record<string, readonly number[]>>);

export interface ExternalLabelAtlas extends LabelAtlas {
  /** Recoverable oddities (voxel values missing from the table, groups naming unknown labels). */
  readonly issues: readonly Issue[];
}

/** What `readNiftiLabels` returns: exact integer labels plus the image as a Volume. */
export interface LabelsWithVolume {
  readonly labels: ArrayLike<number>;
  readonly volume: Volume;
}

function toLabelImage(x: Volume | LabelImage | LabelsWithVolume): LabelImage {
  if ('volume' in x && 'labels' in x) return { labels: x.labels, dims: x.volume.dims, affine: x.volume.affine };
  if ('labels' in x) return x;
  return { labels: x.data, dims: x.dims, affine: x.affine };
}

/**
 * Build a `LabelAtlas` from a label image (a `Volume`, `{ labels, dims, affine }`
 * or the result of `readNiftiLabels`), a label table and a group mapping.
 * Voxel values must be integers in [-32768, 32767] (stored as Int16); values
 * that the table does not list are kept and reported in `issues`.
 * @throws AtlasError ATLAS_ERROR on non-integer or out-of-range voxel values,
 *   a size that does not match the dims, or an empty table
 * @throws GeometryError INVALID_GEOMETRY on a non-finite affine
 */
export function loadLabelAtlas(
  input: Volume | LabelImage | LabelsWithVolume,
  table: readonly AtlasLabel[],
  groups: GroupMapping,
  options: { readonly name?: string } = {},
): ExternalLabelAtlas {
  const image = toLabelImage(input);
  const src = image.labels;
  const d = image.dims;
  if (d.length !== 3 || !d.every((n) => Number.isInteger(n) && n > 0)) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `label image dims must be three positive integers, got [${d.join(', ')}]`);
  }
  const n = d[0]! * d[1]! * d[2]!;
  if (src.length !== n) throw new AtlasError(ErrorCode.ATLAS_ERROR, `label image has ${src.length} voxels, dims need ${n}`);
  if (table.length === 0) throw new AtlasError(ErrorCode.ATLAS_ERROR, 'label table is empty');
  const affine = toMat4(image.affine);
  const issues = new IssueList();

  const labels = new Int16Array(n);
  const present = new Uint8Array(65536);
  for (let i = 0; i < n; i++) {
    const v = src[i]!;
    if (!Number.isInteger(v) || v < -32768 || v > 32767) {
      throw new AtlasError(ErrorCode.ATLAS_ERROR, `label image voxel ${i} holds ${v}, not an integer label in [-32768, 32767]`);
    }
    labels[i] = v;
    present[v + 32768] = 1;
  }
  const known = new Set(table.map((t) => t.value));
  const unknown: number[] = [];
  for (let v = -32768; v <= 32767; v++) if (v !== 0 && present[v + 32768] && !known.has(v)) unknown.push(v);
  if (unknown.length > 0) {
    issues.add('ATLAS_UNLISTED_VALUES', 'warning', `label image holds ${unknown.length} value(s) missing from the label table (first: ${unknown.slice(0, 5).join(', ')})`);
  }
  const absent = table.filter((t) => !present[t.value + 32768]).length;
  if (absent > 0) issues.add('ATLAS_ABSENT_LABELS', 'info', `${absent} label(s) of the table have no voxel in the image`);

  const raw = typeof groups === 'function' ? groups(table) : groups;
  const outGroups: Record<string, readonly number[]> = {};
  for (const [g, values] of Object.entries(raw)) {
    const kept = values.filter((v) => known.has(v));
    if (kept.length !== values.length) {
      issues.add('ATLAS_GROUP_UNKNOWN_LABEL', 'warning', `group "${g}" names ${values.length - kept.length} value(s) missing from the label table`);
    }
    if (kept.length === 0) issues.add('ATLAS_EMPTY_GROUP', 'warning', `group "${g}" has no label of this table`);
    outGroups[g] = Object.freeze([...new Set(kept)].sort((a, b) => a - b));
  }
  return {
    name: options.name ?? 'external atlas',
    labels,
    dims: [d[0]!, d[1]!, d[2]!],
    affine,
    table: Object.freeze([...table]),
    groups: Object.freeze(outGroups),
    issues: issues.toArray(),
  };
}
