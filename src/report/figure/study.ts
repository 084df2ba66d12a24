/**
 * The study figure (1600 px wide): twelve axial slices in MNI space from the
 * cerebellar hemispheres (z = -48 mm) to below the vertex (z = 62 mm), a
 * coronal slice through the cerebellum and the midsagittal slice through the
 * vermis, the atlas outlines of cerebellum and cerebral cortex, a colour bar
 * in percent of the cortex mean, a 50 mm scale bar, the orientation in words,
 * the age chart and the caption (src/report/figure/caption.ts).
 */
import { wrapText } from '../font.js';
import { drawAgeChart } from './age-chart.js';
import { Canvas, INK, MUTED, type Canvas as CanvasT } from './canvas.js';
import { studyCaption, type CaptionLine } from './caption.js';
import { drawColorbar } from './colorbar.js';
import { colormapTable, type ColormapName, type Rgb } from './colormap.js';
import {
  AXIAL_H, AXIAL_LEVELS_MM, AXIAL_W, CORONAL_H, CORONAL_Y_MM, PX_PER_MM, SAGITTAL_X_MM,
  makePanel, orientationWords, panelTitle, type Orientation, type Panel,
} from './layout.js';
import { classTable, mniToVoxel, paintOutlines, paintValues, samplePanel, samplePanelClasses } from './slices.js';
import { LABEL_COLORS, WINDOW_PERCENT_OF_CORTEX, cortexReference, outlineColors, tracerOf, type FigureOptions, type FigureSource } from './source.js';
import { RegionGroup } from '../../vocabulary/region-groups.js';

export const FIGURE_WIDTH = 1600;
const LEFT = 16, GAP = 10, TITLE_H = 18, HEADER_H = 84;
/** Right column: colour bar, legend and scale bar. */
export const RIGHT_X = LEFT + 6 * (AXIAL_W + GAP) + 6;

/** The 14 panels of the slice grid, with their top-left corners, under a header of `top` pixels. */
export function slicePanels(orientation: Orientation, top = HEADER_H): Panel[] {
  const out: Panel[] = [];
  AXIAL_LEVELS_MM.forEach((z, i) => {
    const row = Math.floor(i / 6), col = i % 6;
    out.push(makePanel('axial', z, LEFT + col * (AXIAL_W + GAP), top + TITLE_H + row * (AXIAL_H + GAP + TITLE_H), orientation));
  });
  const y3 = top + TITLE_H + 2 * (AXIAL_H + GAP + TITLE_H);
  out.push(makePanel('coronal', CORONAL_Y_MM, LEFT, y3, orientation));
  out.push(makePanel('sagittal', SAGITTAL_X_MM, LEFT + AXIAL_W + GAP, y3, orientation));
  return out;
}

/** Bottom of the slice grid. */
export function gridBottom(top = HEADER_H): number {
  return top + TITLE_H + 2 * (AXIAL_H + GAP + TITLE_H) + CORONAL_H;
}

/** Sample and paint one panel of the study (values through `table` on [0, hi]) with its title and edge letters. */
export function paintStudyPanel(cv: CanvasT, p: Panel, s: FigureSource, vox: Float64Array, table: Uint8Array, hi: number, buf?: Float32Array): Float32Array {
  const vals = samplePanel(p, s.volume.data, s.volume.dims, vox, buf);
  paintValues(cv, p, vals, table, 0, hi);
  return vals;
}

export function panelDecorations(cv: CanvasT, p: Panel): void {
  cv.text(panelTitle(p), p.x, p.y - TITLE_H, INK, 2);
  const [l, r, t, b] = p.edges, W: Rgb = [255, 255, 255];
  cv.text(l, p.x + 4, p.y + Math.round(p.h / 2) - 7, W, 2);
  cv.text(r, p.x + p.w - 4, p.y + Math.round(p.h / 2) - 7, W, 2, 'right');
  cv.text(t, p.x + Math.round(p.w / 2), p.y + 4, W, 2, 'center');
  cv.text(b, p.x + Math.round(p.w / 2), p.y + p.h - 18, W, 2, 'center');
}

