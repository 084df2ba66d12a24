/**
 * The DCT warp's cerebellar gain (src/register/dct-warp.ts, warp-gain.ts): a subject made from the
 * built-in template with its cerebellum at a known fraction of the template's uptake and pushed
 * through a known smooth field; the fitted gain must find the fraction and the warp the field.
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas, builtinTemplate } from '../../src/atlas/index.js';
import { gaussianSmooth3d } from '../../src/kernels/gaussian.js';
import { registerToTemplate } from '../../src/register/index.js';
import { warpGainAt } from '../../src/register/warp-gain.js';
import { dilatedGroupRegion } from '../../src/regions/exclusion.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { mappingError, trueField, warpedSubject } from '../helpers/warped-subject.js';

const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
const atlas = builtinAtlas({ voxelSize: 2 });
const cb = new Set(atlas.groups.cerebellum);
const mask = new Float32Array(atlas.labels.length);
for (let i = 0; i < mask.length; i++) if (cb.has(atlas.labels[i]!)) mask[i] = 1;
/** The cerebellum blurred to 12 mm FWHM (6 voxels of 2 mm), as the pipeline's membership. */
const membership = createVolume({ data: gaussianSmooth3d(mask, atlas.dims, [6, 6, 6]), dims: atlas.dims, affine: atlas.affine });
const exclude = { volume: dilatedGroupRegion(atlas, 'cerebellum', 10) };

/** The template with its uptake scaled by 1 + (g - 1) S (S the membership on the same grid). */
function coldTemplate(g: number): Volume {
  const data = new Float32Array(template.data.length);
  for (let i = 0; i < data.length; i++) data[i] = template.data[i]! * (1 + (g - 1) * membership.data[i]!);
  return createVolume({ data, dims: template.dims, affine: template.affine });
}

const WARP = { lambda: 2, stride: 16, iterations: 4 } as const;

describe('DCT warp with a cerebellar gain', () => {
  for (const g of [0.5, 1]) {
    it(`finds a cerebellum at ${g} of the template's uptake and still the field`, () => {
      const subject = warpedSubject(coldTemplate(g), trueField);
      const affineOnly = registerToTemplate(subject, template, { exclude });
      const r = registerToTemplate(subject, template, { exclude, warp: { ...WARP, gain: { membership } } });
      expect(r.warp!.gain).not.toBeNull();
      expect(Math.abs(r.warp!.gain! - g)).toBeLessThan(0.05);
      const eA = mappingError(template, affineOnly, trueField),
        eW = mappingError(template, r, trueField);
      // the figures of docs/registration.md
      console.log(
        `cerebellum at ${g}: fitted gain ${r.warp!.gain!.toFixed(3)}, mapping RMS ${eA.rms.toFixed(2)} mm affine, ${eW.rms.toFixed(2)} mm gain warp`,
      );
      expect(eW.rms).toBeLessThan(0.6 * eA.rms);
    }, 60000);
  }

  it('has no gain without one, and rejects a weight outside (0, 1]', () => {
    const subject = warpedSubject(template, null);
    expect(registerToTemplate(subject, template, { exclude, warp: WARP }).warp!.gain).toBeNull();
    expect(() => registerToTemplate(subject, template, { exclude, warp: { ...WARP, gain: { membership, excludedWeight: 0 } } })).toThrow(
      RangeError,
    );
  }, 60000);

  it('weights the excluded points and samples the membership at every point', () => {
    const xyz = Float64Array.from([0, -60, -30, 0, 40, 20, 500, 0, 0]);
    const fx = { n: 3, xyz, f: new Float64Array(3), sumF: 0, sumFF: 0 };
    const g = warpGainAt(fx, [0, 0, 0], membership, exclude, 0.3);
    // MNI (0, -60, -30): cerebellar vermis; (0, 40, 20): frontal; (500, 0, 0): off the grid
    expect(g.membership[0]).toBeGreaterThan(0.5);
    expect(g.membership[1]).toBeLessThan(0.01);
    expect(g.membership[2]).toBe(0);
    expect(Array.from(g.weight)).toEqual([0.3, 1, 1]);
    expect(warpGainAt(fx, [0, 0, 0], membership, exclude, 0.3)).toBe(g);
  });
});
