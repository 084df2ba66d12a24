/**
 * The regions step of the pipeline: the atlas carried into the study grid by the
 * registration, regional statistics inside the field of view, the ratios (plain and
 * partial-volume corrected), and the issues of a cerebellum partly outside the field of
 * view or an empty region.
 */
import type { LabelAtlas } from '../atlas/types.js';
import type { Issue } from '../issues.js';
import type { RegistrationResult } from '../register/types.js';
import { inverseWarp, resampleLabelsWarped } from '../register/warp-labels.js';
import { fieldOfView, fovMask, labelCoverage } from '../regions/coverage.js';
import { measureRegions, type RegionMeasurement } from '../regions/measure.js';
import { gtmCerebellarRatio } from '../regions/pvc.js';
import { measuredLabels } from '../regions/rim.js';
import { cerebellarRatios, type CerebellarRatios } from '../regions/ratios.js';
import { resampleLabels } from '../volume/resample.js';
import type { Volume } from '../volume/volume.js';

export interface MeasuredStudy {
  /** Atlas labels carried into the study grid (nearest neighbour), without the cerebellar rim (src/regions/rim.ts). */
  readonly labelsInSubject: Int16Array;
  readonly regions: RegionMeasurement;
  readonly ratios: CerebellarRatios;
  /** Share of the atlas cerebellum inside the field of view (0 when it has no voxels). */
  readonly cerebellarCoverage: number;
  readonly issues: readonly Issue[];
}

export function measureStudy(
  volume: Volume,
  atlas: LabelAtlas,
  registration: RegistrationResult,
  pvcFwhmMm: number | undefined,
): MeasuredStudy {
  const issues: Issue[] = [];
  // through the DCT warp when the registration fitted one (src/register/warp-labels.ts), else the affine alone;
  // the measured labels leave out the cerebellar rim next to the cerebrum (src/regions/rim.ts)
  const w = registration.warp;
  const labels = measuredLabels(atlas);
  const labelsInSubject = w
    ? resampleLabelsWarped(
        labels,
        atlas.dims,
        atlas.affine,
        volume.dims,
        volume.affine,
        registration.subjectToMni,
        w.centre,
        inverseWarp(w.warp),
      )
    : resampleLabels(labels, atlas.dims, atlas.affine, volume.dims, volume.affine, { worldTransform: registration.subjectToMni });
  const fov = fieldOfView(volume);
  const coverage = labelCoverage(atlas.labels, atlas.dims, atlas.affine, volume, registration.mniToSubject, fov);
  const voxelMl = (volume.spacing[0] * volume.spacing[1] * volume.spacing[2]) / 1000;
  const mask = fovMask(volume, fov);
  const regions = measureRegions(volume.data, labelsInSubject, voxelMl, atlas, mask ? { coverage, mask } : { coverage });
  // plain ratio, and beside it the GTM partial-volume-corrected one (src/regions/pvc.ts)
  const pvc = gtmCerebellarRatio(volume, atlas, registration.mniToSubject, Math.cbrt(registration.scale.determinant), pvcFwhmMm);
  const ratios = cerebellarRatios(regions.groups, pvc);
  const cbCoverage = regions.groups.cerebellum?.coverage ?? 0;
  if (cbCoverage < 0.999) {
    issues.push({
      code: 'CEREBELLUM_PARTLY_OUTSIDE_FOV',
      severity: cbCoverage < 0.9 ? 'error' : 'warning',
      message: `${(100 * cbCoverage).toFixed(1)} % of the cerebellum is inside the field of view`,
    });
  }
  for (const [name, g] of Object.entries(regions.groups)) {
    if (g.voxels === 0 && (name === 'cerebellum' || name === 'cerebralCortex')) {
      issues.push({ code: 'EMPTY_REGION', severity: 'error', message: `region ${name} has no voxels in the study` });
    }
  }
  return { labelsInSubject, regions, ratios, cerebellarCoverage: cbCoverage, issues };
}
