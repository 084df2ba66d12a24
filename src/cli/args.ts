/** Argument parsing for the CLI on node:util parseArgs, with usage errors as SpectError USAGE. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ErrorCode, SpectError } from '../errors.js';
import { parseTracer, type Tracer } from '../classify/reference-ranges.js';
import { MAX_AGE_YEARS, parseAgeYears } from '../volume/age.js';
// the two parsers only (not the figure renderer, which analyze-one.ts imports when a figure is written)
import { COLORMAPS, parseColormap } from '../report/figure/colormap.js';
import { parseOrientation } from '../report/figure/layout.js';
import type { FigureOptions } from '../report/figure/source.js';

/**
 * Parse a command's arguments. Every mistake is a USAGE error in the project's
 * own words (not node:util's): an unknown option, an option missing its value
 * (or whose value begins with '-' without `--name=VALUE`), a value given to a
 * flag.
 */
export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = Object.prototype.hasOwnProperty.call(options, t.name) ? options[t.name] : undefined;
    if (!o) throw usage(`unknown option ${t.rawName}`);
    if (o.type === 'boolean' && t.value !== undefined) throw usage(`option --${t.name} takes no value`);
    if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) {
      throw usage(`option --${t.name} needs a value (--${t.name} VALUE; a value beginning with '-' as --${t.name}=VALUE)`);
    }
  }
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (e) {
    // not reached for the cases above; anything else node:util refuses is still a usage error
    throw new SpectError(ErrorCode.USAGE, `invalid arguments (${(e as Error).message.split('\n')[0]})`);
  }
}

export function usage(message: string): SpectError {
  return new SpectError(ErrorCode.USAGE, message);
}

export function numberArg(v: string | undefined, name: string, lo: number, hi: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi) throw usage(`--${name} must be a number in [${lo}, ${hi}], got '${v}'`);
  return n;
}

export function tracerArg(v: string | undefined): Tracer | undefined {
  if (v === undefined) return undefined;
  const t = parseTracer(v);
  if (!t) throw usage(`--tracer must be hmpao, ecd or imp, got '${v}'`);
  return t;
}

/** An age option: plain years (`2`, `0.75`) or a DICOM Age String (`006M`, `018M`, `2Y`, `045Y`, `3W`, `10D`). */
export function ageArg(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const years = parseAgeYears(v);
  if (years === null) {
    throw usage(`--${name} must be years (e.g. 2 or 0.75) or a DICOM Age String (e.g. 006M, 018M, 2Y, 045Y, 3W, 10D), at most ${MAX_AGE_YEARS} years, got '${v}'`);
  }
  return years;
}

/** Options of the figures and the HTML report (analyze and batch). */
export const FIGURE_ARG_OPTIONS = {
  colormap: { type: 'string' }, orientation: { type: 'string' }, html: { type: 'boolean' },
} as const;

export { FIGURE_ARGS_HELP } from './help.js';

/** The figure options of --colormap and --orientation. */
export function figureArgs(values: Record<string, string | boolean | undefined>): FigureOptions {
  const c = values.colormap, o = values.orientation;
  const colormap = typeof c === 'string' ? parseColormap(c) : null;
  if (typeof c === 'string' && !colormap) throw usage(`--colormap must be ${COLORMAPS.join(', ')}, got '${c}'`);
  const orientation = typeof o === 'string' ? parseOrientation(o) : null;
  if (typeof o === 'string' && !orientation) throw usage(`--orientation must be radiological or neurological, got '${o}'`);
  return { ...(colormap ? { colormap } : {}), ...(orientation ? { orientation } : {}) };
}
