/**
 * A small volume with an oblique but orthogonal RAS affine (rotation Rz(a) * Rx(b), voxel sizes
 * `spacing`, first voxel at `origin`), for writer/reader geometry tests.
 */
import { createVolume, type Volume } from '../../src/volume/volume.js';

export interface ObliqueSpec {
  readonly dims: readonly [number, number, number];
  /** rotation about z, then about x (radians) */
  readonly angles: readonly [number, number];
  readonly spacing: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  /** the voxel value at (i, j, k) */
  readonly value: (i: number, j: number, k: number) => number;
}

export function obliqueVolume(spec: ObliqueSpec): Volume {
  const [nx, ny, nz] = spec.dims;
  const data = new Float32Array(nx * ny * nz);
  for (let k = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = spec.value(i, j, k);
  const [a, b] = spec.angles;
  const s = spec.spacing, o = spec.origin;
  const ca = Math.cos(a), sa = Math.sin(a), cb = Math.cos(b), sb = Math.sin(b);
  const R = [ca, -sa * cb, sa * sb, sa, ca * cb, -ca * sb, 0, sb, cb];
  const affine = [
    R[0]! * s[0], R[1]! * s[1], R[2]! * s[2], o[0],
    R[3]! * s[0], R[4]! * s[1], R[5]! * s[2], o[1],
    R[6]! * s[0], R[7]! * s[1], R[8]! * s[2], o[2],
    0, 0, 0, 1,
  ];
  return createVolume({ data, dims: [nx, ny, nz], affine });
}
