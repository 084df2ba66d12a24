/**
 * Agreement of the generated atlas with public atlases on the 2 mm MNI grid
 * (independent references: FSL MNI structural atlas, AAL, SPM12 grey matter
 * prior and HMPAO template). The figures are reported in docs/atlas.md. The
 * bounds are the goals (cerebellum Dice >= 0.85 with FSL and with AAL,
 * cortex Dice >= 0.60, HMPAO ratio within 0.03 of the FSL-atlas value). The
 * cerebrum goal (0.85) is NOT met: it is recorded as a known gap (`it.fails`)
 * next to a regression floor.
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
const WHITE = 'nifti/templates/spm12_OldSeg_white.nii';

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
    expect(dF).toBeGreaterThanOrEqual(0.85); // issue goal 0.85 (achieved 0.854)
    expect(dA).toBeGreaterThanOrEqual(0.85); // issue goal 0.85 (achieved 0.852; FSL and AAL agree with each other only at 0.77)
  });

  const lobes = new Set([3, 4, 5, 6, 8]);
  // the SPM priors are stored LAS: bring them onto the RAS grid (exact voxel mapping, nearest neighbour)
  const prior = (rel: string): Float32Array =>
    resampleVolume(readNifti(sharedBytes(rel)), atlas.dims, atlas.affine, { interpolation: 'nearest' }).data;
  const grey = prior(GREY);
  const cerebrumDice = (): number => dice(groupMask(atlas, 'cerebrum'), (i) => lobes.has(fsl[i]!));

  it('cerebrum and cortex: Dice with the FSL lobes', () => {
    const dC = cerebrumDice();
    const dX = dice(groupMask(atlas, 'cerebralCortex'), (i) => lobes.has(fsl[i]!) && grey[i]! > 0.5);
    console.info(`cerebrum Dice ${dC.toFixed(3)}, cortex Dice ${dX.toFixed(3)}`);
    expect(dX).toBeGreaterThanOrEqual(0.6); // issue goal 0.60 (achieved 0.704)
    expect(dC).toBeGreaterThan(0.755); // regression floor only (achieved 0.766); the issue goal is below
  });

  // Known gap (docs/atlas.md): the FSL lobes leave most deep white matter unlabelled and reach
  // 1-2 mm beyond the brain; a smooth hull with a depth rule stays near 0.76-0.79. When this
  // test starts "failing", the goal has been met: turn it into a plain assertion.
  it.fails('cerebrum reaches the issue goal (Dice >= 0.85 with FSL lobes 3,4,5,6,8): known gap', () => {
    expect(cerebrumDice()).toBeGreaterThanOrEqual(0.85);
  });

  it('sits where the MNI brain is: centroids within 1.5 mm of the SPM12 priors and FSL lobes', () => {
    const white = prior(WHITE);
    const [nx, ny] = atlas.dims;
    const centroid = (m: (i: number) => boolean): number[] => {
      let sx = 0, sy = 0, sz = 0, c = 0;
      for (let i = 0; i < atlas.labels.length; i++) {
        if (!m(i)) continue;
        // voxel (i, j, k) -> MNI mm on the atlas grid (origin -90, -126, -72; 2 mm)
        sx += -90 + 2 * (i % nx); sy += -126 + 2 * (Math.floor(i / nx) % ny); sz += -72 + 2 * Math.floor(i / (nx * ny)); c++;
      }
      return [sx / c, sy / c, sz / c];
    };
    const dist = (a: number[], b: number[]): number => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);
    const ours = centroid((i) => atlas.labels[i]! > 0);
    const spm = centroid((i) => grey[i]! + white[i]! > 0.5);
    const cbr = groupMask(atlas, 'cerebrum');
    const ourCbr = centroid((i) => cbr[i] === 1);
    const fslLobes = centroid((i) => lobes.has(fsl[i]!));
    console.info(`brain centroid ${ours.map((v) => v.toFixed(1))} vs SPM ${spm.map((v) => v.toFixed(1))}; cerebrum ${ourCbr.map((v) => v.toFixed(1))} vs FSL lobes ${fslLobes.map((v) => v.toFixed(1))}`);
    expect(dist(ours, spm)).toBeLessThan(1.5);
    expect(dist(ourCbr, fslLobes)).toBeLessThan(1.5);
    // the cerebellum lies between the two public definitions (FSL lower, AAL higher)
    const cb = centroid((i) => cerebellum[i] === 1);
    const zF = centroid((i) => fsl[i] === 2)[2]!, zA = centroid((i) => aal[i]! >= 91 && aal[i]! <= 116)[2]!;
    expect(cb[2]).toBeGreaterThan(zF);
    expect(cb[2]).toBeLessThan(zA + 0.5);
  });

  it('cerebellum/cortex ratio on the real HMPAO template is within 0.03 of the FSL-atlas value', () => {
    const spect = readNifti(sharedBytes(SPECT));
    expect(Array.from(spect.affine)).toEqual(Array.from(atlas.affine)); // SPECT.nii is stored RAS on the same grid
    const ref = golden<{ ratio_cerebellum_over_cortex: number }>('regional_ratio_SPECT').ratio_cerebellum_over_cortex;
    expect(ref).toBeCloseTo(1.068029, 6);
    // the reference value again, through our own resampling of the FSL atlas
    const fslRatio = meanIn(spect.data, (i) => fsl[i] === 2) / meanIn(spect.data, (i) => lobes.has(fsl[i]!));
    expect(fslRatio).toBeCloseTo(ref, 9);
    const cx = groupMask(atlas, 'cerebralCortex');
    const ours = meanIn(spect.data, (i) => cerebellum[i] === 1) / meanIn(spect.data, (i) => cx[i] === 1);
    console.info(`cerebellum/cortex on SPM HMPAO template with the built-in atlas: ${ours.toFixed(4)}`);
    expect(Math.abs(ours - ref)).toBeLessThan(0.03); // issue goal (achieved 1.077)
  });

  it('the built-in HMPAO template correlates with the SPM HMPAO template (voxelwise r > 0.91)', () => {
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
    expect(r).toBeGreaterThan(0.91); // achieved 0.919 (0.911 before the offset fix)
  });
});
