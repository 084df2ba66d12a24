/** Colour maps, colour bar, font and PNG encoder: checked against independent formulas. */
import { describe, expect, it } from 'vitest';
import { Canvas } from '../../src/report/figure/canvas.js';
import { colorbarRowOf, drawColorbar } from '../../src/report/figure/colorbar.js';
import { COLORMAPS, DEFAULT_Z_SCALE, colormapTable, lutIndex, zColor } from '../../src/report/figure/colormap.js';
import { hasGlyph, textWidth, wrapText } from '../../src/report/font.js';
import { encodePng, encodePngRgb } from '../../src/report/png.js';
import { decodePng, pixel } from './png-decode.js';

/** CIE 1976 L* of an sRGB colour (IEC 61966-2-1 linearisation, D65 luminance weights), independent of the OKLab code. */
function lStar(r: number, g: number, b: number): number {
  const lin = (v: number) => { const c = v / 255; return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const Y = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return Y > 216 / 24389 ? 116 * Math.cbrt(Y) - 16 : (24389 / 27) * Y;
}

describe('colour maps', () => {
  for (const name of COLORMAPS) {
    it(`${name}: CIE L* never falls along the table`, () => {
      const t = colormapTable(name);
      let prev = -1;
      for (let i = 0; i < 256; i++) {
        const L = lStar(t[3 * i]!, t[3 * i + 1]!, t[3 * i + 2]!);
        expect(L).toBeGreaterThanOrEqual(prev - 1e-9);
        prev = L;
      }
    });
  }

  it('uniform: L* rises strictly and evenly (each of 8 equal steps within 25 % of the mean step)', () => {
    const t = colormapTable('uniform');
    const L = Array.from({ length: 256 }, (_, i) => lStar(t[3 * i]!, t[3 * i + 1]!, t[3 * i + 2]!));
    for (let i = 1; i < 256; i++) expect(L[i]!).toBeGreaterThan(L[i - 1]! - 1e-9);
    const steps = Array.from({ length: 8 }, (_, k) => L[Math.round(((k + 1) * 255) / 8)]! - L[Math.round((k * 255) / 8)]!);
    const mean = steps.reduce((a, b) => a + b, 0) / steps.length;
    for (const s of steps) expect(Math.abs(s - mean) / mean).toBeLessThan(0.25);
    expect(L[0]!).toBeLessThan(20);
    expect(L[255]!).toBeGreaterThan(85);
  });

  it('lutIndex: 128 levels, clamped', () => {
    expect(lutIndex(-5, 0, 1)).toBe(0);
    expect(lutIndex(2, 0, 1)).toBe(255);
    expect(lutIndex(0.5, 0, 1) % 2).toBe(0);
    expect(new Set(Array.from({ length: 1001 }, (_, i) => lutIndex(i / 1000, 0, 1))).size).toBe(128);
  });

  it('z colours: |z| < 2 transparent, blue below -2 darkening to -6, red above +2', () => {
    expect(zColor(-1.99)).toBeNull();
    expect(zColor(1.5)).toBeNull();
    expect(zColor(Number.NaN)).toBeNull();
    const a = zColor(-2)!, b = zColor(-4)!, c = zColor(-6)!, d = zColor(-9)!;
    expect(a[2]).toBeGreaterThan(a[0]); // blue
    expect(lStar(...a)).toBeGreaterThan(lStar(...b));
    expect(lStar(...b)).toBeGreaterThan(lStar(...c));
    expect(d).toEqual(c); // saturates at zMax
    const r = zColor(3)!;
    expect(r[0]).toBeGreaterThan(r[2]); // red
    expect(DEFAULT_Z_SCALE.threshold).toBe(2);
  });
});

describe('colour bar', () => {
  it('the bar at each tick row shows the table colour of the tick value', () => {
    const cv = new Canvas(200, 500);
    const bar = { x: 20, y: 50, w: 30, h: 380 };
    const t = colormapTable('uniform');
    drawColorbar(cv, bar, t, 0, 150, [0, 25, 50, 75, 100, 125, 150], (v) => `${v} %`, ['uptake']);
    const d = decodePng(cv.png());
    for (const tick of [25, 50, 75, 100, 125]) {
      const row = bar.y + colorbarRowOf(bar, tick, 0, 150);
      const i = lutIndex(tick, 0, 150);
      // independent: the row of value v is (hi - v) / (hi - lo) x h from the top
      expect(Math.abs(row - (bar.y + ((150 - tick) / 150) * bar.h))).toBeLessThanOrEqual(1);
      const got = pixel(d, bar.x + 15, row), want = [t[3 * i]!, t[3 * i + 1]!, t[3 * i + 2]!];
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c]! - want[c]!)).toBeLessThanOrEqual(6); // one level either side
    }
    // top of the bar is the top of the window, bottom the bottom
    expect(pixel(d, bar.x + 15, bar.y)).toEqual([t[765]!, t[766]!, t[767]!]);
    expect(pixel(d, bar.x + 15, bar.y + bar.h - 1)).toEqual([t[0]!, t[1]!, t[2]!]);
  });
});

describe('font and PNG', () => {
  it('glyphs for the caption characters; advance 6 x scale; wrapping at spaces', () => {
    for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:%+-/()[]<>=\'"') expect(hasGlyph(ch)).toBe(true);
    expect(textWidth('abc', 2)).toBe(36);
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
  });

  it('palette and RGB PNGs decode to the same pixels; more than 256 colours fall back to RGB', () => {
    const w = 37, h = 11, few = new Uint8Array(w * h * 3), many = new Uint8Array(w * h * 3);
    for (let i = 0; i < w * h; i++) { few[3 * i] = (i % 5) * 40; few[3 * i + 2] = 7; many[3 * i] = i % 256; many[3 * i + 1] = i >> 8; many[3 * i + 2] = (i * 13) % 256; }
    const a = decodePng(encodePng(few, w, h)), b = decodePng(encodePngRgb(few, w, h)), c = decodePng(encodePng(many, w, h));
    expect(a.colorType).toBe(3);
    expect(Array.from(a.rgb)).toEqual(Array.from(few));
    expect(Array.from(b.rgb)).toEqual(Array.from(few));
    expect(c.colorType).toBe(2);
    expect(Array.from(c.rgb)).toEqual(Array.from(many));
    for (const f of [0, 1, 2] as const) expect(Array.from(decodePng(encodePngRgb(many, w, h, { filter: f })).rgb)).toEqual(Array.from(many));
  });
});
