/**
 * The bounding box of a 0/1 mask on a voxel grid (x fastest): the regions' kernels that work on a
 * group's neighbourhood only (rim.ts, membership.ts) grow it and stay inside it.
 */

/** Inclusive voxel bounds of a box. */
export interface VoxelBox {
  readonly lo: readonly [number, number, number];
  readonly hi: readonly [number, number, number];
}

/** Bounding box of the non-zero voxels of `m`, null when there are none. */
export function maskBoundingBox(m: Uint8Array, dims: readonly [number, number, number]): VoxelBox | null {
  const [nx, ny, nz] = dims;
  let x0 = nx,
    y0 = ny,
    z0 = nz,
    x1 = -1,
    y1 = -1,
    z1 = -1;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (m[idx] === 0) continue;
        if (i < x0) x0 = i;
        if (i > x1) x1 = i;
        if (j < y0) y0 = j;
        if (j > y1) y1 = j;
        if (k < z0) z0 = k;
        if (k > z1) z1 = k;
      }
    }
  }
  return x1 < 0 ? null : { lo: [x0, y0, z0], hi: [x1, y1, z1] };
}
