/**
 * Agreement of the generated atlas with public atlases on the 2 mm MNI grid
 * (independent references: FSL MNI structural atlas, AAL, SPM12 grey matter
 * prior and HMPAO template). The figures are reported in docs/atlas.md; the
 * bounds below are the achieved values minus a small margin, so that a
 * parameter change that makes the atlas worse fails.
 */
import { expect, it } from 'vitest';
import { builtinAtlas, builtinTemplate, groupMask } from '../../src/atlas/index.js';
import { readNifti, readNiftiLabels } from '../../src/nifti/index.js';
import { resampleLabels, resampleVolume } from '../../src/volume/resample.js';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';

const FSL = 'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii';
const AAL = 'nifti/atlases/aal_mricron/aal.nii.gz';
const GREY = 'nifti/templates/spm12_OldSeg_grey.nii';
const SPECT = 'nifti/templates/spm12_OldNorm_SPECT.nii';

function dice(a: Uint8Array, b: (i: number) => boolean): number {
  let ab = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] === 1, y = b(i);
    if (x) na++;
    if (y) nb++;
    if (x && y) ab++;
  }
  return (2 * ab) / (na + nb);
}

function meanIn(values: Float32Array, mask: (i: number) => boolean): number {
  let s = 0, c = 0;
  for (let i = 0; i < values.length; i++) if (mask(i)) { s += values[i]!; c++; }
  return s / c;
}

describeShared('built-in atlas versus public atlases (2 mm MNI)', () => {
  const atlas = builtinAtlas();
  const onGrid = (rel: string): Int16Array => {
    const l = readNiftiLabels(sharedBytes(rel));
    const src = Int16Array.from(l.labels);
    return resampleLabels(src, l.volume.dims, l.volume.affine, atlas.dims, atlas.affine);
  };
  const fsl = onGrid(FSL);
  const aal = onGrid(AAL);
  const cerebellum = groupMask(atlas, 'cerebellum');

  it('the resampled FSL atlas keeps its golden label counts (grids map exactly)', () => {
    const g = golden<{ labels: { value: number; voxels: number }[] }>(FSL);
    for (const { value, voxels } of g.labels) {
      let c = 0;
      for (const v of fsl) if (v === value) c++;
      expect(c).toBe(voxels);
    }
  });

  it('cerebellum: Dice with FSL (value 2) and with AAL (91-116)', () => {
    const dF = dice(cerebellum, (i) => fsl[i] === 2);
    const dA = dice(cerebellum, (i) => aal[i]! >= 91 && aal[i]! <= 116);
    console.info(`cerebellum Dice FSL ${dF.toFixed(3)} AAL ${dA.toFixed(3)}`);
    expect(dF).toBeGreaterThan(0.85); // goal 0.85, achieved 0.861
    expect(dA).toBeGreaterThan(0.805); // goal 0.85, achieved 0.813 (FSL and AAL agree with each other only at 0.77)
  });

  it('cerebrum and cortex: Dice with the FSL lobes', () => {
    const lobes = new Set([3, 4, 5, 6, 8]);
    // the SPM grey prior is stored LAS: bring it onto the RAS grid (exact voxel mapping, nearest neighbour)
    const grey = resampleVolume(readNifti(sharedBytes(GREY)), atlas.dims, atlas.affine, { interpolation: 'nearest' }).data;
    const dC = dice(groupMask(atlas, 'cerebrum'), (i) => lobes.has(fsl[i]!));
    const dX = dice(groupMask(atlas, 'cerebralCortex'), (i) => lobes.has(fsl[i]!) && grey[i]! > 0.5);
    console.info(`cerebrum Dice ${dC.toFixed(3)}, cortex Dice ${dX.toFixed(3)}`);
    expect(dC).toBeGreaterThan(0.765); // goal 0.85, achieved 0.772: not reached (see docs/atlas.md)
    expect(dX).toBeGreaterThan(0.665); // goal 0.60, achieved 0.674
  });

  it('cerebellum/cortex ratio on the real HMPAO template is within 0.03 of the FSL-atlas value', () => {
    const spect = readNifti(sharedBytes(SPECT));
    expect(Array.from(spect.affine)).toEqual(Array.from(atlas.affine)); // SPECT.nii is stored RAS on the same grid
    const ref = golden<{ ratio_cerebellum_over_cortex: number }>('regional_ratio_SPECT').ratio_cerebellum_over_cortex;
    expect(ref).toBeCloseTo(1.068029, 6);
    // the reference value again, through our own resampling of the FSL atlas
    const lobes = new Set([3, 4, 5, 6, 8]);
    const fslRatio = meanIn(spect.data, (i) => fsl[i] === 2) / meanIn(spect.data, (i) => lobes.has(fsl[i]!));
    expect(fslRatio).toBeCloseTo(ref, 9);
    const cx = groupMask(atlas, 'cerebralCortex');
    const ours = meanIn(spect.data, (i) => cerebellum[i] === 1) / meanIn(spect.data, (i) => cx[i] === 1);
    console.info(`cerebellum/cortex on SPM HMPAO template with the built-in atlas: ${ours.toFixed(4)}`);
    expect(Math.abs(ours - ref)).toBeLessThan(0.03);
  });

  it('the built-in HMPAO template correlates with the SPM HMPAO template (voxelwise r > 0.89)', () => {
    const spect = readNifti(sharedBytes(SPECT)).data;
    const t = builtinTemplate({ tracer: 'HMPAO' }).data;
    let n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (let i = 0; i < t.length; i++) {
      const x = t[i]!, y = spect[i]!;
      if (x <= 0.05 && y <= 0) continue; // union of the two head supports
      n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
    }
    const r = (sxy - (sx * sy) / n) / Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    console.info(`voxelwise correlation with the SPM HMPAO template: ${r.toFixed(3)}`);
    expect(r).toBeGreaterThan(0.89); // achieved 0.911
  });
});
