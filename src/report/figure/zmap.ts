/**
 * The z-map figure (a normal database was given), as eZIS and 3D-SSP show it:
 * the same MNI slices as the study figure, the study in grey underneath, and
 * the voxel z-scores of `AnalysisResult.zMap` (atlas grid; study / whole-brain
 * mean against the controls' mean and SD, src/classify/normals.ts) coloured
 * where |z| >= 2: blue below -2 (less uptake than the controls), red above +2,
 * with a diverging colour bar. The caption gives the share of cerebellar and
 * cortical voxels with z < -2.
 */
import { sampleNearest } from '../../kernels/trilinear.js';
import { Canvas, INK } from './canvas.js';
import { drawZColorbar } from './colorbar.js';
import { DEFAULT_Z_SCALE, colormapTable, zColor, type ZScale } from './colormap.js';
import { orientationWords, type Panel } from './layout.js';
import { mniToVoxel } from './slices.js';
import { WINDOW_PERCENT_OF_CORTEX, cortexReference, type FigureOptions, type FigureSource } from './source.js';
import {
  FIGURE_WIDTH, RIGHT_X, captionHeight, drawCaption, drawScaleBar, gridBottom, layoutCaption,
  paintAtlasOutlines, paintStudyPanel, panelDecorations, slicePanels,
} from './study.js';
import { RegionGroup } from '../../vocabulary/region-groups.js';

/** Share (0-1) of a group's atlas voxels with z below -threshold, or null when the group is empty. */
export function shareBelow(s: FigureSource, group: string, threshold = DEFAULT_Z_SCALE.threshold): number | null {
  const z = s.zMap, set = new Set(s.atlas.groups[group] ?? []);
  if (!z || set.size === 0) return null;
  let n = 0, k = 0;
  const L = s.atlas.labels;
  for (let i = 0; i < L.length; i++) if (set.has(L[i]!)) { n++; if (z[i]! < -threshold) k++; }
  return n ? k / n : null;
}

function overlay(cv: Canvas, p: Panel, s: FigureSource, zs: ZScale): void {
  const z = s.zMap!, a = s.atlas, m = mniToVoxel(a.affine, null);
  for (let row = 0; row < p.h; row++) {
    for (let col = 0; col < p.w; col++) {
      const u = col + 0.5, v = row + 0.5;
      const x = p.corner[0] + u * p.du[0] + v * p.dv[0], y = p.corner[1] + u * p.du[1] + v * p.dv[1], w = p.corner[2] + u * p.du[2] + v * p.dv[2];
      const zi = sampleNearest(z, a.dims, m[0]! * x + m[1]! * y + m[2]! * w + m[3]!, m[4]! * x + m[5]! * y + m[6]! * w + m[7]!, m[8]! * x + m[9]! * y + m[10]! * w + m[11]!, NaN);
      const c = zColor(zi, zs);
      if (c) cv.set(p.x + col, p.y + row, c);
    }
  }
}

/** Render the z-map figure as PNG bytes; null when the analysis has no z-map. */
export function renderZMapFigure(s: FigureSource, o: FigureOptions & { readonly zScale?: ZScale } = {}): Uint8Array | null {
  if (!s.zMap) return null;
  if (s.zMap.length !== s.atlas.labels.length) throw new RangeError('z-map and atlas grid differ');
  const zs = o.zScale ?? DEFAULT_Z_SCALE, orientation = o.orientation ?? 'radiological';
  const rep = s.report;
  const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);
  const laid = layoutCaption([
    { text: `z-map against the normal database (n = ${rep.normals?.n ?? '?'} controls)`, tone: 'headline' },
    { text: `Voxels with z < -${zs.threshold}: cerebellum ${pct(shareBelow(s, RegionGroup.cerebellum, zs.threshold))}, cerebral cortex ${pct(shareBelow(s, RegionGroup.cerebralCortex, zs.threshold))}.`, tone: 'number' },
    { text: `z = (study / whole-brain mean - controls' mean) / controls' SD in each MNI voxel; coloured where |z| >= ${zs.threshold} (blue: less uptake than the controls, red: more), saturated at |z| = ${zs.zMax}. Grey underneath: the study, 0-${WINDOW_PERCENT_OF_CORTEX} % of the cortex mean.`, tone: 'note' },
  ], 'indeterminate', FIGURE_WIDTH - 32);
  const top = gridBottom() + 24;
  const cv = new Canvas(FIGURE_WIDTH, top + captionHeight(laid) + 16);
  cv.text(`z-map: ${rep.study.id}`, 16, 12, INK, 4);
  cv.text(orientationWords(orientation), 16, 50, INK, 2);
  const grey = colormapTable('grey'), hi = (cortexReference(s) * WINDOW_PERCENT_OF_CORTEX) / 100;
  const vox = mniToVoxel(s.volume.affine, s.mniToSubject);
  let buf: Float32Array | undefined;
  for (const p of slicePanels(orientation)) {
    buf = paintStudyPanel(cv, p, s, vox, grey, hi, buf && buf.length === p.w * p.h ? buf : undefined);
    overlay(cv, p, s, zs);
    paintAtlasOutlines(cv, p, s, { cerebellum: [255, 40, 160], cortex: [255, 255, 255] });
    panelDecorations(cv, p);
  }
  drawZColorbar(cv, { x: RIGHT_X + 10, y: 170, w: 30, h: 380 }, zs, [200, 200, 200], ['z-score', `|z| < ${zs.threshold}:`, 'not coloured']);
  drawScaleBar(cv, RIGHT_X + 10, 640);
  drawCaption(cv, top, laid);
  return cv.png();
}
