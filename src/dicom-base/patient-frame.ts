/**
 * The one conversion between DICOM's patient coordinates and the library's world.
 *
 * DICOM patient coordinates are LPS: +x towards the patient's left, +y posterior, +z head
 * (PS3.3 C.7.6.2.1.1). The library's world is RAS+ mm (NIfTI, MNI): +x right, +y anterior, +z
 * head. The two differ by negating x and y, a matrix that is its own inverse (`LPS_TO_RAS`,
 * volume/affine.ts). The reader (dicom/geometry.ts) and the writer (dicom-write/geometry.ts)
 * convert here and nowhere else.
 */
import { LPS_TO_RAS, multiply4, type Mat4, type ReadonlyMat4 } from '../volume/affine.js';

/** Voxel-to-RAS affine of a voxel-to-LPS affine. */
export function rasFromLps(voxelToLps: ReadonlyMat4): Mat4 {
  return multiply4(LPS_TO_RAS, voxelToLps);
}

/** Voxel-to-LPS affine of a voxel-to-RAS affine (the same flip: LPS_TO_RAS is its own inverse). */
export function lpsFromRas(voxelToRas: ReadonlyMat4): Mat4 {
  return multiply4(LPS_TO_RAS, voxelToRas);
}
