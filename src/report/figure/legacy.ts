/**
 * The first report figure, kept for callers of `renderFigure` (the browser
 * example): superseded by `renderStudyFigure` (src/report/figure/study.ts).
 * Three orthogonal slices through the cerebellum (RAS
 * display: axial and coronal with the patient's right on the image left, as
 * radiologists read them), with the atlas cerebellum outlined in cyan and the
 * cerebral cortex in yellow, and below them the measured ratio against the
 * reference band (mean +/- 2 SD, darker +/- 1 SD), and under it the caption:
 * the label with the percent loss, the reference used, and the clinical
 * notes (OMS/neuroblastoma, provisional reference, normal-database warnings),
 * one per line (`figureCaption`).
 */
import { ErrorCode, GeometryError } from '../../errors.js';
import type { Volume } from '../../volume/volume.js';
import { applyAffineInto, invert4, type Mat4 } from '../../volume/affine.js';
import { drawText } from '../font.js';
import { encodePngRgb } from '../png.js';

export interface FigureInput {
  readonly volume: Volume;
  /** Atlas labels carried into the study grid (same dims as the volume). */
  readonly labels: Int16Array;
  readonly cerebellumLabels: readonly number[];
  readonly cortexLabels: readonly number[];
  /** Centre of the slices in RAS mm (e.g. the cerebellum's centroid). */
  readonly centre: readonly [number, number, number];
  readonly ratio: number | null;
  readonly reference: { readonly mean: number; readonly sd: number; readonly label: string } | null;
  /** One line, or several (see `figureCaption`); each line is cut at 90 characters. */
  readonly caption: string | readonly string[];
}

const PANEL = 180; // pixels = mm (1 mm per pixel)
const MARGIN = 10;
const BAR_H = 70;
const LINE_H = 10;

/** Render the figure as PNG bytes. */
export function renderFigure(f: FigureInput): Uint8Array {
  const width = 3 * PANEL + 4 * MARGIN;
  const caption = typeof f.caption === 'string' ? [f.caption] : f.caption;
  const height = PANEL + BAR_H + 3 * MARGIN + 14 + LINE_H * Math.max(0, caption.length - 1);
  const rgb = new Uint8Array(width * height * 3);
  const inv = invert4(f.volume.affine);
  if (!inv) throw new GeometryError(ErrorCode.INVALID_GEOMETRY, 'volume affine is singular');
  const win = displayWindow(f.volume.data);
  const img: Canvas = { rgb, width, height };
  const panelLabels = new Int16Array(PANEL * PANEL);
  for (let panel = 0; panel < 3; panel++) {
    const ox = MARGIN + panel * (PANEL + MARGIN), oy = MARGIN + 14;
    samplePanel(img, f, inv, win, panel, panelLabels, ox, oy);
    outlinePanel(img, panelLabels, ox, oy);
    drawText(rgb, width, height, ['axial R|L', 'coronal R|L', 'sagittal A|P'][panel]!, ox, MARGIN, [200, 200, 200]);
  }
  drawRatioBar(img, f, caption);
  return encodePngRgb(rgb, width, height);
}

/** The RGB image being drawn. */
interface Canvas {
  readonly rgb: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Display window: 99.5th percentile of the non-zero voxels via a 1024-bin histogram (1 when there is none). */
function displayWindow(data: Volume['data']): number {
  let max = 0;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  const hist = new Float64Array(1024);
  let nnz = 0;
  if (max > 0) for (let i = 0; i < data.length; i++) { const v = data[i]!; if (v > 0) { hist[Math.min(1023, Math.floor((v / max) * 1024))]! += 1; nnz++; } }
  let acc = 0, win = max;
  for (let b = 0; b < 1024; b++) { acc += hist[b]!; if (acc >= 0.995 * nnz) { win = ((b + 1) / 1024) * max; break; } }
  if (!(win > 0)) win = 1;
  return win;
}

/** Grey values of one panel (nearest voxel, 1 mm per pixel, centred on f.centre) at (ox, oy), and its classes (1 cerebellum, 2 cortex) in panelLabels. */
function samplePanel(img: Canvas, f: FigureInput, inv: Mat4, win: number, panel: number, panelLabels: Int16Array, ox: number, oy: number): void {
  const { rgb, width } = img;
  const [nx, ny, nz] = f.volume.dims;
  const data = f.volume.data;
  const cb = new Set(f.cerebellumLabels), cx = new Set(f.cortexLabels);
  const p: [number, number, number] = [0, 0, 0];
  const [c0, c1, c2] = f.centre;
  for (let v = 0; v < PANEL; v++) {
    for (let u = 0; u < PANEL; u++) {
      const a = PANEL / 2 - u, b = PANEL / 2 - v; // image left = patient right; image top = superior/anterior
      let x = c0, y = c1, z = c2;
      if (panel === 0) { x = c0 + a; y = c1 + b; }        // axial: rows anterior (top) to posterior
      else if (panel === 1) { x = c0 + a; z = c2 + b; }   // coronal
      else { y = c1 + a; z = c2 + b; }                    // sagittal: anterior on the image left
      applyAffineInto(p, inv, x, y, z);
      const i = Math.floor(p[0] + 0.5), j = Math.floor(p[1] + 0.5), k = Math.floor(p[2] + 0.5);
      let g = 0, lab = 0;
      if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) {
        const idx = i + nx * (j + ny * k);
        g = Math.max(0, Math.min(255, Math.round((data[idx]! / win) * 255)));
        lab = f.labels[idx]!;
      }
      panelLabels[v * PANEL + u] = cb.has(lab) ? 1 : cx.has(lab) ? 2 : 0;
      const o = 3 * ((oy + v) * width + ox + u);
      rgb[o] = rgb[o + 1] = rgb[o + 2] = g;
    }
  }
}

