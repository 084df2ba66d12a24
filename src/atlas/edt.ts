/**
 * Exact Euclidean distance transform of a binary mask on an isotropic grid
 * (Felzenszwalb & Huttenlocher, "Distance Transforms of Sampled Functions",
 * Theory of Computing 8:415-428, 2012): three separable passes of the 1-D
 * lower-envelope-of-parabolas algorithm, O(n) per line.
 */

/**
 * For every voxel with `mask != 0`, the distance (in voxels) to the nearest
 * voxel with `mask == 0`; 0 on background voxels. Voxels beyond the grid
 * count as background, so distances never exceed the distance to the border.
 * @throws RangeError when `mask.length` does not match `dims`
 */
export function distanceInside(mask: Uint8Array, dims: readonly [number, number, number]): Float32Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  if (mask.length !== n) throw new RangeError(`mask has ${mask.length} values, dims need ${n}`);
  // Stand-in for +infinity: larger than any squared distance on the grid and
  // small enough that the parabola intersections stay exact in float64.
  const BIG = (nx + ny + nz + 3) ** 2;
  const d2 = new Float64Array(n);
  for (let i = 0; i < n; i++) d2[i] = mask[i] ? BIG : 0;
  // Padding of one background voxel at each end of every line: the grid border is background.
  const m = Math.max(nx, ny, nz) + 2;
  const f = new Float64Array(m);
  const out = new Float64Array(m);
  const v = new Int32Array(m);
  const zb = new Float64Array(m + 1);
  const pass = (len: number, stride: number, starts: (q: number) => number, count: number): void => {
    for (let q = 0; q < count; q++) {
      const s0 = starts(q);
      f[0] = 0;
      f[len + 1] = 0;
      for (let p = 0, idx = s0; p < len; p++, idx += stride) f[p + 1] = d2[idx]!;
      lowerEnvelope(f, len + 2, out, v, zb);
      for (let p = 0, idx = s0; p < len; p++, idx += stride) d2[idx] = out[p + 1]!;
    }
  };
  pass(nx, 1, (q) => q * nx, ny * nz);
  pass(ny, nx, (q) => (q % nx) + nx * ny * Math.floor(q / nx), nx * nz);
  pass(nz, nx * ny, (q) => q, nx * ny);
  const res = new Float32Array(n);
  for (let i = 0; i < n; i++) res[i] = Math.sqrt(d2[i]!);
  return res;
}

/** 1-D squared distance transform of sampled function f[0..n) into out. */
function lowerEnvelope(f: Float64Array, n: number, out: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    // z[0] = -Infinity stops the loop at k = 0 (s is always finite).
    let s = (f[q]! + q * q - (f[v[k]!]! + v[k]! * v[k]!)) / (2 * q - 2 * v[k]!);
    while (s <= z[k]!) {
      k--;
      const p = v[k]!;
      s = (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    out[q] = (q - p) * (q - p) + f[p]!;
  }
}
