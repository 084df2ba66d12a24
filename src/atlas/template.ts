/**
 * Perfusion template and phantom generated from the built-in atlas.
 *
 * Each label gets a tracer-typical relative uptake (cortical grey matter = 1),
 * see `TRACER_UPTAKE`. The phantom is that map unsmoothed (the activity
 * source of the simulator); the template is the phantom blurred with a
 * Gaussian of the SPECT system resolution (default 12 mm FWHM), so that it
 * looks like a normal-subject mean image such as the SPM HMPAO template.
 */
import { AtlasError, ErrorCode } from '../errors.js';
import { gaussianSmooth3d } from '../kernels/gaussian.js';
import { createVolume, type Volume } from '../volume/volume.js';
import { builtinAtlas } from './builtin.js';
import { L } from './labels.js';

import type { Tracer } from '../vocabulary/tracer.js';
export type { Tracer } from '../vocabulary/tracer.js';

/** Relative uptake by structure (cortical grey matter = 1). */
export interface UptakeTable {
  readonly cortex: number;
  readonly occipital: number;
  readonly temporal: number;
  readonly cerebellum: number;
  readonly basalGanglia: number;
  readonly thalamus: number;
  readonly brainstem: number;
  readonly whiteMatter: number;
  readonly csf: number;
}

/**
 * Tracer-typical relative uptake.
 * - Grey/white contrast: about 2.5:1 for HMPAO and ECD at SPECT resolution,
 *   higher for IMP (Kuhl et al. 1982, J Nucl Med 23:196).
 * - HMPAO versus ECD in normal subjects (anatomically standardised means):
 *   HMPAO relatively high in cerebellum and basal ganglia, ECD high in the
 *   medial occipital cortex (Koyama et al. 1997, J Nucl Med 38:587-592).
 *   The smaller temporal value for ECD is our approximation.
 * - The HMPAO cerebellum value is set so that the cerebellum/cortex ratio
 *   measured on the 12 mm template with this atlas is ~1.07, the value of the
 *   SPM HMPAO normal template measured with the FSL MNI atlas (1.068). It is
 *   below 1 because the atlas cortex is a ribbon that smoothing mixes with
 *   white matter and CSF, while the cerebellum is a solid block. ECD's
 *   cerebellum is set ~8% below HMPAO's and IMP's close to HMPAO's (our
 *   approximation, in the direction reported by Koyama et al. 1997).
 * The numbers are approximations for simulation, not normative data.
 */
export const TRACER_UPTAKE: Readonly<Record<Tracer, UptakeTable>> = {
  HMPAO: { cortex: 1, occipital: 1.02, temporal: 0.97, cerebellum: 0.91, basalGanglia: 1.08, thalamus: 1.04, brainstem: 0.75, whiteMatter: 0.4, csf: 0 },
  ECD: { cortex: 1, occipital: 1.08, temporal: 0.93, cerebellum: 0.84, basalGanglia: 0.98, thalamus: 0.95, brainstem: 0.7, whiteMatter: 0.38, csf: 0 },
  IMP: { cortex: 1, occipital: 1.05, temporal: 0.97, cerebellum: 0.89, basalGanglia: 1.02, thalamus: 1.0, brainstem: 0.7, whiteMatter: 0.32, csf: 0 },
};

/** Relative uptake of one built-in label value for a tracer (0 for background/unknown). */
export function labelUptake(u: UptakeTable, value: number): number {
  switch (value) {
    case L.cerebellumL: case L.cerebellumR: case L.vermis: return u.cerebellum;
    case L.frontalL: case L.frontalR: case L.parietalL: case L.parietalR: case L.insulaL: case L.insulaR: return u.cortex;
    case L.temporalL: case L.temporalR: return u.temporal;
    case L.occipitalL: case L.occipitalR: return u.occipital;
    case L.caudateL: case L.caudateR: case L.putamenL: case L.putamenR: return u.basalGanglia;
    case L.thalamusL: case L.thalamusR: return u.thalamus;
    case L.brainstem: return u.brainstem;
    case L.whiteL: case L.whiteR: case L.whiteDeep: return u.whiteMatter;
    case L.ventricles: return u.csf;
    default: return 0;
  }
}

