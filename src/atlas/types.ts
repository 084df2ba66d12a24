/**
 * Types shared by the built-in atlas and external label atlases.
 */
import type { Mat4 } from '../volume/affine.js';
import type { Dims3 } from '../volume/volume.js';

/** Hemisphere of a label: left, right, or on the midline / both sides. */
export type LabelSide = 'L' | 'R' | 'M';

/** One entry of a label table. */
export interface AtlasLabel {
  /** Voxel value in `LabelAtlas.labels` (> 0; 0 is background). */
  readonly value: number;
  /** Human-readable name (e.g. "Cerebellum L"). */
  readonly name: string;
  readonly side: LabelSide;
  /** Coarse anatomical group (e.g. 'cerebellum', 'cortex', 'whiteMatter'). */
  readonly group: string;
}

/**
 * A label atlas on a voxel grid.
 * `labels[i + nx*(j + ny*k)]` is the label value of voxel (i, j, k); `affine`
 * maps (i, j, k) to RAS+ mm (row-major 4x4).
 */
export interface LabelAtlas {
  readonly name: string;
  readonly labels: Int16Array;
  readonly dims: Dims3;
  readonly affine: Mat4;
  readonly table: readonly AtlasLabel[];
  /** Named region groups: group name -> label values. */
  readonly groups: Readonly<Record<string, readonly number[]>>;
}
