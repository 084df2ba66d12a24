/**
 * Anatomical parameters of the built-in atlas, in MNI (ICBM152) millimetres.
 *
 * Every number here was set by hand from textbook neuroanatomy and from the
 * published extents of the MNI brain (Talairach & Tournoux 1988; Mazziotta et
 * al. 2001), then adjusted by hand while comparing summary figures (Dice,
 * extents) against public atlases; no voxel data of any atlas is embedded and
 * no automatic fitting was run. Right-side shapes are given once and mirrored.
 *
 * Revision 2: the cerebellum was reshaped (tentorial roof, oblique hemispheres)
 * to lie between the FSL and AAL definitions, and the supratentorial hull,
 * fissure, insula, lobe planes, central core and brainstem were moved 2 mm
 * back and 2 mm down, after the generated brain was found 1-2 mm anterior and
 * 1.5-2.5 mm superior of the MNI brain (centroids of the SPM12 tissue priors and
 * of the FSL lobes; registration of the SPM HMPAO template to ours). The deep
 * nuclei and ventricles kept their places (their Dice with FSL fell when moved).
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
      // Main hemispheric mass: frontal pole y ~ +74, vertex z ~ +80 lying behind
      // the centre (shear), lateral convexity |x| ~ 70 at z ~ 0-20 (MNI brain extents).
      blobS([1, -17, 4], [72, 90, 78], [72, 80, 26], 2, -0.15),
      // Occipital poles (y ~ -108) and the inferior occipital surface on the tentorium.
      ...both(blob([22, -80, 0], [28, 30, 26], [28, 30, 26])),
      // Temporal lobes: lateral/inferior temporal gyri, |x| up to 70, floor z ~ -40.
      ...both(blob([46, -22, -16], [24, 40, 22], [22, 44, 24])),
      // Temporal poles: y ~ +26, z down to ~ -50.
      ...both(blob([38, 8, -32], [18, 18, 18])),
      // Orbitofrontal surface and gyrus rectus, floor z ~ -31 under the frontal pole;
      // the orbital gyri reach |x| ~ 48-54 at z ~ -10 (lateral orbitofrontal cortex).
      blob([0, 36, -10], [48, 38, 20], [48, 38, 21]),
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
   * except inside `keep` (corpus callosum and diencephalon, y -40..+28, top z ~ 26).
   */
  fissure: {
    halfWidth: 1.2,
    keep: blob([0, -7, 4], [60, 35, 22]),
  },
  /**
   * Cerebellum: two hemispheres (cut from above by the tentorium) smoothly joined
   * to the vermis, whose culmen rises above the tentorial slope to z ~ 0.
   */
  cerebellum: {
    k: 8,
    // Hemispheres: centred (+-25, -60, -35), x 0..57, y -89..-28, z down to -61; the long
    // axis turns forwards and outwards (shearX) as the hemispheres diverge around the pons.
    hemispheres: [...both({ ...blob([25, -60, -35], [32, 32, 27], [26, 29, 26], 2.2), shearX: 0.2 })],
    vermis: [
      // superior vermis (culmen, declive), rising above the tentorial slope to z ~ +5
      blob([0, -51, -21], [20, 25, 26]),
      // inferior vermis (pyramis, uvula, nodulus) and tonsils, down to z ~ -61
      blob([0, -56, -49], [13, 15, 12]),
    ],
  },
  /**
   * Tentorium cerebelli: a roof over the cerebellar hemispheres, highest at the
   * midline and sloping down laterally towards the transverse sinus and the petrous
   * ridge: z < z0 - slope * |x| (tentorial anatomy: Rhoton 2000, Neurosurgery
   * 47(3 Suppl):S131-S153). The occipital and temporal lobes rest on it (plus `tentoriumGap`).
   */
  tentorium: { z0: -8.5, slope: 0.35 },
  /** Half-width of the vermis around the midline, mm (the vermis is about 1 cm wide on axial sections). */
  vermisHalfWidth: 5,
  /** Gap between cerebrum and cerebellum/brainstem (tentorial dura, cisterns), mm. */
  tentoriumGap: 1,
  /** Brainstem: midbrain (0,-24,-8) down to the medulla (0,-44,-68), with the pontine bulge. */
  brainstem: {
    k: 6,
    parts: [
      { kind: 'capsule', a: [0, -24, -8], b: [0, -44, -68], radius: 9 },
      blob([0, -29, -32], [14, 13, 13]),
    ],
  } satisfies ShapeSet,
  /** Caudate nucleus (right): head beside the frontal horn, body arching back and up. */
  caudate: {
    k: 4,
    parts: [blob([12, 15, 8], [6, 12, 13], [6, 12, 12]), blob([15, -6, 20], [5, 14, 6])],
  } satisfies ShapeSet,
  /** Putamen (right): lateral to the internal capsule, y -14..+22, z -11..+13. */
  putamen: { k: 0, parts: [blob([25, 4, 1], [8, 18, 12])] } satisfies ShapeSet,
  /** Thalamus (right): either side of the third ventricle, y -33..-1, z -5..+17. */
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
  centralCore: blob([0, -10, 6], [38, 34, 20]),
  /** Insular cortex (right), deep to the Sylvian operculum: x 31-43, y -20..+24, z -13..+14. */
  insula: blob([37, 2, 1], [6, 22, 14]),
  /**
   * Lobe boundaries as planes (x taken as |x|):
   * - occipital: y < y0 + slope * (z - z0) (parieto-occipital sulcus / preoccipital notch line)
   * - temporal: z < z0 + slope * (y - y0) (Sylvian fissure line, rising backwards), y < yMax
   * - frontal: y > y0 + slope * (z - z0) (central sulcus, running down and forwards)
   * - parietal: the rest.
   */
  lobes: {
    occipital: { y0: -68, z0: 8, slope: -0.45 },
    temporal: { z0: 0, y0: -12, slope: -0.28, yMax: 28 },
    frontal: { y0: -10, z0: 18, slope: -0.4 },
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
