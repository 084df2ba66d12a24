/**
 * The regularised DCT warp after the affine fit (src/register/dct-warp.ts) and the labels
 * carried through it (src/register/warp-labels.ts), against independent references: a subject
 * made by pushing the built-in template through a known smooth non-affine field, an unwarped
 * subject (the warp must stay ~0), and warps whose label mapping has a closed form.
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas, builtinTemplate } from '../../src/atlas/index.js';
import { registerToTemplate } from '../../src/register/index.js';
import { displacement, type DctWarp } from '../../src/register/dct-warp.js';
import { inverseWarp, resampleLabelsWarped } from '../../src/register/warp-labels.js';
import { resampleLabels } from '../../src/volume/resample.js';
import { mappingError, trueField, warpedSubject } from '../helpers/warped-subject.js';

const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
const atlas = builtinAtlas({ voxelSize: 2 });
const WARP = { lambda: 0.5, stride: 16, iterations: 4 } as const;

describe('DCT warp after the affine fit', () => {
  it('recovers most of a known smooth non-affine field that the affine fit cannot', () => {
    const subject = warpedSubject(template, trueField);
    const affineOnly = registerToTemplate(subject, template);
    const warped = registerToTemplate(subject, template, { warp: WARP });
    const eA = mappingError(template, affineOnly, trueField), eW = mappingError(template, warped, trueField);
    expect(eA.n).toBeGreaterThan(1000);
    // the field is 4-6 mm; the affine leaves 1.6 mm RMS (measured), the warp 0.36 mm: require at least 60 % removed
    expect(eA.rms).toBeGreaterThan(1.2);
    expect(eW.rms).toBeLessThan(0.4 * eA.rms);
    expect(warped.warp!.ncc).toBeGreaterThan(affineOnly.similarity);
    expect(warped.stages.at(-1)!.name).toBe('warp');
  }, 60000);

  it('stays near zero on an unwarped subject', () => {
    const subject = warpedSubject(template, null);
    const r = registerToTemplate(subject, template, { warp: WARP });
    expect(r.warp!.maxDisplacementMm).toBeLessThan(1);
    const e = mappingError(template, r, null);
    expect(e.rms).toBeLessThan(0.7);
  }, 60000);

  it('is off unless asked for', () => {
    const r = registerToTemplate(warpedSubject(template, null), template);
    expect(r.warp ?? null).toBeNull();
  }, 60000);
});

describe('labels through affine + warp', () => {
  const dims: [number, number, number] = [60, 72, 60];
  const aff = [3.1, 0, 0, -93, 0, 3.1, 0, -128, 0, 0, 3.1, -80, 0, 0, 0, 1];
  // subject -> MNI: a small rotation about z and a shift
  const c = Math.cos(0.1), s = Math.sin(0.1);
  const s2m = Float64Array.from([c, -s, 0, 4, s, c, 0, -3, 0, 0, 1, 2, 0, 0, 0, 1]);
  const centre: [number, number, number] = [1, -18, 12];
  const base = { order: [3, 3, 3] as const, origin: [-90, -110, -80] as const, length: [180, 210, 170] as const };
  const agree = (a: Int16Array, b: Int16Array) => {
    let same = 0, labelled = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] !== 0 || b[i] !== 0) { labelled++; if (a[i] === b[i]) same++; }
    }
    return { share: same / labelled, labelled };
  };

  it('with a zero warp equal the affine resampling', () => {
    const w: DctWarp = { ...base, coef: new Float64Array(81) };
    const got = resampleLabelsWarped(atlas.labels, atlas.dims, atlas.affine, dims, aff, s2m, centre, inverseWarp(w));
    const ref = resampleLabels(atlas.labels, atlas.dims, atlas.affine, dims, aff, { worldTransform: s2m });
    const a = agree(got, ref);
    expect(a.labelled).toBeGreaterThan(20000);
    expect(a.share).toBeGreaterThan(0.999);
  });

  it('with a constant displacement equal the affine resampling shifted back by it', () => {
    // u = (6, -4, 0) mm everywhere (basis 0 is the constant): template x maps to W (x + u),
    // so subject voxel q carries the label at s2m(q) - u
    const coef = new Float64Array(81);
    coef[0] = 6;
    coef[27] = -4;
    const w: DctWarp = { ...base, coef };
    const got = resampleLabelsWarped(atlas.labels, atlas.dims, atlas.affine, dims, aff, s2m, centre, inverseWarp(w));
    const shifted = Float64Array.from(s2m);
    shifted[3] = s2m[3]! - 6;
    shifted[7] = s2m[7]! + 4;
    const ref = resampleLabels(atlas.labels, atlas.dims, atlas.affine, dims, aff, { worldTransform: shifted });
    const a = agree(got, ref);
    expect(a.share).toBeGreaterThan(0.999);
    // and it differs from the unshifted mapping (the warp is applied)
    const plain = resampleLabels(atlas.labels, atlas.dims, atlas.affine, dims, aff, { worldTransform: s2m });
    expect(agree(got, plain).share).toBeLessThan(0.9);
  });

  it('invert a smooth field: x + u(x) = p at the grid nodes to 0.05 mm', () => {
    const coef = new Float64Array(81);
    coef[1] = 5; // cos(pi t_x) in x
    coef[27 + 3] = -4; // cos(pi t_y) in y
    coef[54 + 9 + 1] = 3; // cos(pi t_x) cos(pi t_z) in z
    const w: DctWarp = { ...base, coef };
    const inv = inverseWarp(w);
    const ax = new Float64Array(9), bv = new Float64Array(27), u = new Float64Array(3);
    let worst = 0;
    const [gx, gy, gz] = inv.dims;
    for (let k = 0; k < gz; k += 2) for (let j = 0; j < gy; j += 2) for (let i = 0; i < gx; i += 2) {
      const q = 3 * (i + gx * (j + gy * k));
      const p = [inv.origin[0] + i * inv.spacing, inv.origin[1] + j * inv.spacing, inv.origin[2] + k * inv.spacing];
      const x = [p[0]! + inv.v[q]!, p[1]! + inv.v[q + 1]!, p[2]! + inv.v[q + 2]!];
      displacement(w, x[0]!, x[1]!, x[2]!, ax, bv, u);
      worst = Math.max(worst, Math.hypot(x[0]! + u[0]! - p[0]!, x[1]! + u[1]! - p[1]!, x[2]! + u[2]! - p[2]!));
    }
    expect(worst).toBeLessThan(0.05);
  });
});