const classTables = new WeakMap<object, Uint8Array>();
/** Per atlas, the class plane of each panel geometry: the atlas lives in MNI space, so every study's panel is the same. */
const panelClasses = new WeakMap<object, Map<string, Uint8Array>>();

/** The atlas classes of a panel (computed once per atlas and geometry; shared, do not modify). */
function atlasClasses(p: Panel, a: FigureSource['atlas']): Uint8Array {
  let table = classTables.get(a);
  if (!table) { table = classTable(a.groups[RegionGroup.cerebellum] ?? [], a.groups[RegionGroup.cerebralCortex] ?? []); classTables.set(a, table); }
  let byPanel = panelClasses.get(a);
  if (!byPanel) { byPanel = new Map(); panelClasses.set(a, byPanel); }
  const key = `${p.w} ${p.h} ${p.corner.join(' ')} ${p.du.join(' ')} ${p.dv.join(' ')}`;
  let cls = byPanel.get(key);
  if (!cls) { cls = samplePanelClasses(p, a.labels, a.dims, mniToVoxel(a.affine, null), table); byPanel.set(key, cls); }
  return cls;
}

/** Atlas outlines of one panel. */
export function paintAtlasOutlines(cv: CanvasT, p: Panel, s: FigureSource, colors: { cerebellum: Rgb; cortex: Rgb }): void {
  paintOutlines(cv, p, atlasClasses(p, s.atlas), [null, colors.cerebellum, colors.cortex]);
}

/** Caption lines laid out: scale and colour per tone, wrapped to the width. */
export function layoutCaption(lines: readonly CaptionLine[], label: string, width: number): { text: string; scale: number; color: Rgb }[] {
  const out: { text: string; scale: number; color: Rgb }[] = [];
  for (const l of lines) {
    const scale = l.tone === 'headline' ? 4 : l.tone === 'note' || l.tone === 'muted' ? 2 : 3;
    const color: Rgb = l.tone === 'headline' ? LABEL_COLORS[label] ?? INK : l.tone === 'alert' ? [170, 0, 0] : l.tone === 'muted' ? MUTED : INK;
    for (const t of wrapText(l.text, Math.floor(width / (6 * scale)))) out.push({ text: t, scale, color });
  }
  return out;
}

export function drawCaption(cv: CanvasT, y: number, laid: readonly { text: string; scale: number; color: Rgb }[]): void {
  for (const l of laid) { cv.text(l.text, LEFT, y, l.color, l.scale); y += 10 * l.scale; }
}

export const captionHeight = (laid: readonly { scale: number }[]) => laid.reduce((h, l) => h + 10 * l.scale, 0);

/** Scale bar of 50 mm with its label. */
export function drawScaleBar(cv: CanvasT, x: number, y: number): void {
  const w = Math.round(50 * PX_PER_MM);
  cv.fill(x, y, w, 4, INK); cv.fill(x, y - 6, 2, 10, INK); cv.fill(x + w - 2, y - 6, 2, 10, INK);
  cv.text('50 mm', x + w + 10, y - 6, INK, 2);
}

