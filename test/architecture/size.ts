/**
 * The size rules of docs/architecture.md: no file of src/ over FILE_MAX lines, no function over
 * FUNCTION_MAX lines (measured with the TypeScript parser, from the first token of the function to
 * its closing brace; a nested function counts in its own right and inside its parent).
 * Used by size.test.ts; `npx tsx test/architecture/size.ts` prints everything over the limits.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const FILE_MAX = 300;
export const FUNCTION_MAX = 80;

const SRC = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'src');

/** One measured piece: a file (`dicom/read.ts`) or a function (`dicom/read.ts#readDicom`). */
export interface Measure {
  readonly key: string;
  readonly lines: number;
}

/** Lines of a text as `wc -l` counts them, plus a last line without a newline. */
export function lineCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

function nameOf(n: ts.Node): string | null {
  const named = n as ts.Node & { name?: ts.Node };
  if (ts.isConstructorDeclaration(n)) return 'constructor';
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name) || ts.isPrivateIdentifier(named.name)))
    return named.name.text;
  const p = n.parent;
  if (
    (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) &&
    ts.isIdentifier(p.name) &&
    p.initializer === n
  )
    return p.name.text;
  return null;
}

/** The name of a function: `f`, `Class.method`, `outer.<anonymous>` for an unnamed callback. */
function qualifiedName(n: ts.Node): string {
  const own = nameOf(n);
  const parts: string[] = [];
  for (let a = n.parent; a && !ts.isSourceFile(a); a = a.parent) {
    if (ts.isClassLike(a)) {
      parts.unshift(a.name?.text ?? '<class>');
      break;
    }
    if (ts.isFunctionLike(a)) {
      const an = nameOf(a);
      if (an) {
        parts.unshift(an);
        break;
      }
    }
  }
  return [...parts, own ?? '<anonymous>'].join('.');
}

/** The functions with a body in one source text, each with its line count (the longest per name). */
export function functionSizes(text: string, file: string): Measure[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const best = new Map<string, number>();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && 'body' in n && n.body) {
      const a = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const b = sf.getLineAndCharacterOfPosition(n.getEnd()).line;
      const key = `${file}#${qualifiedName(n)}`;
      best.set(key, Math.max(best.get(key) ?? 0, b - a + 1));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return [...best].map(([key, lines]) => ({ key, lines }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|mts|cts)$/.test(f) && !f.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every file of src/ and every function in it, with its line count. */
export function measureSrc(): { files: Measure[]; functions: Measure[] } {
  const files: Measure[] = [],
    functions: Measure[] = [];
  for (const abs of sourceFiles(SRC)) {
    const file = relative(SRC, abs),
      text = readFileSync(abs, 'utf8');
    files.push({ key: file, lines: lineCount(text) });
    functions.push(...functionSizes(text, file));
  }
  return { files, functions };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, functions } = measureSrc();
  const over = [...files.filter((f) => f.lines > FILE_MAX), ...functions.filter((f) => f.lines > FUNCTION_MAX)];
  for (const m of over.sort((a, b) => b.lines - a.lines)) console.log(`${String(m.lines).padStart(5)}  ${m.key}`);
  console.log(`${files.length} files, ${functions.length} functions; over ${FILE_MAX} / ${FUNCTION_MAX} lines: ${over.length}`);
}
