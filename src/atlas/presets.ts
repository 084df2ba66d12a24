/**
 * Group mappings of public atlases onto the region groups of this library
 * (`cerebellum`, `cerebralCortex`, `cerebrum`, `thalamus`, `basalGanglia`, ...).
 */
import type { AtlasLabel } from './types.js';

type Groups = Record<string, readonly number[]>;
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const bySide = (table: readonly AtlasLabel[], values: readonly number[], side: 'L' | 'R'): number[] =>
  table.filter((t) => t.side === side && values.includes(t.value)).map((t) => t.value);

/**
 * FSL MNI structural atlas (maxprob thr25; Mazziotta et al. 2001, Collins et al. 1995):
 * values 1 Caudate, 2 Cerebellum, 3 Frontal, 4 Insula, 5 Occipital, 6 Parietal,
 * 7 Putamen, 8 Temporal, 9 Thalamus (xml index + 1). The atlas is bilateral:
 * split left/right by the sign of x (e.g. with `groupMask` plus a half-space) when needed.
 */
export function fslMniGroups(): Groups {
  const cortex = [3, 4, 5, 6, 8];
  return {
    cerebellum: [2],
    cerebralCortex: cortex,
    cerebrum: cortex,
    frontal: [3], insula: [4], occipital: [5], parietal: [6], temporal: [8],
    caudate: [1], putamen: [7], basalGanglia: [1, 7], thalamus: [9],
    wholeBrain: range(1, 9),
  };
}

/**
 * AAL (Tzourio-Mazoyer et al. 2002, NeuroImage 15:273), 116 labels as in the
 * MRIcron `aal.nii`: 1-90 cerebrum, 91-108 cerebellar hemispheres (odd = left),
 * 109-116 vermis. Cortex = 1-90 without amygdala (41-42) and the deep nuclei
 * (71-78: caudate, putamen, pallidum, thalamus).
 */
export function aalGroups(table: readonly AtlasLabel[]): Groups {
  const deep = new Set([41, 42, 71, 72, 73, 74, 75, 76, 77, 78]);
  const cortex = range(1, 90).filter((v) => !deep.has(v));
  const hemis = range(91, 108);
  return {
    cerebellum: range(91, 116),
    cerebellumLeft: bySide(table, hemis, 'L'),
    cerebellumRight: bySide(table, hemis, 'R'),
    vermis: range(109, 116),
    cerebralCortex: cortex,
    cortexLeft: bySide(table, cortex, 'L'),
    cortexRight: bySide(table, cortex, 'R'),
    cerebrum: range(1, 90),
    // AAL lobes (Tzourio-Mazoyer 2002, table 2): frontal incl. Rolandic operculum, SMA, olfactory, rectus
    frontal: range(1, 28),
    insula: [29, 30],
    limbic: range(31, 40),
    occipital: range(43, 54),
    parietal: range(57, 70),
    temporal: [55, 56, ...range(79, 90)],
    caudate: [71, 72], putamen: [73, 74], pallidum: [75, 76],
    basalGanglia: range(71, 76),
    thalamus: [77, 78],
    wholeBrain: range(1, 116),
  };
}

/**
 * SUIT cerebellar atlas (Diedrichsen et al. 2009, NeuroImage 46:39): lobules
 * (1-28) and deep nuclei (29-34), names `Left_*`, `Right_*`, `Vermis_*`.
 * Cerebellum only, on a cropped grid.
 */
export function suitGroups(table: readonly AtlasLabel[]): Groups {
  const all = table.map((t) => t.value);
  const nuclei = table.filter((t) => /Dentate|Interposed|Fastigial/i.test(t.name)).map((t) => t.value);
  return {
    cerebellum: all,
    cerebellumLeft: table.filter((t) => t.side === 'L').map((t) => t.value),
    cerebellumRight: table.filter((t) => t.side === 'R').map((t) => t.value),
    vermis: table.filter((t) => /^Vermis/i.test(t.name)).map((t) => t.value),
    cerebellarNuclei: nuclei,
    wholeBrain: all,
  };
}
