/**
 * The import rules of docs/architecture.md, checked on every import in src/: the layer table
 * (read from the doc itself, so the doc stays true), no Node built-ins in the core, no import
 * cycles. Known exceptions: allowlist.ts, which may only shrink.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CYCLE_EXCEPTIONS, LAYER_EXCEPTIONS } from './allowlist.js';
import { REPO, allFiles, allImports, cycles, isNodeBuiltin, unitOf } from './graph.js';

const doc = readFileSync(join(REPO, 'docs/architecture.md'), 'utf8');
/** unit -> layer, from the rows `| N | \`a/\`, \`b.ts\` | ... |` of the doc's table. */
const LAYER = new Map<string, number>();
for (const m of doc.matchAll(/^\| (\d+) \| (.+?) \|/gm)) {
  for (const u of m[2]!.matchAll(/`([\w.-]+)\/?`/g)) LAYER.set(u[1]!, Number(m[1]));
}
const imports = allImports();
const inside = imports.filter((i) => i.to !== null);
const NODE_ALLOWED = new Set(['node', 'cli']);

describe('src/ import rules (docs/architecture.md)', () => {
  it('the doc gives a layer to every folder and root file of src/, and names no other', () => {
    const units = new Set(allFiles().map(unitOf));
    for (const d of readdirSync(join(REPO, 'src'))) if (statSync(join(REPO, 'src', d)).isDirectory()) units.add(d);
    expect(LAYER.size).toBeGreaterThan(15);
    expect([...units].filter((u) => !LAYER.has(u)), 'units of src/ without a row in docs/architecture.md').toEqual([]);
    expect([...LAYER.keys()].filter((u) => !units.has(u)), 'rows of docs/architecture.md that are not in src/').toEqual([]);
  });

  it('the parser sees the imports (a sanity check on known edges)', () => {
    expect(inside.length).toBeGreaterThan(500);
    expect(inside.some((i) => i.from === 'pipeline/register-step.ts' && i.to === 'register/index.ts')).toBe(true);
    expect(inside.some((i) => i.from === 'nifti/read.ts' && i.to === 'nifti/header.ts' && !i.typeOnly)).toBe(true);
    expect(imports.some((i) => i.from.startsWith('node/') && isNodeBuiltin(i.spec))).toBe(true);
  });

  it('no Node built-in outside node/ and cli/', () => {
    const bad = imports.filter((i) => isNodeBuiltin(i.spec) && !NODE_ALLOWED.has(unitOf(i.from))).map((i) => `${i.from}: ${i.spec}`);
    expect(bad).toEqual([]);
  });

  it('every import goes to a lower layer (or is a listed exception, each still needed)', () => {
    const violations = new Map<string, string[]>();
    for (const i of inside) {
      const a = unitOf(i.from), b = unitOf(i.to!);
      if (a === b) continue;
      if (LAYER.get(b)! < LAYER.get(a)!) continue;
      const k = `${a} -> ${b}`;
      violations.set(k, [...(violations.get(k) ?? []), `${i.from} -> ${i.to}`]);
    }
    const unlisted = [...violations].filter(([k]) => !(k in LAYER_EXCEPTIONS)).map(([k, v]) => `${k}: ${v.join(', ')}`);
    expect(unlisted, 'imports into the same or a higher layer (fix them; do not add to allowlist.ts)').toEqual([]);
    const stale = Object.keys(LAYER_EXCEPTIONS).filter((k) => !violations.has(k));
    expect(stale, 'exceptions no longer needed: delete them from test/architecture/allowlist.ts').toEqual([]);
  });

  it('no import cycles between files (or a listed exception, each still needed)', () => {
    const edges = new Map<string, Set<string>>();
    for (const i of inside) {
      if (i.from === i.to) continue;
      if (!edges.has(i.from)) edges.set(i.from, new Set());
      edges.get(i.from)!.add(i.to!);
    }
    const found = cycles(edges);
    const listed = (c: string[], k: string) => (k.endsWith('/') ? c.every((f) => f.startsWith(k)) : c.join(' ') === k);
    const unlisted = found.filter((c) => !Object.keys(CYCLE_EXCEPTIONS).some((k) => listed(c, k))).map((c) => c.join(' <-> '));
    expect(unlisted, 'import cycles (fix them; do not add to allowlist.ts)').toEqual([]);
    const stale = Object.keys(CYCLE_EXCEPTIONS).filter((k) => !found.some((c) => listed(c, k)));
    expect(stale, 'cycle exceptions no longer needed: delete them from test/architecture/allowlist.ts').toEqual([]);
  });

  it('finds a cycle and a layer violation when there is one (the checker itself)', () => {
    const e = new Map([['a.ts', new Set(['b.ts'])], ['b.ts', new Set(['c.ts'])], ['c.ts', new Set(['a.ts'])], ['d.ts', new Set(['a.ts'])]]);
    expect(cycles(e)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(cycles(new Map([['a.ts', new Set(['b.ts'])]]))).toEqual([]);
    expect(LAYER.get('kernels')! < LAYER.get('volume')! && LAYER.get('volume')! < LAYER.get('register')!).toBe(true);
    expect(LAYER.get('cli')).toBe(Math.max(...LAYER.values()));
  });
});
