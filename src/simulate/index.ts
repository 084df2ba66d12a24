/** SPECT study simulator: MNI template + atlas -> scanner-space study with truth. */
export { classMeanRatio, simulateStudy, withDefaults } from './simulate.js';
export { prepareSource, modifySource, CLASS_CEREBELLUM, CLASS_CORTEX, type PreparedSource } from './source.js';
export { subjectToMniMatrix, scannerAffine, rotationMatrix, MNI_BRAIN_CENTRE } from './pose.js';
export { renderStudy, RENDER_FORMATS, NM_SERIES_RENDER_FORMATS, type NmSeriesRenderFormat, type RenderFormat, type RenderOptions, type Rendered, type RenderedFile } from './render.js';
export { randomStudyParams, simulateCohort, DEFAULT_RANGES, type StudyRanges, type CohortMember } from './cohort.js';
export type { SimSource, SimParams, SimPose, SimTruth, SimResult } from './types.js';
export { phantomSource, absoluteCerebellarFactor } from './sources.js';
export { headModel, randomDeformation, applyDeformation, applyAttenuation, addExtracerebral, type Deformation, type HeadModel } from './anatomy.js';
export { applyHeadAttenuation, muMap, SKULL_MU_PER_CM, SKIN_MM } from './attenuation.js';
