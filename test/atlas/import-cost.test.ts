/**
 * Importing the package builds nothing: the atlas generator, the distance
 * transform, the template blur and the asset decoder are spied on and must not
 * run until an atlas or template is asked for (issue 16 §1). Then the 2 mm atlas
 * comes from the shipped asset (decoded once), other voxel sizes from the generator.
 */
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ rasterize: 0, edt: 0, blur: 0, decode: 0 }));

vi.mock('../../src/atlas/rasterize.js', async (orig) => {
  const m = await orig<typeof import('../../src/atlas/rasterize.js')>();
  return {
    ...m,
    rasterizeAtlas: (...a: Parameters<typeof m.rasterizeAtlas>) => {
      calls.rasterize++;
      return m.rasterizeAtlas(...a);
    },
  };
});
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
// the template's blur (and every other Gaussian blur)
vi.mock('../../src/kernels/gaussian.js', async (orig) => {
  const m = await orig<typeof import('../../src/kernels/gaussian.js')>();
  return {
    ...m,
    gaussianSmooth3d: (...a: Parameters<typeof m.gaussianSmooth3d>) => {
      calls.blur++;
      return m.gaussianSmooth3d(...a);
    },
  };
});
vi.mock('../../src/atlas/assets/format.js', async (orig) => {
  const m = await orig<typeof import('../../src/atlas/assets/format.js')>();
  return {
    ...m,
    decodeAsset: (...a: Parameters<typeof m.decodeAsset>) => {
      calls.decode++;
      return m.decodeAsset(...a);
    },
  };
});

describe('import cost', () => {
  it('importing the core and node entries builds no atlas, template or distance map', async () => {
    const core = await import('../../src/index.js');
    await import('../../src/node/index.js');
    expect(calls).toEqual({ rasterize: 0, edt: 0, blur: 0, decode: 0 });

    const atlas = core.builtinAtlas();
    expect(atlas.dims).toEqual([91, 109, 91]);
    expect(calls).toEqual({ rasterize: 0, edt: 0, blur: 0, decode: 1 });
    core.builtinTemplate({ tracer: 'ECD' });
    core.builtinPhantom();
    core.builtinAtlas({ voxelSize: 2 });
    expect(calls).toEqual({ rasterize: 0, edt: 0, blur: 1, decode: 1 });

    core.builtinAtlas({ voxelSize: 6 });
    expect(calls.rasterize).toBe(1);
    expect(calls.edt).toBe(1);
    expect(calls.decode).toBe(1);
  });
});
