/**
 * The figures' bitmap font, the project's own drawing: 5x7 capitals and
 * digits, lower case with descenders (5x9 cell), and the punctuation the
 * captions use. Each glyph is up to 9 rows of 5 bits, most significant bit on
 * the left; rows 7-8 are the descender.
 *
 * Sizes: `scale` n draws a cap height of 7n pixels. Even scales first enlarge
 * the glyph 2x with the EPX / Scale2x edge rule (a corner pixel takes its two
 * equal neighbours' value), so diagonals are smooth instead of stair-stepped,
 * then replicate pixels n/2 times; odd scales replicate pixels. The glyph
 * advance is 6n pixels, the line height 10n (`LINE_UNITS`).
 */
const G: Record<string, readonly number[]> = {
  ' ': [],
  '0': [14, 17, 19, 21, 25, 17, 14], '1': [4, 12, 4, 4, 4, 4, 14], '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14], '4': [2, 6, 10, 18, 31, 2, 2], '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14], '7': [31, 1, 2, 4, 8, 8, 8], '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
  '.': [0, 0, 0, 0, 0, 12, 12], ',': [0, 0, 0, 0, 0, 12, 4, 8], '-': [0, 0, 0, 31, 0, 0, 0],
  '+': [0, 4, 4, 31, 4, 4, 0], '/': [1, 1, 2, 4, 8, 16, 16], ':': [0, 12, 12, 0, 12, 12, 0],
  ';': [0, 12, 12, 0, 12, 12, 4, 8], '=': [0, 0, 31, 0, 31, 0, 0], '%': [24, 25, 2, 4, 8, 19, 3],
  '(': [2, 4, 8, 8, 8, 4, 2], ')': [8, 4, 2, 2, 2, 4, 8], '[': [14, 8, 8, 8, 8, 8, 14], ']': [14, 2, 2, 2, 2, 2, 14],
  '{': [6, 4, 4, 8, 4, 4, 6], '}': [12, 4, 4, 2, 4, 4, 12],
  '<': [2, 4, 8, 16, 8, 4, 2], '>': [8, 4, 2, 1, 2, 4, 8], '_': [0, 0, 0, 0, 0, 0, 0, 31],
  '|': [4, 4, 4, 4, 4, 4, 4], '?': [14, 17, 1, 2, 4, 0, 4], '!': [4, 4, 4, 4, 4, 0, 4],
  "'": [4, 4, 8], '"': [10, 10], '`': [8, 4], '*': [0, 4, 21, 14, 21, 4, 0], '#': [10, 10, 31, 10, 31, 10, 10],
  '&': [12, 18, 20, 8, 21, 18, 13], '@': [14, 17, 23, 21, 23, 16, 14], '$': [4, 15, 20, 14, 5, 30, 4],
  '^': [4, 10, 17], '~': [0, 0, 8, 21, 2], '\\': [16, 16, 8, 4, 2, 1, 1],
  '\u00b1': [4, 4, 31, 4, 4, 0, 31], '\u00d7': [0, 17, 10, 4, 10, 17, 0], '\u00b0': [12, 18, 18, 12],
  '\u2264': [2, 4, 8, 4, 2, 0, 31], '\u2265': [8, 4, 2, 4, 8, 0, 31], '\u2212': [0, 0, 0, 31, 0, 0, 0],
  '\u2013': [0, 0, 0, 31, 0, 0, 0], '\u2014': [0, 0, 0, 31, 0, 0, 0],
  A: [14, 17, 17, 31, 17, 17, 17], B: [30, 17, 17, 30, 17, 17, 30], C: [14, 17, 16, 16, 16, 17, 14],
  D: [28, 18, 17, 17, 17, 18, 28], E: [31, 16, 16, 30, 16, 16, 31], F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15], H: [17, 17, 17, 31, 17, 17, 17], I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12], K: [17, 18, 20, 24, 20, 18, 17], L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17], N: [17, 17, 25, 21, 19, 17, 17], O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16], Q: [14, 17, 17, 17, 21, 18, 13], R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30], T: [31, 4, 4, 4, 4, 4, 4], U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4], W: [17, 17, 17, 21, 21, 21, 10], X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4], Z: [31, 1, 2, 4, 8, 16, 31],
  a: [0, 0, 14, 1, 15, 17, 15], b: [16, 16, 22, 25, 17, 17, 30], c: [0, 0, 14, 16, 16, 17, 14],
  d: [1, 1, 13, 19, 17, 17, 15], e: [0, 0, 14, 17, 31, 16, 14], f: [6, 9, 8, 28, 8, 8, 8],
  g: [0, 0, 15, 17, 17, 17, 15, 1, 14], h: [16, 16, 22, 25, 17, 17, 17], i: [4, 0, 12, 4, 4, 4, 14],
  j: [2, 0, 6, 2, 2, 2, 2, 18, 12], k: [16, 16, 18, 20, 24, 20, 18], l: [12, 4, 4, 4, 4, 4, 14],
  m: [0, 0, 26, 21, 21, 21, 21], n: [0, 0, 22, 25, 17, 17, 17], o: [0, 0, 14, 17, 17, 17, 14],
  p: [0, 0, 30, 17, 17, 17, 30, 16, 16], q: [0, 0, 15, 17, 17, 17, 15, 1, 1], r: [0, 0, 22, 25, 16, 16, 16],
  s: [0, 0, 15, 16, 14, 1, 30], t: [8, 8, 28, 8, 8, 9, 6], u: [0, 0, 17, 17, 17, 19, 13],
  v: [0, 0, 17, 17, 17, 10, 4], w: [0, 0, 17, 17, 21, 21, 10], x: [0, 0, 17, 10, 4, 10, 17],
  y: [0, 0, 17, 17, 17, 17, 15, 1, 14], z: [0, 0, 31, 2, 4, 8, 31],
};

