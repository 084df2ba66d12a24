/**
 * The measured field of view of a study: the voxel grid minus all-zero planes
 * at its ends. Reconstruction software and simulators zero the slices beyond
 * the camera's axial field of view; such planes are outside the measurement,
 * not "no activity".
 */

export interface FieldOfView {
  /** Inclusive voxel index bounds [min, max] along i, j, k. */
  readonly lo: readonly [number, number, number];
  readonly hi: readonly [number, number, number];
}

/** The box of non-empty planes of a volume. */
export function fieldOfView(v: { readonly data: Float32Array; readonly dims: readonly [number, number, number] }): FieldOfView {
  const [nx, ny, nz] = v.dims;
  const d = v.data;
  const anyI = new Uint8Array(nx), anyJ = new Uint8Array(ny), anyK = new Uint8Array(nz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        if (d[row + i] !== 0) { anyI[i] = 1; anyJ[j] = 1; anyK[k] = 1; }
      }
    }
  }
  const bounds = (a: Uint8Array): [number, number] => {
    let lo = 0, hi = a.length - 1;
    while (lo < a.length && a[lo] === 0) lo++;
    while (hi >= 0 && a[hi] === 0) hi--;
    return lo > hi ? [0, -1] : [lo, hi];
  };
  const [i0, i1] = bounds(anyI), [j0, j1] = bounds(anyJ), [k0, k1] = bounds(anyK);
  return { lo: [i0, j0, k0], hi: [i1, j1, k1] };
}