/** Render the study figure as PNG bytes. */
export function renderStudyFigure(s: FigureSource, o: FigureOptions = {}): Uint8Array {
  const cmap: ColormapName = o.colormap ?? 'uniform', orientation = o.orientation ?? 'radiological';
  const rep = s.report;
  const laid = layoutCaption([...studyCaption(rep), {
    text: `Slices resampled into MNI space through the registration (atlas ${rep.registration.atlas}); values in % of the cerebral cortex mean; hatched grey: outside the acquired volume. spect-perfusion ${rep.software.version}.`,
    tone: 'muted',
  }], rep.classification.label, FIGURE_WIDTH - 2 * LEFT);
  const top = gridBottom() + 24;
  const cv = new Canvas(FIGURE_WIDTH, top + captionHeight(laid) + 16);
  cv.text('Perfusion SPECT: cerebellum and cortex', LEFT, 12, INK, 4);
  cv.text(`study ${rep.study.id}`, FIGURE_WIDTH - LEFT, 16, INK, 3, 'right');
  cv.text(orientationWords(orientation), LEFT, 50, INK, 2);
  const col = outlineColors(cmap);
  const table = colormapTable(cmap);
  const ref = cortexReference(s), hi = (ref * WINDOW_PERCENT_OF_CORTEX) / 100;
  const vox = mniToVoxel(s.volume.affine, s.mniToSubject);
  const panels = slicePanels(orientation);
  let buf: Float32Array | undefined;
  for (const p of panels) {
    buf = paintStudyPanel(cv, p, s, vox, table, hi, buf && buf.length === p.w * p.h ? buf : undefined);
    paintAtlasOutlines(cv, p, s, col);
    panelDecorations(cv, p);
  }
  // right column: colour bar, outline legend, scale bar
  const bar = { x: RIGHT_X + 10, y: 170, w: 30, h: 380 };
  const ticks = [0, 25, 50, 75, 100, 125, 150];
  drawColorbar(cv, bar, table, 0, WINDOW_PERCENT_OF_CORTEX, ticks, (v) => `${v} %`, ['uptake,', '% of cortex', 'mean']);
  const ly = bar.y + bar.h + 24;
  cv.fill(RIGHT_X + 10, ly, 30, 14, [0, 0, 0]); cv.fill(RIGHT_X + 12, ly + 6, 26, 3, col.cerebellum);
  cv.text('cerebellum', RIGHT_X + 48, ly, INK, 2);
  cv.fill(RIGHT_X + 10, ly + 22, 30, 14, [0, 0, 0]); cv.fill(RIGHT_X + 12, ly + 28, 26, 3, col.cortex);
  cv.text('cortex', RIGHT_X + 48, ly + 22, INK, 2);
  cv.text('(atlas outlines)', RIGHT_X + 10, ly + 44, MUTED, 2);
  drawScaleBar(cv, RIGHT_X + 10, ly + 84);
  // age chart beside the coronal and sagittal slices
  const last = panels[panels.length - 1]!;
  const ax = last.x + last.w + 16;
  drawAgeChart(cv, { x: ax, y: last.y - TITLE_H, w: FIGURE_WIDTH - ax - LEFT, h: last.h + TITLE_H }, {
    ageYears: rep.metadata.ageYears, ratio: rep.ratios.cerebellumToCortex, tracer: tracerOf(s),
    reference: rep.classification.reference ? { kind: rep.classification.reference.kind, mean: rep.classification.reference.mean, sd: rep.classification.reference.sd, n: rep.classification.reference.n } : null,
  });
  drawCaption(cv, top, laid);
  return cv.png();
}

/** A small image for tables: the axial slice through the cerebellar hemispheres (z = -28 mm), halved, framed in the label's colour. */
export function renderThumbnail(s: FigureSource, o: FigureOptions = {}): Uint8Array {
  const cmap: ColormapName = o.colormap ?? 'uniform';
  const p = makePanel('axial', -28, 0, 0, o.orientation ?? 'radiological');
  const big = new Canvas(p.w, p.h);
  const hi = (cortexReference(s) * WINDOW_PERCENT_OF_CORTEX) / 100;
  paintStudyPanel(big, p, s, mniToVoxel(s.volume.affine, s.mniToSubject), colormapTable(cmap), hi);
  paintAtlasOutlines(big, p, s, outlineColors(cmap));
  const w = Math.floor(p.w / 2), h = Math.floor(p.h / 2);
  const cv = new Canvas(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        const at = (dx: number, dy: number) => big.rgb[3 * ((2 * y + dy) * p.w + 2 * x + dx) + c]!;
        cv.rgb[3 * (y * w + x) + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1) + 2) >> 2;
      }
    }
  }
  cv.frame(0, 0, w, h, LABEL_COLORS[s.report.classification.label] ?? INK, 3);
  return cv.png();
}
