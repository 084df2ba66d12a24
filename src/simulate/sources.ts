/**
 * Ready-made simulator sources and the age adjustment of the perfusion factor.
 *
 * Source (a): the project's own digital phantom (built-in atlas + tracer-typical
 * relative perfusion, src/atlas/template.ts). Source (b): any NIfTI activity map
 * with a label atlas (e.g. a real HMPAO template with the FSL atlas), built by
 * the caller as a `SimSource`.
 */
import { builtinAtlas, builtinPhantom } from '../atlas/index.js';
import { CHILD_FACTOR, ageBandOf } from '../classify/reference-ranges.js';
import type { SimSource } from './types.js';
import type { TracerCode } from '../dicom/write/types.js';

/** Source (a): the built-in phantom at `voxelSize` mm (default 2). */
export function phantomSource(options: { voxelSize?: number; tracer?: TracerCode } = {}): SimSource {
  const voxelSize = options.voxelSize ?? 2;
  const atlas = builtinAtlas({ voxelSize });
  const activity = builtinPhantom({ voxelSize, tracer: options.tracer ?? 'HMPAO' });
  return {
    activity,
    labels: {
      data: atlas.labels, dims: atlas.dims, affine: atlas.affine,
      cerebellum: atlas.groups.cerebellum ?? [], cortex: atlas.groups.cerebralCortex ?? [],
    },
  };
}

/**
 * The simulator's cerebellar factor that gives a child's normal pattern: the
 * sources are adult perfusion maps, and children aged 1-15 have a cerebellum/cortex
 * ratio 0.814 times the adult one (Barthel 1997, see reference-ranges.ts).
 * `relativeFactor` is the perfusion relative to a normal subject of that age.
 */
export function absoluteCerebellarFactor(relativeFactor: number, ageYears: number): number {
  return relativeFactor * (ageBandOf(ageYears) === 'child' ? CHILD_FACTOR : 1);
}
