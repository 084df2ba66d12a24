/**
 * Start-up of a one-study process (docs/packaging.md, "Start-up"): what each entry of the
 * command line loads before it runs, read from the sources as the static closure of their
 * value imports (`import ... from`, `export ... from`, side-effect imports; `import type` and
 * dynamic `import()` are not followed). `--version` and `--help` load no command; `analyze`
 * loads neither the other commands, the figure renderer, the DICOM reader (a few of its small
 * attribute modules, without dicom-parser, are used by the analysis) and the Interfile reader,
 * the simulator nor the DICOM writer (each imported when it is needed).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared-data.js';

const SRC = join(REPO_ROOT, 'src');

/** Value imports of one file: relative ones as paths under src/, bare ones as package names. */
function staticImports(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]!),
    ...[...text.matchAll(/^\s*import\s+'([^']+)'/gm)].map((m) => m[1]!),
  ];
  return specs.map((s) => (s.startsWith('.') ? relative(SRC, normalize(join(SRC, dirname(file), s))).replace(/\.js$/, '.ts') : s));
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    if (f.endsWith('.ts')) todo.push(...staticImports(f));
  }
  return seen;
}

describe('what the command line loads before it runs', () => {
  it('bin.ts loads only the compile cache, then main.ts on its own (so that the cache covers it)', () => {
    expect([...closure('cli/bin.ts')].sort()).toEqual(['cli/bin.ts', 'cli/compile-cache.ts', 'node:module']);
    expect(readFileSync(join(SRC, 'cli/bin.ts'), 'utf8')).toMatch(
      /enableCompileCache\(\);\s*const \{ main \} = await import\('\.\/main\.js'\);/,
    );
  });

  it('main.ts (--version, --help, the command table) loads no command and no analysis code', () => {
    const c = [...closure('cli/main.ts')];
    expect(
      c.filter(
        (f) =>
          /^(pipeline|register|regions|atlas|report|dicom|nifti|simulate|volume)\//.test(f) ||
          /^cli\/(analyze|batch|merge|simulate|normals|demo|info|args)/.test(f),
      ),
    ).toEqual([]);
    expect(c.filter((f) => !/\.(ts|json)$/.test(f) && !f.startsWith('node:'))).toEqual([]); // no npm package (package.json: the version, inlined by the build)
  });

  it('analyze.ts loads neither the other commands, the figure renderer, the DICOM/Interfile readers, the simulator nor dicom-parser', () => {
    const c = [...closure('cli/analyze.ts')];
    expect(c).toContain('pipeline/analyze.ts');
    expect(c).toContain('node/load.ts');
    const report = c.filter((f) => f.startsWith('report/figure'));
    expect(report.sort()).toEqual(['report/figure/colormap.ts', 'report/figure/layout.ts']);
    const heavy = c.filter(
      (f) =>
        /^(dicom-pixels|dicom-write|interfile|simulate)\//.test(f) ||
        /^dicom\/(index|read|parse|series)\.ts$/.test(f) ||
        /^cli\/(batch|merge|simulate|normals|demo|info|figure-files)/.test(f) ||
        f === 'report/figure.ts' ||
        f === 'report/png.ts',
    );
    expect(heavy).toEqual([]);
    expect(c.filter((f) => /^(dicom-parser|@cornerstonejs)/.test(f))).toEqual([]);
  });
});
