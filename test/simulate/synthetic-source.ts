/** A small synthetic MNI-like source (ellipsoid brain, cortical shell, cerebellar blob) built in the test. */
import { createVolume } from '../../src/volume/volume.js';
import type { SimSource } from '../../src/simulate/index.js';

export const SYN = { cortex: 100, interior: 60, cerebellum: 110 } as const;

export function syntheticSource(): SimSource {
  const v = 3;
  const dims = [48, 56, 48] as const;
  const origin = [-72, -108, -60];
  const n = dims[0] * dims[1] * dims[2];
  const act = new Float32Array(n);
  const lab = new Int16Array(n);
  // labels stored x-flipped (LAS), like the FSL atlas, to exercise the affines
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    const x = origin[0]! + v * i, y = origin[1]! + v * j, z = origin[2]! + v * k;
    const e = (x / 65) ** 2 + ((y + 18) / 85) ** 2 + ((z - 15) / 60) ** 2;
    const c = (x / 40) ** 2 + ((y + 60) / 24) ** 2 + ((z + 32) / 18) ** 2;
    const p = i + dims[0] * (j + dims[1] * k);
    const pl = dims[0] - 1 - i + dims[0] * (j + dims[1] * k);
    if (c <= 1) { act[p] = SYN.cerebellum; lab[pl] = 2; }
    else if (e <= 1 && e > 0.7) { act[p] = SYN.cortex; lab[pl] = 3; }
    else if (e <= 0.7) act[p] = SYN.interior;
  }
  const affine = [v, 0, 0, origin[0]!, 0, v, 0, origin[1]!, 0, 0, v, origin[2]!, 0, 0, 0, 1];
  const lafine = [-v, 0, 0, origin[0]! + v * (dims[0] - 1), 0, v, 0, origin[1]!, 0, 0, v, origin[2]!, 0, 0, 0, 1];
  return {
    activity: createVolume({ data: act, dims, affine }),
    labels: { data: lab, dims, affine: lafine, cerebellum: [2], cortex: [3] },
  };
}