export interface PhantomOptions {
  /** Isotropic voxel size, mm (default 2; use 1 for a high-resolution source). */
  readonly voxelSize?: number;
  /** Tracer (default 'HMPAO'). */
  readonly tracer?: Tracer;
}

export interface TemplateOptions extends PhantomOptions {
  /** Gaussian FWHM of the simulated SPECT resolution, mm (default 12; 0 = no smoothing). */
  readonly fwhmMm?: number;
}

function checkTracer(t: string): Tracer {
  if (t === 'HMPAO' || t === 'ECD' || t === 'IMP') return t;
  throw new AtlasError(ErrorCode.ATLAS_ERROR, `unknown tracer "${t}" (expected HMPAO, ECD or IMP)`);
}

function relativeMap(voxelSize: number, tracer: Tracer): { data: Float32Array; atlas: ReturnType<typeof builtinAtlas> } {
  const atlas = builtinAtlas({ voxelSize });
  const u = TRACER_UPTAKE[tracer];
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = labelUptake(u, v);
  const lab = atlas.labels;
  const data = new Float32Array(lab.length);
  for (let i = 0; i < lab.length; i++) {
    const v = lab[i]!;
    data[i] = v >= 0 && v < 256 ? lut[v]! : 0;
  }
  return { data, atlas };
}

function toVolume(data: Float32Array, atlas: ReturnType<typeof builtinAtlas>, tracer: Tracer, kind: string, fwhm: number): Volume {
  return createVolume({
    data,
    dims: atlas.dims,
    affine: atlas.affine,
    metadata: {
      format: 'synthetic',
      modality: 'NM',
      radiopharmaceutical: { code: tracer, name: `Tc-99m ${tracer}`.replace('Tc-99m IMP', 'I-123 IMP') },
      units: 'relative uptake (cortex = 1)',
      extra: { generator: `spect-perfusion built-in ${kind}`, fwhmMm: fwhm },
    },
  });
}

/**
 * Built volumes are cached (a few entries, most recently used kept): every
 * analysis asks for the template, and the registration caches its pyramid per
 * template object. The returned volumes are shared: do not modify their data.
 */
const CACHE_SIZE = 6;
const cache = new Map<string, Volume>();
function cached(key: string, make: () => Volume): Volume {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const v = make();
  cache.set(key, v);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return v;
}

/**
 * Unsmoothed relative perfusion map of the built-in atlas (the simulator's activity source).
 * Cached and shared: do not modify the returned data.
 * @throws AtlasError ATLAS_ERROR on an unknown tracer or a voxel size outside [0.75, 10] mm
 */
export function builtinPhantom(options: PhantomOptions = {}): Volume {
  const tracer = checkTracer(options.tracer ?? 'HMPAO');
  const voxelSize = options.voxelSize ?? 2;
  return cached(`phantom|${voxelSize}|${tracer}`, () => {
    const { data, atlas } = relativeMap(voxelSize, tracer);
    return toVolume(data, atlas, tracer, 'phantom', 0);
  });
}

/**
 * Perfusion template: the phantom smoothed to SPECT resolution.
 * Cached and shared: do not modify the returned data.
 * @throws AtlasError ATLAS_ERROR on an unknown tracer, a bad voxel size or a FWHM outside [0, 40] mm
 */
export function builtinTemplate(options: TemplateOptions = {}): Volume {
  const tracer = checkTracer(options.tracer ?? 'HMPAO');
  const fwhm = options.fwhmMm ?? 12;
  if (!(Number.isFinite(fwhm) && fwhm >= 0 && fwhm <= 40)) {
    throw new AtlasError(ErrorCode.ATLAS_ERROR, `template FWHM must be between 0 and 40 mm, got ${fwhm}`);
  }
  const voxelSize = options.voxelSize ?? 2;
  return cached(`template|${voxelSize}|${tracer}|${fwhm}`, () => {
    const { data, atlas } = relativeMap(voxelSize, tracer);
    const vs = atlas.affine[0]!;
    const f = fwhm / vs;
    gaussianSmooth3d(data, atlas.dims, [f, f, f], data);
    return toVolume(data, atlas, tracer, 'template', fwhm);
  });
}
