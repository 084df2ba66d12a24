/**
 * The age chart: the expected cerebellum/cortex ratio of the classifier's
 * built-in age model (`expectedRatio`, src/classify/age-model.ts) against age,
 * its normal range (expected +/- 2 SD, the z gate of the classifier), the
 * loss thresholds of the labels (10 % mild, 27.5 % severe; src/classify/severity.ts)
 * and the study's point. With a normal database or a custom range the
 * reference actually used is drawn as a bar at the study's age.
 *
 * The age axis is linear in two pieces: 0-20 years on the left 62 % (where the
 * model changes) and 20-100 years on the rest, with a break mark at 20.
 */
import { expectedRatio } from '../../classify/age-model.js';
import { DEFAULT_SEVERITY } from '../../classify/severity.js';
import type { Tracer } from '../../classify/reference-ranges.js';
import { Canvas, INK, MUTED } from './canvas.js';
import type { Rgb } from './colormap.js';

export interface AgeChartInput {
  readonly ageYears: number | null;
  readonly ratio: number | null;
  readonly tracer: Tracer;
  /** The reference the classifier used, when not the built-in model it is drawn at the study's age. */
  readonly reference: { readonly kind: string; readonly mean: number; readonly sd: number; readonly n: number | null } | null;
}

export interface ChartRect { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

export const RATIO_AXIS: readonly [number, number] = [0.3, 1.4];
/** Width of the legend, right of the plot. */
const LEGEND_W = 350;
const SPLIT_AGE = 20, SPLIT_FRAC = 0.62, MAX_AGE = 100;
const BAND: Rgb = [196, 230, 196], MEAN: Rgb = [30, 120, 30], MILD: Rgb = [215, 140, 0], SEVERE: Rgb = [200, 30, 30];
const POINT: Rgb = [210, 0, 0], DB: Rgb = [40, 80, 200], GRID: Rgb = [225, 225, 225];

/** The plot area inside the chart rectangle (margins for the axes, title and legend). */
export function plotArea(r: ChartRect): ChartRect {
  return { x: r.x + 70, y: r.y + 40, w: r.w - 90 - LEGEND_W, h: r.h - 90 };
}

export function xOfAge(p: ChartRect, age: number): number {
  const a = Math.min(MAX_AGE, Math.max(0, age));
  const f = a <= SPLIT_AGE ? (a / SPLIT_AGE) * SPLIT_FRAC : SPLIT_FRAC + ((a - SPLIT_AGE) / (MAX_AGE - SPLIT_AGE)) * (1 - SPLIT_FRAC);
  return p.x + f * (p.w - 1);
}

export function ageOfX(p: ChartRect, x: number): number {
  const f = (x - p.x) / (p.w - 1);
  return f <= SPLIT_FRAC ? (f / SPLIT_FRAC) * SPLIT_AGE : SPLIT_AGE + ((f - SPLIT_FRAC) / (1 - SPLIT_FRAC)) * (MAX_AGE - SPLIT_AGE);
}

export function yOfRatio(p: ChartRect, ratio: number): number {
  const [lo, hi] = RATIO_AXIS;
  return p.y + ((hi - Math.min(hi, Math.max(lo, ratio))) / (hi - lo)) * (p.h - 1);
}

/** Draw the chart into `cv` inside `r`. */
export function drawAgeChart(cv: Canvas, r: ChartRect, a: AgeChartInput, big = false): void {
  const p = plotArea(r);
  const fs = big ? 2 : 2;
  cv.text('Cerebellum/cortex ratio against age (built-in age model)', r.x + 10, r.y + 8, INK, fs);
  // grid
  for (let t = 4; t <= 14; t++) cv.fill(p.x, Math.round(yOfRatio(p, t / 10)), p.w, 1, GRID);
  const ageTicks = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 40, 60, 80, 100];
  for (const t of ageTicks) cv.fill(Math.round(xOfAge(p, t)), p.y, 1, p.h, GRID);
  // band, mean and thresholds, one column at a time
  const mild = 1 - DEFAULT_SEVERITY.mildLossPercent / 100, severe = 1 - DEFAULT_SEVERITY.severeLossPercent / 100;
  const means: number[] = [];
  for (let x = p.x; x < p.x + p.w; x++) {
    const e = expectedRatio(ageOfX(p, x), a.tracer);
    const yHi = Math.round(yOfRatio(p, e.mean + 2 * e.sd)), yLo = Math.round(yOfRatio(p, e.mean - 2 * e.sd));
    cv.fill(x, yHi, 1, yLo - yHi + 1, BAND);
    means.push(Math.round(yOfRatio(p, e.mean)));
    if ((x >> 3) % 2 === 0) {
      cv.fill(x, Math.round(yOfRatio(p, e.mean * mild)), 1, 2, MILD);
      cv.fill(x, Math.round(yOfRatio(p, e.mean * severe)), 1, 2, SEVERE);
    }
  }
  for (let i = 1; i < means.length; i++) cv.line(p.x + i - 1, means[i - 1]!, p.x + i, means[i]!, MEAN, 3);
  // axes
  cv.fill(p.x, p.y + p.h, p.w, 2, INK);
  cv.fill(p.x - 2, p.y, 2, p.h + 2, INK);
  for (let t = 4; t <= 14; t += 2) {
    const y = Math.round(yOfRatio(p, t / 10));
    cv.fill(p.x - 8, y, 6, 2, INK);
    cv.text((t / 10).toFixed(1), p.x - 12, y - 7, INK, 2, 'right');
  }
  for (const t of ageTicks) {
    const x = Math.round(xOfAge(p, t));
    cv.fill(x, p.y + p.h + 2, 2, 6, INK);
    if (t <= 20 ? t % 4 === 0 : true) cv.text(String(t), x, p.y + p.h + 12, INK, 2, 'center');
  }
  const xb = Math.round(xOfAge(p, SPLIT_AGE));
  cv.fill(xb - 4, p.y + p.h - 6, 3, 14, [255, 255, 255]); cv.line(xb - 7, p.y + p.h + 8, xb - 1, p.y + p.h - 8, INK, 2); cv.line(xb - 1, p.y + p.h + 8, xb + 5, p.y + p.h - 8, INK, 2);
  cv.text('age (years)', p.x + p.w, p.y + p.h + 32, INK, 2, 'right');
  // legend
  const lx = p.x + p.w + 20, ly = p.y;
  const legend: [Rgb, string, boolean][] = [
    [BAND, 'normal: expected +/- 2 SD', false], [MEAN, 'expected ratio', false],
    [MILD, `${DEFAULT_SEVERITY.mildLossPercent} % loss (mild)`, true], [SEVERE, `${DEFAULT_SEVERITY.severeLossPercent} % loss (severe)`, true],
  ];
  legend.forEach(([c, s], i) => { cv.fill(lx, ly + 20 * i + 3, 24, 8, c); cv.text(s, lx + 32, ly + 20 * i, INK, 2); });
  let next = legend.length;
  // the reference actually used, when it is not the model
  if (a.reference && a.reference.kind !== 'model' && a.ageYears !== null) {
    const x = Math.round(xOfAge(p, a.ageYears));
    const y0 = Math.round(yOfRatio(p, a.reference.mean + 2 * a.reference.sd)), y1 = Math.round(yOfRatio(p, a.reference.mean - 2 * a.reference.sd));
    cv.fill(x - 12, y0, 4, y1 - y0 + 1, DB);
    cv.fill(x - 16, Math.round(yOfRatio(p, a.reference.mean)) - 1, 12, 3, DB);
    cv.fill(lx, ly + 20 * next + 3, 24, 8, DB);
    cv.text(a.reference.kind === 'normals' ? `database${a.reference.n ? ` (n = ${a.reference.n})` : ''} +/- 2 SD` : 'custom range +/- 2 SD', lx + 32, ly + 20 * next, INK, 2);
    next++;
  }
  // the study
  if (a.ratio !== null && Number.isFinite(a.ratio)) {
    const y = Math.round(yOfRatio(p, a.ratio));
    if (a.ageYears !== null) {
      const x = Math.round(xOfAge(p, a.ageYears));
      disc(cv, x, y, 7, INK); disc(cv, x, y, 5, POINT);
      const right = x > p.x + p.w * 0.6; // label on the side with room, below the point
      cv.text(`${a.ratio.toFixed(3)} at ${a.ageYears.toFixed(1)} y`, right ? x - 12 : x + 12, y + 8, POINT, 2, right ? 'right' : 'left');
    } else {
      cv.line(p.x, y, p.x + p.w - 1, y, POINT, 2, 6);
      cv.text(`age unknown: ratio ${a.ratio.toFixed(3)}`, p.x + 8, y + 6, POINT, 2);
    }
    disc(cv, lx + 12, ly + 20 * next + 7, 5, POINT);
    cv.text('this study', lx + 32, ly + 20 * next, INK, 2);
  } else {
    cv.text('ratio not measurable', p.x + 8, p.y + 8, MUTED, 2);
  }
}

function disc(cv: Canvas, cx: number, cy: number, r: number, c: Rgb): void {
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dx * dx + dy * dy <= r * r + r) cv.set(cx + dx, cy + dy, c);
}

/** The age chart of a study alone, as PNG bytes (1000 x 520). */
export function renderAgeChart(a: AgeChartInput): Uint8Array {
  const cv = new Canvas(1000, 520);
  drawAgeChart(cv, { x: 0, y: 0, w: 1000, h: 520 }, a, true);
  return cv.png();
}
