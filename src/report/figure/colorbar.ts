/**
 * Vertical colour bars with labelled ticks. Row r of a bar of height h shows
 * the value hi - (r + 0.5) (hi - lo) / h (top = hi), so a tick at value t sits
 * at row (hi - t) / (hi - lo) h; `colorbarValueAt` is that mapping, for tests.
 */
import { INK, type Canvas } from './canvas.js';
import { lutIndex, zColor, type Rgb, type ZScale } from './colormap.js';

export interface BarRect { readonly x: number; readonly y: number; readonly w: number; readonly h: number }

export function colorbarValueAt(r: BarRect, row: number, lo: number, hi: number): number {
  return hi - ((row + 0.5) * (hi - lo)) / r.h;
}

export function colorbarRowOf(r: BarRect, v: number, lo: number, hi: number): number {
  return Math.round(((hi - v) / (hi - lo)) * r.h - 0.5);
}

function ticksAndTitle(cv: Canvas, r: BarRect, lo: number, hi: number, ticks: readonly number[], fmt: (v: number) => string, title: readonly string[]): void {
  cv.frame(r.x - 1, r.y - 1, r.w + 2, r.h + 2, INK);
  for (const t of ticks) {
    const row = r.y + colorbarRowOf(r, t, lo, hi);
    cv.fill(r.x + r.w, row, 8, 2, INK);
    cv.text(fmt(t), r.x + r.w + 12, row - 7, INK, 2);
  }
  title.forEach((line, i) => cv.text(line, r.x, r.y - 24 - 20 * (title.length - 1 - i), INK, 2));
}

/** A bar of a 256-entry colour table on [lo, hi]. */
export function drawColorbar(
  cv: Canvas, r: BarRect, table: Uint8Array, lo: number, hi: number,
  ticks: readonly number[], fmt: (v: number) => string, title: readonly string[],
): void {
  for (let row = 0; row < r.h; row++) {
    const i = lutIndex(colorbarValueAt(r, row, lo, hi), lo, hi);
    cv.fill(r.x, r.y + row, r.w, 1, [table[3 * i]!, table[3 * i + 1]!, table[3 * i + 2]!]);
  }
  ticksAndTitle(cv, r, lo, hi, ticks, fmt, title);
}

/** The diverging z bar on [-zMax, zMax]: |z| below the threshold in the neutral `under` colour (not coloured). */
export function drawZColorbar(cv: Canvas, r: BarRect, s: ZScale, under: Rgb, title: readonly string[]): void {
  const lo = -s.zMax, hi = s.zMax;
  for (let row = 0; row < r.h; row++) cv.fill(r.x, r.y + row, r.w, 1, zColor(colorbarValueAt(r, row, lo, hi), s) ?? under);
  const ticks = [-s.zMax, -4, -s.threshold, 0, s.threshold, 4, s.zMax].filter((t, i, a) => Math.abs(t) <= s.zMax && a.indexOf(t) === i);
  ticksAndTitle(cv, r, lo, hi, ticks, (v) => (v > 0 ? `+${v}` : `${v}`), title);
}
