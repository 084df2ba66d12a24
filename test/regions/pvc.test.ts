/**
 * GTM partial-volume correction (src/regions/pvc.ts) on a piecewise-constant
 * head built from the atlas regions and blurred with a known resolution: the
 * corrected ratio must recover the ratio put in, which the plain regional
 * means miss by far at 12 mm.
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas } from '../../src/atlas/index.js';
import { distanceInside } from '../../src/atlas/edt.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { gtmCerebellarRatio } from '../../src/regions/pvc.js';
import { createVolume } from '../../src/volume/volume.js';

const atlas = builtinAtlas({ voxelSize: 2 });
const cb = new Set(atlas.groups.cerebellum), cx = new Set(atlas.groups.cerebralCortex);
const TRUE = { cb: 0.45, cx: 1, other: 0.55, scalp: 0.2 };

function head(fwhmMm: number) {
  const n = atlas.labels.length;
  const outside = new Uint8Array(n);
  for (let i = 0; i < n; i++) outside[i] = atlas.labels[i]! > 0 ? 0 : 1;
  const d = distanceInside(outside, atlas.dims);
  const act = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const l = atlas.labels[i]!;
    act[i] = l <= 0 ? (d[i]! * 2 > 8 && d[i]! * 2 <= 14 ? TRUE.scalp : 0) : cb.has(l) ? TRUE.cb : cx.has(l) ? TRUE.cx : TRUE.other;
  }
  const f = fwhmMm / 2;
  return createVolume({ data: gaussianSmooth3d(act, atlas.dims, [f, f, f]), dims: atlas.dims, affine: atlas.affine });
}

function plainRatio(v: ReturnType<typeof head>): number {
  let sb = 0, nb = 0, sc = 0, nc = 0;
  for (let i = 0; i < v.data.length; i++) {
    const l = atlas.labels[i]!;
    if (cb.has(l)) { sb += v.data[i]!; nb++; } else if (cx.has(l)) { sc += v.data[i]!; nc++; }
  }
  return sb / nb / (sc / nc);
}

const identity = Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);

describe('GTM partial-volume-corrected ratio', () => {
  it('recovers the true cerebellum/cortex ratio at the true resolution (12 mm), where the plain ratio is far off', () => {
    const v = head(12);
    const plain = plainRatio(v);
    expect(Math.abs(plain - TRUE.cb)).toBeGreaterThan(0.1);
    const r = gtmCerebellarRatio(v, atlas, identity, 1, 12);
    expect(r.ratio).not.toBeNull();
    // 4 mm working grid and a scalp shell that is not uniform over the 20 mm region: within 5 %
    expect(Math.abs(r.ratio! / TRUE.cb - 1)).toBeLessThan(0.05);
    expect(r.fwhmMm).toBe(12);
  });

  it('a brain scale enters as the resolution in MNI mm (FWHM / scale)', () => {
    const v = head(12);
    // the same image read as a 10 % smaller head imaged at 10.8 mm: FWHM in MNI mm is 12 again
    const a = gtmCerebellarRatio(v, atlas, identity, 0.9, 10.8).ratio!;
    const b = gtmCerebellarRatio(v, atlas, identity, 1, 12).ratio!;
    expect(a).toBeCloseTo(b, 6);
  });

  it('the corrected ratio depends on the resolution assumed (under-correction at a smaller FWHM)', () => {
    const v = head(14);
    const at14 = gtmCerebellarRatio(v, atlas, identity, 1, 14).ratio!;
    const at10 = gtmCerebellarRatio(v, atlas, identity, 1, 10).ratio!;
    expect(Math.abs(at14 / TRUE.cb - 1)).toBeLessThan(0.05);
    expect(at10).toBeGreaterThan(at14);
  });
});
