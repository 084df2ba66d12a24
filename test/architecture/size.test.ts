/**
 * The size rules (docs/architecture.md): no file of src/ over 300 lines, no function over 80,
 * except the entries of size-allowlist.ts, which may only shrink.
 */
import { describe, expect, it } from 'vitest';
import { SIZE_EXCEPTIONS } from './size-allowlist.js';
import { FILE_MAX, FUNCTION_MAX, functionSizes, lineCount, measureSrc, type Measure } from './size.js';

const { files, functions } = measureSrc();
const now = new Map<string, number>([...files, ...functions].map((m) => [m.key, m.lines]));
const over = (m: Measure) => m.lines > (m.key.includes('#') ? FUNCTION_MAX : FILE_MAX);

describe('size rules of src/ (docs/architecture.md)', () => {
  it('the measurer sees the tree (a sanity check on known sizes)', () => {
    expect(files.length).toBeGreaterThan(150);
    expect(functions.length).toBeGreaterThan(800);
    expect(now.get('errors.ts')).toBeGreaterThan(20);
    expect([...now.keys()].some((k) => k.startsWith('pipeline/analyze.ts#analyzeStudy'))).toBe(true);
  });

  it('no file over 300 lines and no function over 80 that is not listed', () => {
    const bad = [...files, ...functions].filter((m) => over(m) && !(m.key in SIZE_EXCEPTIONS)).map((m) => `${m.key}: ${m.lines} lines`);
    expect(bad, 'split these (do not add to size-allowlist.ts)').toEqual([]);
  });

  it('every listed exception has a reason; entries that grew or are no longer needed are reported (fail with SIZE_STRICT=1)', () => {
    for (const [k, e] of Object.entries(SIZE_EXCEPTIONS)) expect(e.reason.length, k).toBeGreaterThan(20);
    const grew: string[] = [],
      stale: string[] = [];
    for (const [k, e] of Object.entries(SIZE_EXCEPTIONS)) {
      const n = now.get(k);
      if (n === undefined) stale.push(`${k}: gone (delete the entry)`);
      else if (!over({ key: k, lines: n })) stale.push(`${k}: ${n} lines, within the limit (delete the entry)`);
      else if (n < e.lines) stale.push(`${k}: ${n} lines, listed at ${e.lines} (lower the count)`);
      else if (n > e.lines) grew.push(`${k}: ${n} lines, listed at ${e.lines} (split it; the list may only shrink)`);
    }
    if (grew.length > 0) console.warn(`size-allowlist.ts: listed code that grew:\n  ${grew.join('\n  ')}`);
    if (stale.length > 0) console.warn(`size-allowlist.ts can shrink:\n  ${stale.join('\n  ')}`);
    if (process.env.SIZE_STRICT === '1') expect([...grew, ...stale], 'size-allowlist.ts entries to fix').toEqual([]);
  });

  it('measures lines and functions as documented (the checker itself)', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\nb')).toBe(2);
    const src = [
      'export function outer(x: number): number {', //  1
      '  const inner = (y: number) => {', //            2
      '    return y + 1;', //                           3
      '  };', //                                        4
      '  [1].map(function () { return 0; });', //      5
      '  return inner(x);', //                          6
      '}', //                                           7
      'class K {', //                                   8
      '  m(): void {', //                               9
      '  }', //                                        10
      '  constructor() {}', //                         11
      '}', //                                          12
      'export const f = async () => 1;', //            13
      'declare function g(): void;', //                14
    ].join('\n');
    expect(Object.fromEntries(functionSizes(src, 'x.ts').map((m) => [m.key, m.lines]))).toEqual({
      'x.ts#outer': 7,
      'x.ts#outer.inner': 3,
      'x.ts#outer.<anonymous>': 1,
      'x.ts#K.m': 2,
      'x.ts#K.constructor': 1,
      'x.ts#f': 1,
    });
  });
});
