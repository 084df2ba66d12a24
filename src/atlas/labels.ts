/**
 * Label table and region groups of the built-in (generated) MNI atlas.
 *
 * Values are grouped by tens: 1-3 cerebellum, 11-20 cerebral cortex by lobe,
 * 31-36 deep grey nuclei, 40 brainstem, 41-43 cerebral white matter, 50 CSF.
 * Lobe definitions follow the conventional gross-anatomical lobes (frontal,
 * parietal, temporal, occipital, insula) as in the MNI structural atlas
 * (Mazziotta et al. 2001, Phil Trans R Soc B 356:1293; Collins et al. 1995).
 */
import type { AtlasLabel } from './types.js';

export const BUILTIN_LABELS = [
  { value: 1, name: 'Cerebellum hemisphere L', side: 'L', group: 'cerebellum' },
  { value: 2, name: 'Cerebellum hemisphere R', side: 'R', group: 'cerebellum' },
  { value: 3, name: 'Cerebellar vermis', side: 'M', group: 'cerebellum' },
  { value: 11, name: 'Frontal cortex L', side: 'L', group: 'cortex' },
  { value: 12, name: 'Frontal cortex R', side: 'R', group: 'cortex' },
  { value: 13, name: 'Parietal cortex L', side: 'L', group: 'cortex' },
  { value: 14, name: 'Parietal cortex R', side: 'R', group: 'cortex' },
  { value: 15, name: 'Temporal cortex L', side: 'L', group: 'cortex' },
  { value: 16, name: 'Temporal cortex R', side: 'R', group: 'cortex' },
  { value: 17, name: 'Occipital cortex L', side: 'L', group: 'cortex' },
  { value: 18, name: 'Occipital cortex R', side: 'R', group: 'cortex' },
  { value: 19, name: 'Insula L', side: 'L', group: 'cortex' },
  { value: 20, name: 'Insula R', side: 'R', group: 'cortex' },
  { value: 31, name: 'Caudate L', side: 'L', group: 'basalGanglia' },
  { value: 32, name: 'Caudate R', side: 'R', group: 'basalGanglia' },
  { value: 33, name: 'Putamen L', side: 'L', group: 'basalGanglia' },
  { value: 34, name: 'Putamen R', side: 'R', group: 'basalGanglia' },
  { value: 35, name: 'Thalamus L', side: 'L', group: 'thalamus' },
  { value: 36, name: 'Thalamus R', side: 'R', group: 'thalamus' },
  { value: 40, name: 'Brainstem', side: 'M', group: 'brainstem' },
  { value: 41, name: 'Cerebral white matter L (lobar)', side: 'L', group: 'whiteMatter' },
  { value: 42, name: 'Cerebral white matter R (lobar)', side: 'R', group: 'whiteMatter' },
  { value: 43, name: 'Central white matter (deep, corpus callosum, capsules)', side: 'M', group: 'whiteMatter' },
  { value: 50, name: 'Ventricles (CSF)', side: 'M', group: 'csf' },
] as const satisfies readonly AtlasLabel[];

/** Label values by name, for code that needs one structure. */
export const L = {
  cerebellumL: 1, cerebellumR: 2, vermis: 3,
  frontalL: 11, frontalR: 12, parietalL: 13, parietalR: 14, temporalL: 15, temporalR: 16,
  occipitalL: 17, occipitalR: 18, insulaL: 19, insulaR: 20,
  caudateL: 31, caudateR: 32, putamenL: 33, putamenR: 34, thalamusL: 35, thalamusR: 36,
  brainstem: 40, whiteL: 41, whiteR: 42, whiteDeep: 43, ventricles: 50,
} as const;

const cortexL = [L.frontalL, L.parietalL, L.temporalL, L.occipitalL, L.insulaL];
const cortexR = [L.frontalR, L.parietalR, L.temporalR, L.occipitalR, L.insulaR];
const cortex = [...cortexL, ...cortexR].sort((a, b) => a - b);
const allValues = BUILTIN_LABELS.map((l) => l.value);

/**
 * Named region groups. `cerebrum` = cortical lobes + their (lobar) white matter,
 * the extent of the lobes of the MNI structural atlas; `wholeBrain` = every
 * tissue label (no ventricles); `brainMask` = every label.
 */
export const BUILTIN_GROUPS: Readonly<Record<string, readonly number[]>> = Object.freeze({
  cerebellum: [L.cerebellumL, L.cerebellumR, L.vermis],
  cerebellumLeft: [L.cerebellumL],
  cerebellumRight: [L.cerebellumR],
  vermis: [L.vermis],
  cerebralCortex: cortex,
  cortexLeft: cortexL,
  cortexRight: cortexR,
  frontal: [L.frontalL, L.frontalR],
  parietal: [L.parietalL, L.parietalR],
  temporal: [L.temporalL, L.temporalR],
  occipital: [L.occipitalL, L.occipitalR],
  insula: [L.insulaL, L.insulaR],
  cerebrum: [...cortex, L.whiteL, L.whiteR].sort((a, b) => a - b),
  whiteMatter: [L.whiteL, L.whiteR, L.whiteDeep],
  thalamus: [L.thalamusL, L.thalamusR],
  caudate: [L.caudateL, L.caudateR],
  putamen: [L.putamenL, L.putamenR],
  basalGanglia: [L.caudateL, L.caudateR, L.putamenL, L.putamenR],
  deepGrey: [L.caudateL, L.caudateR, L.putamenL, L.putamenR, L.thalamusL, L.thalamusR],
  brainstem: [L.brainstem],
  ventricles: [L.ventricles],
  wholeBrain: allValues.filter((v) => v !== L.ventricles),
  brainMask: allValues,
});
