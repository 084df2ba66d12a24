import { defineConfig, type Options } from 'tsup';

/**
 * One ESM build holds the library entries, the CLI and the batch worker, so
 * that they share chunks (the core ships once in ESM). The CommonJS build of
 * the library entries is split too: `index.cjs` and `node.cjs` share one copy
 * of the core, hence one `SpectError` class and one codec state.
 * No source maps are published (docs/packaging.md). Dependencies stay external.
 */
const LIBRARY = { index: 'src/index.ts', node: 'src/node/index.ts' };

const common: Options = {
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/],
  sourcemap: false,
  clean: false,
  splitting: true,
  dts: { entry: LIBRARY },
};

export default defineConfig([
  {
    ...common,
    // src/cli/bin.ts starts with `#!/usr/bin/env node`, which esbuild keeps in dist/cli.js
    entry: { ...LIBRARY, cli: 'src/cli/bin.ts', 'batch-worker': 'src/cli/batch-worker.ts' },
    format: ['esm'],
  },
  {
    ...common,
    entry: LIBRARY,
    format: ['cjs'],
  },
]);
