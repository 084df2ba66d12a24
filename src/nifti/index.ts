/** NIfTI-1/2 reading and NIfTI-1 writing. */
export { readNifti, readNiftiLabels, readNiftiHeader, type ReadNiftiOptions, type NiftiLabels } from './read.js';
export { parseNiftiHeader, effectiveScaling, type NiftiHeader, type NiftiExtension } from './header.js';
export { writeNifti, type WriteNiftiOptions, type NiftiWriteDatatype } from './write.js';
export { qformMatrix, sformMatrix, affineToQuatern, type AffineSource, type Quatern } from './transform.js';
export { isGzip } from './gzip.js';
export type { NiftiDatatypeName } from './datatypes.js';
export {
  parseNiftiSidecar, oversizeSidecar, unusableSidecar, SIDECAR_MAX_BYTES, SIDECAR_FIELDS, type NiftiSidecar, type SidecarOptions,
} from './sidecar.js';
export { applyNiftiSidecar, readNiftiWithSidecar } from './sidecar-apply.js';
