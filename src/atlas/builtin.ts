/**
 * The built-in atlas: at 2 mm decoded from the shipped asset (assets/, made by
 * the same generator at build time), at other voxel sizes generated on demand
 * from `shapes.ts`; cached per voxel size.
 */
import { AtlasError, ErrorCode } from '../errors.js';
import { BUILTIN_GROUPS, BUILTIN_LABELS } from './labels.js';
import { mniGrid, type MniGrid } from './grid.js';
import { rasterizeAtlas } from './rasterize.js';
import { shippedAtlasLabels } from './assets/shipped.js';
import type { LabelAtlas } from './types.js';

export interface BuiltinAtlasOptions {
  /** Isotropic voxel size in mm (default 2: the 91x109x91 MNI grid). */
  readonly voxelSize?: number;
}

const cache = new Map<number, LabelAtlas>();

/**
 * The generated MNI label atlas (see docs/atlas.md). Cached per voxel size; the
 * returned arrays are shared, treat them as read-only. The 2 mm atlas is the
 * shipped copy (identical to a fresh generation, test/atlas/assets.test.ts).
 * @throws AtlasError ATLAS_ERROR when the voxel size is outside [0.75, 10] mm, or
 *   when the shipped asset is damaged or stale (`details.reason`)
 */
export function builtinAtlas(options: BuiltinAtlasOptions = {}): LabelAtlas {
  const grid = mniGrid(options.voxelSize ?? 2);
  const hit = cache.get(grid.voxelSize);
  if (hit) return hit;
  // frozen: its arrays are shared (and the 2 mm one's derived masks shipped, src/regions/shipped), so no field may be swapped
  const atlas = Object.freeze(builtinAtlasOf(grid, shippedAtlasLabels(grid) ?? rasterizeAtlas(grid)));
  cache.set(grid.voxelSize, atlas);
  return atlas;
}

/** The built-in atlas's object around `labels` on `grid` (not cached; the generators of shipped assets use it on fresh labels). */
export function builtinAtlasOf(grid: MniGrid, labels: Int16Array): LabelAtlas {
  return {
    name: `spect-perfusion built-in MNI atlas (${grid.voxelSize} mm)`,
    labels,
    dims: grid.dims,
    affine: grid.affine,
    table: BUILTIN_LABELS,
    groups: BUILTIN_GROUPS,
  };
}

/** Whether `atlas` is the object `builtinAtlas({ voxelSize })` hands out (without building it). */
export function isBuiltinAtlas(atlas: LabelAtlas, voxelSize: number): boolean {
  return cache.get(voxelSize) === atlas;
}

/**
 * 0/1 mask of the voxels whose label belongs to `group` (a group name of
 * `atlas.groups`, or a label name from `atlas.table`).
 * @throws AtlasError ATLAS_ERROR for an unknown group
 */
export function groupMask(atlas: LabelAtlas, group: string): Uint8Array {
  let values = atlas.groups[group];
  if (values === undefined) {
    const l = atlas.table.find((t) => t.name === group);
    if (l) values = [l.value];
  }
  if (values === undefined) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `unknown atlas group "${group}"`, {
      details: { known: Object.keys(atlas.groups) },
    });
  }
  return labelValuesMask(atlas.labels, values);
}

/**
 * 0/1 mask of the voxels whose label is one of `values`, through a 65536-entry lookup table (not a
 * Set lookup per voxel); values that are not int16 integers match no label.
 */
export function labelValuesMask(labels: Int16Array, values: readonly number[]): Uint8Array {
  const lut = new Uint8Array(65536);
  for (const v of values) if (Number.isInteger(v) && v >= -32768 && v <= 32767) lut[v + 32768] = 1;
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = lut[labels[i]! + 32768]!;
  return out;
}
