/**
 * Issue 13 §3: src/cli has no import cycle (commands.ts used to define CliIo
 * and the analyze options, and batch, demo, normals and simulate imported
 * them back), and the CLI's --atlas grammar is not in src/node. Imports are
 * read from the sources (static `import ... from './x.js'` and `export ... from`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared-data.js';

const CLI = join(REPO_ROOT, 'src/cli');

/** The src/cli files each src/cli file imports (type-only imports count: they are cycles for a reader too). */
function cliGraph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of readdirSync(CLI).filter((n) => n.endsWith('.ts'))) {
    const text = readFileSync(join(CLI, f), 'utf8');
    const deps = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+'\.\/([\w.-]+)\.js'/gms)].map((m) => `${m[1]}.ts`);
    g.set(f, [...new Set(deps)]);
  }
  return g;
}

/** Every cycle found by depth-first search, as file lists. */
function cycles(g: Map<string, string[]>): string[][] {
  const out: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const d of g.get(n) ?? []) {
      if (state.get(d) === 'open') out.push([...stack.slice(stack.indexOf(d)), d]);
      else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of g.keys()) if (!state.has(n)) visit(n);
  return out;
}

describe('src/cli imports', () => {
  it('form no cycle', () => {
    const g = cliGraph();
    expect(g.get('batch.ts')).toContain('analyze-options.ts'); // the scan sees the imports
    expect(cycles(g)).toEqual([]);
  });

  it('only main.ts imports commands.ts; the shared pieces have their own files', () => {
    const g = cliGraph();
    const importers = [...g].filter(([, d]) => d.includes('commands.ts')).map(([f]) => f);
    expect(importers).toEqual(['main.ts']);
    for (const f of ['batch.ts', 'demo.ts', 'normals.ts', 'simulate.ts', 'merge.ts', 'analyze.ts']) expect(g.get(f), f).toContain('io.ts');
  });

  it('the detector finds a cycle when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('src/node/atlas.ts takes structured files: no --atlas grammar, no usage error', () => {
    const text = readFileSync(join(REPO_ROOT, 'src/node/atlas.ts'), 'utf8');
    expect(text).not.toMatch(/USAGE|split\(','\)|fsl\|aal\|suit/);
  });
});
