/**
 * Anatomical parameters of the built-in atlas, in MNI (ICBM152) millimetres.
 *
 * Every number here was set by hand from textbook neuroanatomy and from the
 * published extents of the MNI brain (Talairach & Tournoux 1988; Mazziotta et
 * al. 2001), then adjusted by hand while comparing summary figures (Dice,
 * extents) against public atlases; no voxel data of any atlas is embedded and
 * no automatic fitting was run. Right-side shapes are given once and mirrored.
 */
import { mirrorX, type Blob, type Primitive } from './implicit.js';

const blob = (c: Blob['c'], r: Blob['r'], rNeg?: Blob['r'], p?: number): Blob => {
  const b: Blob = rNeg === undefined ? { kind: 'blob', c, r } : { kind: 'blob', c, r, rNeg };
  return p === undefined ? b : { ...b, p };
};
const blobS = (c: Blob['c'], r: Blob['r'], rNeg: Blob['r'], p: number, shearY: number): Blob => ({
  kind: 'blob', c, r, rNeg, p, shearY,
});
/** Right-side shape and its left mirror image. */
const both = (s: Primitive): Primitive[] => [s, mirrorX(s)];

export interface ShapeSet {
  /** Primitives (smooth union). */
  readonly parts: readonly Primitive[];
  /** Smooth-union blend width, mm. */
  readonly k: number;
}

export const ATLAS_SHAPES = {
  /**
   * Outer surface of the cerebrum (both hemispheres, before the midline fissure
   * and the infratentorial structures are cut away).
   */
  cerebrum: {
    k: 10,
    parts: [
      // Main hemispheric mass: frontal pole y ~ +76, vertex z ~ +82 lying behind
      // the centre (shear), lateral convexity |x| ~ 70 at z ~ 0-20 (MNI brain extents).
      blobS([1, -15, 6], [72, 90, 78], [72, 80, 26], 2, -0.15),
      // Occipital poles (y ~ -106) and the inferior occipital surface on the tentorium.
      ...both(blob([22, -78, 2], [28, 30, 26], [28, 30, 26])),
      // Temporal lobes: lateral/inferior temporal gyri, |x| up to 70, floor z ~ -38.
      ...both(blob([46, -20, -14], [24, 40, 22], [22, 44, 24])),
      // Temporal poles: y ~ +28, z down to ~ -48.
      ...both(blob([38, 10, -30], [18, 18, 18])),
      // Orbitofrontal surface and gyrus rectus, floor z ~ -28 under the frontal pole.
      blob([0, 38, -8], [44, 38, 20]),
    ],
  } satisfies ShapeSet,
  /**
   * Offset of the cerebral surface (mm, negative = inwards) applied after the
   * smooth union, whose blending slightly inflates the hull; -1 mm puts the
   * surface on the grey matter/CSF boundary of the MNI152 average.
   */
  cerebrumOffset: -1,
  /**
   * Interhemispheric fissure: a slab |x| < halfWidth removed from the cerebrum
   * except inside `keep` (corpus callosum and diencephalon, y -38..+30, top z ~ 28).
   */
  fissure: {
    halfWidth: 1.2,
    keep: blob([0, -5, 6], [60, 35, 22]),
  },
  /** Cerebellum: two hemispheres plus the superior vermis (culmen, z up to ~ -2). */
  cerebellum: {
    k: 8,
    parts: [
      ...both(blob([25, -60, -37], [31, 32, 22], [25, 30, 24], 2.5)),
      blob([0, -56, -24], [18, 22, 25]),
      // Inferior vermis and tonsils, down to z ~ -68 beside the medulla.
      blob([0, -56, -52], [14, 16, 14]),
    ],
  } satisfies ShapeSet,
  /** Half-width of the vermis around the midline, mm (the vermis is about 1 cm wide on axial sections). */
  vermisHalfWidth: 5,
  /** CSF gap between cerebrum and cerebellum/brainstem (tentorium, cisterns), mm. */
  tentoriumGap: 2,
  /** Brainstem: midbrain (0,-22,-6) down to the medulla (0,-42,-66), with the pontine bulge. */
  brainstem: {
    k: 6,
    parts: [
      { kind: 'capsule', a: [0, -22, -6], b: [0, -42, -66], radius: 9 },
      blob([0, -27, -30], [14, 13, 13]),
    ],
  } satisfies ShapeSet,
  /** Caudate nucleus (right): head beside the frontal horn, body arching back and up. */
  caudate: {
    k: 4,
    parts: [blob([12, 15, 8], [6, 12, 13], [6, 12, 12]), blob([15, -6, 20], [5, 14, 6])],
  } satisfies ShapeSet,
  /** Putamen (right): lateral to the internal capsule, y -12..+20, z -10..+12. */
  putamen: { k: 0, parts: [blob([25, 4, 1], [8, 18, 12])] } satisfies ShapeSet,
  /** Thalamus (right): either side of the third ventricle, y -32..-2, z -2..+16. */
  thalamus: { k: 0, parts: [blob([12, -17, 6], [10, 16, 11])] } satisfies ShapeSet,
  /** Lateral ventricle (right): frontal horn, body, atrium; plus the midline third ventricle. */
  ventricles: {
    k: 3,
    parts: [
      blob([6, 14, 12], [4, 9, 7]),
      blob([9, -10, 19], [4, 24, 5]),
      blob([24, -38, 10], [5, 12, 8]),
    ],
    midline: [blob([0, -14, 2], [2, 14, 8])],
  },
  /**
   * Central core of the hemispheres (internal and external capsules, corona
   * radiata around the basal ganglia and ventricles, corpus callosum): white
   * matter here is "central", not lobar, like the unlabelled core of the
   * MNI structural atlas.
   */
  centralCore: blob([0, -8, 8], [38, 34, 20]),
  /** Insular cortex (right), deep to the Sylvian operculum: x 31-43, y -18..+26, z -11..+16. */
  insula: blob([37, 4, 3], [6, 22, 14]),
  /**
   * Lobe boundaries as planes (x taken as |x|):
   * - occipital: y < y0 + slope * (z - z0) (parieto-occipital sulcus / preoccipital notch line)
   * - temporal: z < z0 + slope * (y - y0) (Sylvian fissure line, rising backwards), y < yMax
   * - frontal: y > y0 + slope * (z - z0) (central sulcus, running down and forwards)
   * - parietal: the rest.
   */
  lobes: {
    occipital: { y0: -66, z0: 10, slope: -0.45 },
    temporal: { z0: 2, y0: -10, slope: -0.28, yMax: 30 },
    frontal: { y0: -8, z0: 20, slope: -0.4 },
  },
  /**
   * Depth (mm below the cerebral surface, measured by a Euclidean distance
   * transform) of the cortical ribbon and of the lobar white matter. The
   * cortex is 2.5-3 mm thick (Fischl & Dale 2000, PNAS 97:11050), but sulci
   * fold it down to ~ 15-20 mm below the hull; `cortexDepth` stands for the
   * depth over which grey matter dominates at SPECT resolution.
   */
  depth: { cortexDepth: 11, lobarWhiteDepth: 20 },
} as const;
