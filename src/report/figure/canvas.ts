/** An RGB raster the figures draw on: rectangles, lines, text, then PNG bytes. */
import { drawText, textWidth } from '../font.js';
import { encodePng } from '../png.js';
import type { Rgb } from './colormap.js';

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
export const INK: Rgb = [20, 20, 20];
export const MUTED: Rgb = [90, 90, 90];

export class Canvas {
  readonly rgb: Uint8Array;
  constructor(readonly width: number, readonly height: number, background: Rgb = WHITE) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 16_000_000) {
      throw new RangeError('figure size out of range');
    }
    this.rgb = new Uint8Array(width * height * 3);
    if (background[0] === background[1] && background[1] === background[2]) this.rgb.fill(background[0]);
    else this.fill(0, 0, width, height, background);
  }

  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = 3 * (y * this.width + x);
    this.rgb[o] = c[0]; this.rgb[o + 1] = c[1]; this.rgb[o + 2] = c[2];
  }

  /** Fill the rectangle [x, x + w) x [y, y + h), clipped. */
  fill(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x)), y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w)), y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      for (let xx = x0; xx < x1; xx++) {
        const o = 3 * (yy * this.width + xx);
        this.rgb[o] = c[0]; this.rgb[o + 1] = c[1]; this.rgb[o + 2] = c[2];
      }
    }
  }

  /** Outline of a rectangle, `t` pixels thick, inside it. */
  frame(x: number, y: number, w: number, h: number, c: Rgb, t = 1): void {
    this.fill(x, y, w, t, c); this.fill(x, y + h - t, w, t, c);
    this.fill(x, y, t, h, c); this.fill(x + w - t, y, t, h, c);
  }

  /** A line of thickness `t` (Bresenham, square pen); `dash` > 0 draws dash-long pieces with dash-long gaps. */
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, t = 1, dash = 0): void {
    x0 = Math.round(x0); y0 = Math.round(y0); x1 = Math.round(x1); y1 = Math.round(y1);
    const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
    let err = dx + dy, x = x0, y = y0, n = 0;
    const off = Math.floor((t - 1) / 2);
    for (;;) {
      if (dash <= 0 || Math.floor(n / dash) % 2 === 0) this.fill(x - off, y - off, t, t, c);
      if (x === x1 && y === y1) break;
      const e2 = 2 * err;
      if (e2 >= dy) { err += dy; x += sx; }
      if (e2 <= dx) { err += dx; y += sy; }
      n++;
    }
  }

  /** Text with its top-left at (x, y); `align` places x at the left, centre or right end. */
  text(s: string, x: number, y: number, c: Rgb, scale = 2, align: 'left' | 'center' | 'right' = 'left'): void {
    const w = textWidth(s, scale);
    const x0 = align === 'left' ? x : align === 'center' ? x - Math.round(w / 2) : x - w;
    drawText(this.rgb, this.width, this.height, s, Math.round(x0), Math.round(y), c, scale);
  }

  png(): Uint8Array {
    return encodePng(this.rgb, this.width, this.height);
  }
}
