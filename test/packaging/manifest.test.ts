/**
 * package.json against the build (tsup.config.ts) and the sources: every public
 * entry has its `exports` subpath (ESM + CJS, types first) and its node10
 * `typesVersions` mapping; every `#codec/*` specifier the core imports is in
 * `imports`, with a `node` target in the codec packages and a `browser` /
 * `default` target that the build writes (dist/codecs/).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTRIES } from '../../tsup.config.js';
import { REPO_ROOT } from '../browser/bundle.js';

interface Conditional { readonly import: { types: string; default: string }; readonly require: { types: string; default: string } }
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  exports: Record<string, Conditional | string>;
  imports: Record<string, { browser: string; node: string; default: string }>;
  typesVersions: { '*': Record<string, string[]> };
  main: string; module: string; types: string; sideEffects: boolean; engines: { node: string };
};
const SUBPATH: Record<string, string> = {
  index: '.', 'node/index': './node', 'entries/kernels': './kernels', 'entries/ndarray': './ndarray', 'entries/codecs': './codecs', 'worker/index': './worker',
};

describe('package.json matches the build', () => {
  it('exports every entry, ESM and CJS, types first; typesVersions for node10', () => {
    expect(Object.keys(ENTRIES).sort()).toEqual(Object.keys(SUBPATH).sort());
    for (const [out, sub] of Object.entries(SUBPATH)) {
      const e = pkg.exports[sub] as Conditional;
      expect(e, sub).toBeDefined();
      expect(Object.keys(e.import)[0]).toBe('types');
      expect(e.import).toEqual({ types: `./dist/${out}.d.ts`, default: `./dist/${out}.js` });
      expect(e.require).toEqual({ types: `./dist/cjs/${out}.d.cts`, default: `./dist/cjs/${out}.cjs` });
      if (sub !== '.') expect(pkg.typesVersions['*'][sub.slice(2)]).toEqual([`./dist/cjs/${out}.d.cts`]);
    }
    expect(Object.keys(pkg.exports).sort()).toEqual([...Object.values(SUBPATH), './package.json'].sort());
    expect([pkg.main, pkg.module, pkg.types]).toEqual(['./dist/cjs/index.cjs', './dist/index.js', './dist/cjs/index.d.cts']);
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines.node).toBe('>=22');
  });

  it('maps every #codec/* import of the core: node -> the codec package, browser/default -> dist/codecs/', () => {
    const src = readFileSync(join(REPO_ROOT, 'src', 'dicom-pixels', 'codecs.ts'), 'utf8');
    const used = [...src.matchAll(/import\('(#codec\/[a-z0-9-]+)'\)/g)].map((m) => m[1]!).sort();
    expect(used.length).toBe(6);
    expect(Object.keys(pkg.imports).sort()).toEqual(used);
    const req = createRequire(join(REPO_ROOT, 'package.json'));
    for (const [spec, t] of Object.entries(pkg.imports)) {
      const name = spec.slice('#codec/'.length).replace(/-wasm$/, '');
      expect(t.browser, spec).toBe(`./dist/codecs/${name}.js`);
      expect(t.default, spec).toBe(t.browser);
      expect(t.node, spec).toBe(`@cornerstonejs/codec-${name}/${spec.endsWith('-wasm') ? 'decodewasmjs' : 'decode'}`);
      expect(() => req.resolve(t.node), spec).not.toThrow();
      expect(Object.keys(t)).toEqual(['browser', 'node', 'default']); // browser wins over node in a browser bundle
    }
  });
});