/** Outlines: a pixel whose class differs from a 4-neighbour's, cyan for the cerebellum, yellow for the cortex. */
function outlinePanel(img: Canvas, panelLabels: Int16Array, ox: number, oy: number): void {
  const { rgb, width } = img;
  for (let v = 1; v < PANEL - 1; v++) {
    for (let u = 1; u < PANEL - 1; u++) {
      const c = panelLabels[v * PANEL + u]!;
      if (c === 0) continue;
      if (panelLabels[v * PANEL + u - 1] === c && panelLabels[v * PANEL + u + 1] === c &&
          panelLabels[(v - 1) * PANEL + u] === c && panelLabels[(v + 1) * PANEL + u] === c) continue;
      const o = 3 * ((oy + v) * width + ox + u);
      if (c === 1) { rgb[o] = 0; rgb[o + 1] = 220; rgb[o + 2] = 255; } else { rgb[o] = 255; rgb[o + 1] = 210; rgb[o + 2] = 0; }
    }
  }
}

/** Fill the rectangle [x0, x1] x [y0, y1) (clipped to the image) with `col`. */
function fillRect(img: Canvas, x0: number, x1: number, y0: number, y1: number, col: readonly [number, number, number]): void {
  const { rgb, width, height } = img;
  for (let y = y0; y < y1; y++) for (let x = x0; x <= x1; x++) {
    if (x < 0 || y < 0 || x >= width || y >= height) continue;
    const o = 3 * (y * width + x);
    rgb[o] = col[0]; rgb[o + 1] = col[1]; rgb[o + 2] = col[2];
  }
}

/** The ratio bar (axis 0.3 .. 1.5) with the reference band, the measured ratio, the caption lines and the reference label. */
function drawRatioBar(img: Canvas, f: FigureInput, caption: readonly string[]): void {
  const { rgb, width, height } = img;
  const by = MARGIN * 2 + 14 + PANEL, bx = MARGIN, bw = width - 2 * MARGIN;
  const lo = 0.3, hi = 1.5;
  const xOf = (r: number) => bx + Math.round(((Math.min(hi, Math.max(lo, r)) - lo) / (hi - lo)) * (bw - 1));
  fillRect(img, bx, bx + bw - 1, by + 10, by + 30, [40, 40, 40]);
  if (f.reference) {
    const { mean, sd } = f.reference;
    fillRect(img, xOf(mean - 2 * sd), xOf(mean + 2 * sd), by + 10, by + 30, [40, 90, 40]);
    fillRect(img, xOf(mean - sd), xOf(mean + sd), by + 10, by + 30, [60, 140, 60]);
    fillRect(img, xOf(mean), xOf(mean), by + 6, by + 34, [200, 255, 200]);
  }
  for (let t = 4; t <= 14; t += 2) {
    const r = t / 10;
    fillRect(img, xOf(r), xOf(r), by + 30, by + 34, [180, 180, 180]);
    drawText(rgb, width, height, r.toFixed(1), xOf(r) - 8, by + 37, [180, 180, 180]);
  }
  if (f.ratio !== null && Number.isFinite(f.ratio)) fillRect(img, xOf(f.ratio) - 1, xOf(f.ratio) + 1, by + 2, by + 38, [255, 60, 60]);
  caption.forEach((line, i) => drawText(rgb, width, height, line.slice(0, 90), bx, by + 50 + LINE_H * i, i === 0 ? [255, 255, 255] : [255, 220, 120]));
  if (f.reference) drawText(rgb, width, height, f.reference.label.slice(0, 40), bx + bw - 6 * 40, by, [150, 220, 150]);
}
