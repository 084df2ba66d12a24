/**
 * The import graph of src/, parsed with the TypeScript compiler (every import, export ... from,
 * import type and dynamic import()). Used by imports.test.ts; `npx tsx test/architecture/graph.ts`
 * prints the folder-level edges.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(REPO, 'src');

export interface Import {
  /** importing file, relative to src/ (e.g. `dicom/read.ts`) */
  readonly from: string;
  /** the specifier as written */
  readonly spec: string;
  /** target file relative to src/ for a relative import inside src/, else null */
  readonly to: string | null;
  readonly typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

function resolveTarget(fromAbs: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(fromAbs), spec);
  const candidates = [base.replace(/\.(m|c)?js$/, '.$1ts'), base, `${base}.ts`, join(base, 'index.ts')];
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return c.startsWith(SRC + '/') ? relative(SRC, c) : null;
    } catch {
      // not this candidate
    }
  }
  return null;
}

export function importsOf(fileAbs: string): Import[] {
  const text = readFileSync(fileAbs, 'utf8');
  const sf = ts.createSourceFile(fileAbs, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const from = relative(SRC, fileAbs);
  const out: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => out.push({ from, spec, to: resolveTarget(fileAbs, spec), typeOnly });
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const c = n.importClause;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!c.namedBindings && ts.isNamedImports(c.namedBindings) && c.namedBindings.elements.length > 0 && c.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(n.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(n) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = n.isTypeOnly || (!!n.exportClause && ts.isNamedExports(n.exportClause) && n.exportClause.elements.every((e) => e.isTypeOnly));
      add(n.moduleSpecifier.text, typeOnly);
    } else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference) && ts.isStringLiteral(n.moduleReference.expression)) {
      add(n.moduleReference.expression.text, n.isTypeOnly);
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) {
      add(n.arguments[0].text, false);
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) {
      add(n.argument.literal.text, true);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

export function allImports(): Import[] {
  return sourceFiles(SRC).flatMap(importsOf);
}

export function allFiles(): string[] {
  return sourceFiles(SRC).map((f) => relative(SRC, f));
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
/** `node:fs`, `fs`, `fs/promises`, ... */
export function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]!);
}

/** The unit of layering: a folder of src/ (`dicom`), or a file at the root (`index.ts`). */
export function unitOf(file: string): string {
  const i = file.indexOf('/');
  return i < 0 ? file : file.slice(0, i);
}

/** Strongly connected components with more than one file (Tarjan), each sorted, in a stable order. */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  const out: string[][] = [];
  const strong = (v: string): void => {
    idx.set(v, index); low.set(v, index); index++;
    stack.push(v); onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const c: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); c.push(w); } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) strong(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const counts = new Map<string, number>();
  for (const i of allImports()) {
    if (!i.to) continue;
    const a = unitOf(i.from), b = unitOf(i.to);
    if (a !== b) counts.set(`${a} -> ${b}${i.typeOnly ? ' (type)' : ''}`, (counts.get(`${a} -> ${b}${i.typeOnly ? ' (type)' : ''}`) ?? 0) + 1);
  }
  for (const [k, v] of [...counts].sort()) console.log(`${k}  ${v}`);
}
