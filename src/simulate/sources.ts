/**
 * Ready-made simulator sources and the age adjustment of the perfusion factor.
 *
 * Source (a): the project's own digital phantom (built-in atlas + tracer-typical
 * relative perfusion, src/atlas/template.ts). Source (b): any NIfTI activity map
 * with a label atlas (e.g. a real HMPAO template with the FSL atlas), built by
 * the caller as a `SimSource`.
 */
import { builtinAtlas, builtinPhantom } from '../atlas/index.js';
import { maturationFactor } from '../classify/age-model.js';
import type { SimSource } from './types.js';
import type { TracerCode } from '../dicom-write/types.js';

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
 * The simulator's cerebellar factor that gives the normal pattern of a subject
 * of `ageYears`: the sources are adult perfusion maps, and the expected normal
 * ratio changes with age as the classifier's age model says (maturationFactor,
 * src/classify/age-model.ts: 1 in adults, 0.814 in childhood after Barthel 1997,
 * smooth in infancy and puberty). `relativeFactor` is the perfusion relative to a
 * normal subject of that age; `childScale` multiplies the children's (< 16 y)
 * normal ratio, e.g. 1.1 or 0.9 to test a classifier against a model 10 % off.
 */
export function absoluteCerebellarFactor(relativeFactor: number, ageYears: number, childScale = 1): number {
  return relativeFactor * maturationFactor(ageYears) * (ageYears < 16 ? childScale : 1);
}
