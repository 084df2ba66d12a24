/**
 * Spatial normalisation of SPECT studies to an MNI template.
 */
export { registerToTemplate, PLAUSIBLE_SCALE, PLAUSIBLE_SHEAR } from './register.js';
export { decomposeLinear } from './decompose.js';
export { registerBetterOf, DECIDE_AT_LEVEL, type BetterOf } from './choose.js';
export type {
  RegistrationOptions,
  RegistrationRegion,
  RegistrationResult,
  RegistrationStage,
  ScaleDecomposition,
} from './types.js';
