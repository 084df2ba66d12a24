/**
 * One idiom for indexed access in src/ (issue 13 §4): with `noUncheckedIndexedAccess`, an element
 * known to exist is read as `a[i]!`, one that may be missing as `a[i] ?? fallback`; never as
 * `a[i] as number` (a cast that also hides a wrong type). The files that still use the cast are
 * listed with their counts, which may only shrink: a file not listed fails, a listed file whose
 * count changed is reported (and fails with SIZE_STRICT=1, like size.test.ts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'src');

/** Files of src/ that still cast indexed reads (`a[i] as number`), with the count when listed. */
const CAST_EXCEPTIONS: Readonly<Record<string, number>> = {
  'atlas/assets/format.ts': 6,
};

/** Casts of an element access to a type (`a[i] as number`, `(a[i]) as Uint16Array`) in one source text. */
export function indexedCasts(text: string): number {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  let n = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node)) {
      let e: ts.Expression = node.expression;
      while (ts.isParenthesizedExpression(e)) e = e.expression;
      const isConst = ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === 'const';
      if (ts.isElementAccessExpression(e) && !isConst) n++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return n;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

const counts = new Map<string, number>();
for (const abs of sourceFiles(SRC)) {
  const n = indexedCasts(readFileSync(abs, 'utf8'));
  if (n > 0) counts.set(relative(SRC, abs), n);
}

describe('one idiom for indexed access in src/', () => {
  it('finds the casts it is meant to find (the checker itself)', () => {
    expect(indexedCasts('const a = [1]; const x = a[0] as number; const y = (a[0]) as number;')).toBe(2);
    expect(indexedCasts('const a = [1]; const x = a[0]!; const y = a[1] ?? 0; const z = [1, 2] as const; const w = a as number[];')).toBe(
      0,
    );
    expect(indexedCasts('const m = new Map(); const b = [new Uint16Array(1)]; const p = b[0] as Uint16Array;')).toBe(1);
  });

  it('no file casts indexed reads unless listed', () => {
    const bad = [...counts].filter(([f]) => !(f in CAST_EXCEPTIONS)).map(([f, n]) => `${f}: ${n} (write a[i]! or a[i] ?? fallback)`);
    expect(bad).toEqual([]);
  });

  it('listed files are reported when their count changed (fail with SIZE_STRICT=1)', () => {
    const changed = Object.entries(CAST_EXCEPTIONS)
      .filter(([f, n]) => (counts.get(f) ?? 0) !== n)
      .map(([f, n]) => `${f}: ${counts.get(f) ?? 0} casts, listed at ${n}`);
    if (changed.length > 0) console.warn(`idioms.test.ts CAST_EXCEPTIONS to update:\n  ${changed.join('\n  ')}`);
    if (process.env.SIZE_STRICT === '1') expect(changed).toEqual([]);
  });
});