const ROWS = 9, COLS = 5;
/** Glyph advance and line height in font units (multiply by the scale). */
export const ADVANCE_UNITS = 6;
export const LINE_UNITS = 10;

/** True when the font has a glyph for `ch` (others are drawn as '?'). */
export function hasGlyph(ch: string): boolean {
  return G[ch] !== undefined;
}

/** 1-bit glyph, ROWS x COLS. */
function baseBitmap(ch: string): Uint8Array {
  const g = G[ch] ?? G['?']!;
  const b = new Uint8Array(ROWS * COLS);
  for (let r = 0; r < g.length; r++) for (let c = 0; c < COLS; c++) if (g[r]! & (16 >> c)) b[r * COLS + c] = 1;
  return b;
}

/** EPX / Scale2x: each pixel becomes 2x2; a corner takes the value of its two neighbours when they agree. */
function scale2x(src: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(4 * w * h);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : src[y * w + x]!);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const p = at(x, y), a = at(x, y - 1), b = at(x + 1, y), c = at(x - 1, y), d = at(x, y + 1);
      let e0 = p, e1 = p, e2 = p, e3 = p;
      if (c === a && c !== d && a !== b) e0 = a;
      if (a === b && a !== c && b !== d) e1 = b;
      if (d === c && d !== b && c !== a) e2 = c;
      if (b === d && b !== a && d !== c) e3 = d;
      const o = 2 * y * 2 * w + 2 * x;
      out[o] = e0; out[o + 1] = e1; out[o + 2 * w] = e2; out[o + 2 * w + 1] = e3;
    }
  }
  return out;
}

interface Mask { readonly bits: Uint8Array; readonly w: number; readonly h: number }
const cache = new Map<string, Mask>();

function glyphMask(ch: string, scale: number): Mask {
  const key = `${scale}:${ch}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let bits = baseBitmap(ch), w = COLS, h = ROWS, rep = scale;
  if (scale % 2 === 0) { bits = scale2x(bits, w, h); w *= 2; h *= 2; rep = scale / 2; }
  const out = new Uint8Array(w * rep * h * rep);
  for (let y = 0; y < h * rep; y++) for (let x = 0; x < w * rep; x++) out[y * w * rep + x] = bits[Math.floor(y / rep) * w + Math.floor(x / rep)]!;
  const m = { bits: out, w: w * rep, h: h * rep };
  cache.set(key, m);
  return m;
}

/** Draw `text` into an RGB buffer at (x, y) (top-left of the cell), cap height 7 x `scale` pixels. */
export function drawText(
  rgb: Uint8Array, width: number, height: number,
  text: string, x: number, y: number, color: readonly [number, number, number], scale = 1,
): void {
  let cx = x;
  for (const ch of text) {
    if (ch !== ' ') {
      const m = glyphMask(ch, scale);
      for (let r = 0; r < m.h; r++) {
        const py = y + r;
        if (py < 0 || py >= height) continue;
        for (let c = 0; c < m.w; c++) {
          if (!m.bits[r * m.w + c]) continue;
          const px = cx + c;
          if (px < 0 || px >= width) continue;
          const o = 3 * (py * width + px);
          rgb[o] = color[0]; rgb[o + 1] = color[1]; rgb[o + 2] = color[2];
        }
      }
    }
    cx += ADVANCE_UNITS * scale;
  }
}

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale = 1): number {
  return [...text].length * ADVANCE_UNITS * scale;
}

/** Break `text` into lines of at most `maxChars` characters at spaces (a longer word is cut). */
export function wrapText(text: string, maxChars: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > maxChars) { if (cur) { out.push(cur); cur = ''; } out.push(w.slice(0, maxChars)); w = w.slice(maxChars); }
    if (!w) continue;
    if (cur && cur.length + 1 + w.length > maxChars) { out.push(cur); cur = ''; }
    cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) out.push(cur);
  return out;
}
