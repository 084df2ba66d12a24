import { describe, expect, it } from 'vitest';
import { builtinAtlas, BUILTIN_GROUPS, BUILTIN_LABELS, groupMask, mniGrid } from '../../src/atlas/index.js';
import { AtlasError } from '../../src/errors.js';
import { applyAffine } from '../../src/volume/affine.js';

const atlas = builtinAtlas();
const [nx, ny, nz] = atlas.dims;

function centroid(mask: Uint8Array): [number, number, number] {
  let sx = 0, sy = 0, sz = 0, c = 0;
  for (let k = 0, idx = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) {
    if (!mask[idx]) continue;
    sx += i; sy += j; sz += k; c++;
  }
  return applyAffine(atlas.affine, sx / c, sy / c, sz / c);
}
const count = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);
const ml = (g: string): number => (count(groupMask(atlas, g)) * 8) / 1000; // 2 mm voxels -> ml

describe('builtin atlas grid', () => {
  it('is the 2 mm MNI grid in RAS storage', () => {
    expect(atlas.dims).toEqual([91, 109, 91]);
    expect(Array.from(atlas.affine)).toEqual([2, 0, 0, -90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]);
    expect(atlas.labels).toBeInstanceOf(Int16Array);
    expect(atlas.labels.length).toBe(91 * 109 * 91);
  });
  it('other voxel sizes cover the same box', () => {
    expect(mniGrid(1).dims).toEqual([181, 217, 181]);
    expect(mniGrid(3).dims).toEqual([61, 73, 61]);
    expect(() => mniGrid(0.1)).toThrow(AtlasError);
    expect(() => builtinAtlas({ voxelSize: Number.NaN })).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
  });
  it('is cached per voxel size', () => {
    expect(builtinAtlas({ voxelSize: 2 })).toBe(atlas);
  });
});

describe('builtin atlas labels and groups', () => {
  it('only uses listed values, and every label is present', () => {
    const values = new Set<number>(BUILTIN_LABELS.map((l) => l.value));
    const seen = new Set<number>();
    for (const v of atlas.labels) seen.add(v);
    for (const v of seen) expect(v === 0 || values.has(v)).toBe(true);
    for (const v of values) expect(seen.has(v)).toBe(true);
  });
  it('groups name only table values; sides agree with names', () => {
    const values = new Set<number>(BUILTIN_LABELS.map((l) => l.value));
    for (const g of Object.values(BUILTIN_GROUPS)) for (const v of g) expect(values.has(v)).toBe(true);
    for (const l of BUILTIN_LABELS) {
      if (l.side === 'L') expect(l.name).toMatch(/ L( |$)/);
      if (l.side === 'R') expect(l.name).toMatch(/ R( |$)/);
    }
  });
  it('groupMask counts match the label counts; unknown group throws ATLAS_ERROR', () => {
    let n1 = 0, n2 = 0, n3 = 0;
    for (const v of atlas.labels) { if (v === 1) n1++; else if (v === 2) n2++; else if (v === 3) n3++; }
    expect(count(groupMask(atlas, 'cerebellum'))).toBe(n1 + n2 + n3);
    expect(count(groupMask(atlas, 'Cerebellum hemisphere L'))).toBe(n1);
    expect(() => groupMask(atlas, 'nope')).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
  });
});

describe('builtin atlas anatomy (orientation and sizes)', () => {
  it('left is left, front is front, cerebellum is low and posterior', () => {
    expect(centroid(groupMask(atlas, 'cerebellumLeft'))[0]).toBeLessThan(-15);
    expect(centroid(groupMask(atlas, 'cerebellumRight'))[0]).toBeGreaterThan(15);
    expect(centroid(groupMask(atlas, 'cortexLeft'))[0]).toBeLessThan(-20);
    const fr = centroid(groupMask(atlas, 'frontal')), oc = centroid(groupMask(atlas, 'occipital'));
    expect(fr[1]).toBeGreaterThan(oc[1] + 60);
    const cb = centroid(groupMask(atlas, 'cerebellum')), cx = centroid(groupMask(atlas, 'cerebralCortex'));
    expect(cb[2]).toBeLessThan(cx[2] - 40);
    expect(cb[1]).toBeLessThan(-45);
    // thalamus medial to putamen; caudate anterior to thalamus
    expect(Math.abs(centroid(groupMask(atlas, 'thalamus'))[0])).toBeLessThan(3); // bilateral group
    expect(centroid(groupMask(atlas, 'caudate'))[1]).toBeGreaterThan(centroid(groupMask(atlas, 'thalamus'))[1] + 15);
  });
  it('the cerebellar hemispheres stay under the tentorium, the cerebrum over it', () => {
    // tentorial roof z < -8 - 0.35 |x| (ATLAS_SHAPES.tentorium); only the vermis rises above it
    let above = 0, lateral = 0, cerebrumBelow = 0;
    for (let k = 0, idx = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) {
      const v = atlas.labels[idx]!;
      const x = -90 + 2 * i, z = -72 + 2 * k;
      const roof = -8 - 0.35 * Math.abs(x);
      if ((v === 1 || v === 2) && Math.abs(x) >= 28) { lateral++; if (z > roof) above++; } // lateral to the vermis blend
      if (v >= 11 && v <= 18 && Math.abs(x) >= 20 && Math.abs(x) <= 44 && z < roof - 2 && Math.abs(-126 + 2 * j + 68) <= 16) cerebrumBelow++; // over the hemispheres, y -84..-52
    }
    expect(lateral).toBeGreaterThan(8000);
    expect(above).toBe(0);
    expect(cerebrumBelow).toBe(0); // occipito-temporal cortex over the hemispheres rests on the tentorium
  });
  it('has plausible volumes (ml) for an MNI152-sized brain', () => {
    // MNI152 brain ~ 1.5-1.9 l; cerebellum ~ 0.14-0.25 l (atlases at 25% threshold are generous)
    const brain = ml('wholeBrain');
    expect(brain).toBeGreaterThan(1400);
    expect(brain).toBeLessThan(1900);
    expect(ml('cerebellum')).toBeGreaterThan(140);
    expect(ml('cerebellum')).toBeLessThan(260);
    expect(ml('thalamus')).toBeGreaterThan(8);
    expect(ml('thalamus')).toBeLessThan(25);
    expect(ml('brainstem')).toBeGreaterThan(15);
    expect(ml('brainstem')).toBeLessThan(45);
  });
  it('is nearly symmetric left/right', () => {
    const l = count(groupMask(atlas, 'cortexLeft')), r = count(groupMask(atlas, 'cortexRight'));
    expect(Math.abs(l - r) / (l + r)).toBeLessThan(0.03);
  });
  it('gives the same anatomy at 3 mm (volumes within 8%)', () => {
    const a3 = builtinAtlas({ voxelSize: 3 });
    expect(a3.dims).toEqual([61, 73, 61]);
    for (const g of ['cerebellum', 'cerebralCortex', 'cerebrum', 'thalamus']) {
      const v3 = (count(groupMask(a3, g)) * 27) / 1000;
      expect(Math.abs(v3 / ml(g) - 1)).toBeLessThan(0.08);
    }
  });
});
