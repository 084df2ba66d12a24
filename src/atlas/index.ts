/**
 * Brain atlases: the built-in generated MNI atlas, its perfusion template and
 * phantom, and loading of external label atlases.
 */
export type { AtlasLabel, LabelAtlas, LabelSide } from './types.js';
export { BUILTIN_LABELS, BUILTIN_GROUPS } from './labels.js';
export { mniGrid, type MniGrid } from './grid.js';
export { builtinAtlas, groupMask, type BuiltinAtlasOptions } from './builtin.js';
export {
  builtinTemplate,
  builtinPhantom,
  labelUptake,
  TRACER_UPTAKE,
  type Tracer,
  type UptakeTable,
  type PhantomOptions,
  type TemplateOptions,
} from './template.js';
export { loadLabelAtlas, type LabelImage, type LabelsWithVolume, type GroupMapping, type ExternalLabelAtlas } from './external.js';
export {
  parseFslAtlasXml,
  parseAalText,
  parseMricronLut,
  parseLabelTsv,
  parseLabelJson,
  sideFromName,
  type Rgb,
} from './label-tables.js';
export { fslMniGroups, aalGroups, suitGroups } from './presets.js';
