/**
 * The cerebellar masks shipped with the built-in 2 mm atlas (src/regions/shipped): the same bits
 * as the rim and exclusion code compute, used without a distance transform, and refused when
 * damaged or made with other settings. (test/atlas/assets.test.ts checks that the generated module
 * in the tree is byte-identical to a fresh generation.)
 */
import { describe, expect, it, vi } from 'vitest';
import { builtinAtlas } from '../../src/atlas/builtin.js';
import { AtlasError } from '../../src/errors.js';
import { CEREBELLAR_MASK_SETTINGS } from '../../src/regions/cerebellar-settings.js';
import { computeDilatedGroupRegion, dilatedGroupRegion } from '../../src/regions/exclusion.js';
import { computeMeasuredLabels, measuredLabels } from '../../src/regions/rim.js';
import { CEREBELLAR_MASKS_2MM } from '../../src/regions/shipped/cerebellar-masks-2mm.js';
import { cerebellarMaskVoxels } from '../../src/regions/shipped/generate.js';
import { EXCLUDED_BIT, RIM_BIT, shippedCerebellarMasks } from '../../src/regions/shipped/masks.js';

const calls = { edt: 0 };
vi.mock('../../src/atlas/edt.js', async (orig) => {
  const m = await orig<typeof import('../../src/atlas/edt.js')>();
  return {
    ...m,
    distanceInside: (...a: Parameters<typeof m.distanceInside>) => {
      calls.edt++;
      return m.distanceInside(...a);
    },
  };
});

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  expect(diff).toBe(0);
};

describe('shipped cerebellar masks', () => {
  const atlas = builtinAtlas();

  it('are read without a distance transform, and are what the rim and exclusion code compute', () => {
    calls.edt = 0;
    const measured = measuredLabels(atlas);
    const excluded = dilatedGroupRegion(atlas, 'cerebellum', CEREBELLAR_MASK_SETTINGS.marginMm);
    expect(calls.edt).toBe(0);
    same(measured, computeMeasuredLabels(atlas));
    same(excluded.data, computeDilatedGroupRegion(atlas, 'cerebellum', CEREBELLAR_MASK_SETTINGS.marginMm).data);
    expect(calls.edt).toBe(2);
    same(shippedCerebellarMasks(atlas, CEREBELLAR_MASK_SETTINGS)!, cerebellarMaskVoxels());
    // the masks are not empty: about the rim and the cerebellum with 10 mm of margin
    const m = shippedCerebellarMasks(atlas, CEREBELLAR_MASK_SETTINGS)!;
    let rim = 0,
      ex = 0;
    for (let i = 0; i < m.length; i++) {
      if (m[i]! & RIM_BIT) rim++;
      if (m[i]! & EXCLUDED_BIT) ex++;
    }
    expect(rim).toBeGreaterThan(100);
    expect(ex).toBeGreaterThan(20000);
  });

  it('are not used for another atlas object, another group or another margin', () => {
    // the built-in atlas cannot have its labels or groups swapped
    expect(Object.isFrozen(atlas)).toBe(true);
    const copy = { ...atlas, labels: new Int16Array(atlas.labels) };
    expect(shippedCerebellarMasks(copy, CEREBELLAR_MASK_SETTINGS)).toBeNull();
    calls.edt = 0;
    same(measuredLabels(copy), measuredLabels(atlas));
    expect(calls.edt).toBe(1);
    // cached per group and margin (the vermis with 10 mm is not the cerebellum's region)
    const vermis = dilatedGroupRegion(atlas, 'vermis', 10).data;
    same(vermis, computeDilatedGroupRegion(atlas, 'vermis', 10).data);
    let fewer = 0;
    const cb = dilatedGroupRegion(atlas, 'cerebellum', 10).data;
    for (let i = 0; i < cb.length; i++) if (cb[i] !== vermis[i]) fewer++;
    expect(fewer).toBeGreaterThan(1000);
    same(dilatedGroupRegion(atlas, 'cerebellum', 6).data, computeDilatedGroupRegion(atlas, 'cerebellum', 6).data);
  });

  it('a damaged copy or one made with other settings is refused with AtlasError', () => {
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(AtlasError);
        return (e as AtlasError).details?.reason;
      }
      return 'no error';
    };
    expect(reason(() => shippedCerebellarMasks(atlas, { ...CEREBELLAR_MASK_SETTINGS, rimMm: 3 }))).toBe('generator');
    const lines = [...CEREBELLAR_MASKS_2MM];
    const last = lines.length - 1;
    lines[last] = (lines[last]!.startsWith('A') ? 'B' : 'A') + lines[last]!.slice(1);
    expect(reason(() => shippedCerebellarMasks(atlas, CEREBELLAR_MASK_SETTINGS, lines))).toBe('checksum');
    expect(reason(() => shippedCerebellarMasks(atlas, CEREBELLAR_MASK_SETTINGS, ['@@@@']))).toBe('base64');
  });
});
