/**
 * Names of the region groups (sets of atlas label values) that the analysis
 * reads from an atlas's `groups`: the built-in atlas and the presets of public
 * atlases (src/atlas) provide them, regions/ratios measures them, the report
 * and the figures show them. Ground floor: imports nothing.
 */
export const RegionGroup = {
  cerebellum: 'cerebellum',
  cerebellumLeft: 'cerebellumLeft',
  cerebellumRight: 'cerebellumRight',
  vermis: 'vermis',
  cerebralCortex: 'cerebralCortex',
  cortexLeft: 'cortexLeft',
  cortexRight: 'cortexRight',
  cerebrum: 'cerebrum',
  thalamus: 'thalamus',
  wholeBrain: 'wholeBrain',
} as const;
export type RegionGroup = (typeof RegionGroup)[keyof typeof RegionGroup];

