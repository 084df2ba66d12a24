/**
 * Colour maps of the figures, as 256-entry RGB tables built at load time (the
 * same bytes on every run):
 *
 * - `uniform` (default): perceptually uniform, dark blue-violet to yellow like
 *   viridis, but constructed here in the OKLab space (Ottosson 2020,
 *   https://bottosson.github.io/posts/oklab/): lightness rises linearly from
 *   0.22 to 0.95, hue turns from 285 to 95 degrees, chroma 0.07-0.15 and, where
 *   that colour is outside sRGB, the largest in-gamut chroma at the same
 *   lightness and hue (bisection). Lightness therefore rises strictly, so equal
 *   steps of uptake look like equal steps (tested with CIE L*).
 * - `hot-metal`: the nuclear-medicine "hot iron" scale, black - red - yellow -
 *   white (each sRGB channel rises in turn, so lightness rises too).
 * - `grey`: linear grey.
 *
 * The z-map uses `zColor`: |z| below the threshold is transparent (the grey
 * study shows through), z below -threshold runs from light to dark blue as z
 * falls to -zMax, z above +threshold from light orange to dark red; built the
 * same way in OKLab with lightness 0.86 at the threshold and 0.42 at zMax.
 */
export type ColormapName = 'uniform' | 'hot-metal' | 'grey';
export const COLORMAPS: readonly ColormapName[] = ['uniform', 'hot-metal', 'grey'];
export type Rgb = readonly [number, number, number];

/** OKLab (L, a, b) to linear sRGB (Ottosson 2020). */
export function oklabToLinearSrgb(L: number, a: number, b: number): [number, number, number] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

/** sRGB transfer function (IEC 61966-2-1) of a linear value in [0, 1], to 0-255. */
export function encodeSrgb(v: number): number {
  const c = Math.min(1, Math.max(0, v));
  const e = c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(255 * e);
}

const inGamut = (rgb: readonly number[]) => rgb.every((v) => v >= -1e-9 && v <= 1 + 1e-9);

/** The colour of OKLab lightness L, hue h (degrees), chroma at most `chroma`, reduced into the sRGB gamut. */
export function oklchToSrgb(L: number, chroma: number, hueDeg: number): Rgb {
  const h = (hueDeg * Math.PI) / 180, ca = Math.cos(h), sa = Math.sin(h);
  let lo = 0, hi = chroma;
  if (!inGamut(oklabToLinearSrgb(L, hi * ca, hi * sa))) {
    for (let it = 0; it < 30; it++) {
      const mid = (lo + hi) / 2;
      if (inGamut(oklabToLinearSrgb(L, mid * ca, mid * sa))) lo = mid; else hi = mid;
    }
    hi = lo;
  }
  const lin = oklabToLinearSrgb(L, hi * ca, hi * sa);
  return [encodeSrgb(lin[0]), encodeSrgb(lin[1]), encodeSrgb(lin[2])];
}

function buildUniform(): Uint8Array {
  const t = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const u = i / 255;
    const c = oklchToSrgb(0.22 + 0.73 * u, 0.07 + 0.08 * u, 285 - 190 * u);
    t[3 * i] = c[0]; t[3 * i + 1] = c[1]; t[3 * i + 2] = c[2];
  }
  return t;
}

function buildHotMetal(): Uint8Array {
  const t = new Uint8Array(768);
  const ramp = (u: number, a: number, b: number) => Math.round(255 * Math.min(1, Math.max(0, (u - a) / (b - a))));
  for (let i = 0; i < 256; i++) {
    const u = i / 255;
    t[3 * i] = ramp(u, 0, 0.4); t[3 * i + 1] = ramp(u, 0.35, 0.8); t[3 * i + 2] = ramp(u, 0.7, 1);
  }
  return t;
}

function buildGrey(): Uint8Array {
  const t = new Uint8Array(768);
  for (let i = 0; i < 256; i++) t[3 * i] = t[3 * i + 1] = t[3 * i + 2] = i;
  return t;
}

const BUILDERS: Record<ColormapName, () => Uint8Array> = { uniform: buildUniform, 'hot-metal': buildHotMetal, grey: buildGrey };
const TABLES: Partial<Record<ColormapName, Uint8Array>> = {};

/** The 256 x RGB table of a colour map (shared; do not modify), built on first use. */
export function colormapTable(name: ColormapName): Uint8Array {
  return (TABLES[name] ??= BUILDERS[name]());
}

/**
 * Table index of a value on a window [lo, hi] (clamped), quantised to
 * `LEVELS` steps (even indices 0-254, then 255 at the top) so that a figure
 * fits a 256-colour palette; 128 grey levels are more than a SPECT image holds.
 */
export const LEVELS = 128;
export function lutIndex(v: number, lo: number, hi: number): number {
  const u = (v - lo) / (hi - lo);
  if (!(u > 0)) return 0;
  if (u >= 1) return 255;
  return quantIndex(Math.round(u * 255));
}

/** An index 0-255 onto the 128 levels the figures use. */
export function quantIndex(t: number): number {
  return t >= 254 ? 255 : t & ~1;
}

export function parseColormap(s: string): ColormapName | null {
  const k = s.trim().toLowerCase();
  if (k === 'gray') return 'grey';
  if (k === 'hot' || k === 'hotmetal' || k === 'hot-iron') return 'hot-metal';
  return (COLORMAPS as readonly string[]).includes(k) ? (k as ColormapName) : null;
}

export interface ZScale {
  /** |z| below this is not coloured (default 2). */
  readonly threshold: number;
  /** |z| at which the colour saturates (default 6). */
  readonly zMax: number;
}
export const DEFAULT_Z_SCALE: ZScale = Object.freeze({ threshold: 2, zMax: 6 });

const Z_STEPS = 64;
function buildZ(hue: number): Uint8Array {
  const t = new Uint8Array(3 * Z_STEPS);
  for (let i = 0; i < Z_STEPS; i++) {
    const u = i / (Z_STEPS - 1);
    const c = oklchToSrgb(0.86 - 0.44 * u, 0.1 + 0.08 * u, hue);
    t[3 * i] = c[0]; t[3 * i + 1] = c[1]; t[3 * i + 2] = c[2];
  }
  return t;
}
let Z_NEG: Uint8Array | null = null, Z_POS: Uint8Array | null = null;

/** Colour of a z-score, or null when |z| is below the threshold (or z is not finite). */
export function zColor(z: number, s: ZScale = DEFAULT_Z_SCALE): Rgb | null {
  if (!Number.isFinite(z) || Math.abs(z) < s.threshold) return null;
  const u = Math.min(1, (Math.abs(z) - s.threshold) / (s.zMax - s.threshold));
  const i = Math.round(u * (Z_STEPS - 1));
  const t = z < 0 ? (Z_NEG ??= buildZ(255)) : (Z_POS ??= buildZ(35)); // built on first use
  return [t[3 * i]!, t[3 * i + 1]!, t[3 * i + 2]!];
}
