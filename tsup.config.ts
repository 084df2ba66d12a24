import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Options } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * The build (docs/packaging.md):
 *  1. `dist/`: per-module ESM, one file per source module (src/ mirrored, the
 *     CLI, the batch worker and the browser worker included), so that the library
 *     entries, the CLI and the workers share every module and a consumer's bundler
 *     drops whole modules it does not use (`sideEffects: false`).
 *  2. `dist/cjs/`: the CommonJS entries, one esbuild run with code splitting, so
 *     that all CJS entries share one copy of the core (one `SpectError` class, one
 *     codec state), with their `.d.cts` declarations.
 *  3. `.d.ts` beside the ESM entries: the ESM declarations of the same entries (declarations only).
 *  4. `dist/codecs/`: browser builds of the three Emscripten codecs (the
 *     self-contained wasm2js decoders, bundled with `fs`/`path` replaced by an
 *     empty module and minified), reached through the package `imports`
 *     (`#codec/*`) under the `browser` and `default` conditions, so that a
 *     consumer's bundler needs no externals or aliases. Under `node` the codec
 *     packages themselves are used (their faster WebAssembly builds).
 * Then `scripts/public-types.mjs` (npm run build) replaces dicom-parser's types in the
 * emitted declarations by the structural DicomDataSet (src/entries/dicom-dataset.ts).
 * No source maps are published. Dependencies stay external.
 */
const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The public entries (package.json `exports`), by output name. */
export const ENTRIES = {
  index: 'src/index.ts',
  'node/index': 'src/node/index.ts',
  'entries/kernels': 'src/entries/kernels.ts',
  'entries/ndarray': 'src/entries/ndarray.ts',
  'entries/codecs': 'src/entries/codecs.ts',
  'worker/index': 'src/worker/index.ts',
};

/** src/version.ts imports package.json; the built module holds only the version string. */
function inlineVersion(): Plugin {
  return {
    name: 'spect-inline-version',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
        contents: `/** Version of spect-perfusion (package.json \`version\`, inlined at build time). */\nexport const VERSION = ${JSON.stringify(pkg.version)};\n`,
        loader: 'ts',
      }));
    },
  };
}

/** `fs` and `path` as an empty CommonJS module (the codecs only use them under Node). */
function emptyNodeBuiltins(): Plugin {
  return {
    name: 'spect-empty-node-builtins',
    setup(b) {
      b.onResolve({ filter: /^(node:)?(fs|path)$/ }, (a) => ({ path: a.path, namespace: 'spect-empty' }));
      b.onLoad({ filter: /.*/, namespace: 'spect-empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}

const CODECS: ReadonlyArray<readonly [string, string, string]> = [
  // output name, package, upstream library and its licence
  ['charls', '@cornerstonejs/codec-charls', 'CharLS (BSD-3-Clause)'],
  ['openjpeg', '@cornerstonejs/codec-openjpeg', 'OpenJPEG (BSD-2-Clause)'],
  ['libjpeg-turbo-8bit', '@cornerstonejs/codec-libjpeg-turbo-8bit', 'libjpeg-turbo (IJG, BSD-3-Clause, zlib)'],
];

function codecBanner(name: string, library: string): string {
  const p = JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string; license?: string };
  return `/*! ${name}@${p.version} (${p.license ?? 'see its package'}), decode build (wasm2js), bundled for browsers by spect-perfusion; compiled from ${library}. See THIRD-PARTY-NOTICES.md. */`;
}

/** dist/codecs/THIRD-PARTY-NOTICES.md: what the bundled codec builds are and their licences (texts the packages ship). */
function codecNotices(): string {
  const parts = ['# Third-party code in dist/codecs/', '',
    'Browser builds of the Emscripten decoders of the packages below, bundled unchanged except that',
    '`require("fs")` / `require("path")` (reached only under Node) resolve to an empty module, and minified.',
    'Under Node, spect-perfusion uses the packages themselves (dependencies in package.json).', ''];
  for (const [file, name, library] of CODECS) {
    const p = JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')) as { version: string; license?: string; repository?: { url?: string } };
    parts.push(`## ${file}.js: ${name}@${p.version}`, '', `Package licence: ${p.license ?? 'not declared'}; repository ${p.repository?.url ?? 'not declared'}; compiled from ${library}.`, '');
    const lic = new URL(`./node_modules/${name}/LICENSE`, import.meta.url);
    if (existsSync(lic)) parts.push('```', readFileSync(lic, 'utf8').trim(), '```', '');
    else parts.push('(the package ships no licence file)', '');
  }
  return parts.join('\n');
}

/** Options for an output folder (`out`, default `dist`): used by tsup and by test/browser/bundle.ts. */
export function buildOptions(out = 'dist', { dts = true }: { dts?: boolean } = {}): Options[] {
  const base: Options = { target: 'es2022', sourcemap: false, clean: false, silent: true, tsconfig: 'tsconfig.json' };
  const configs: Options[] = [
    {
      ...base,
      entry: ['src/**/*.ts', '!src/**/*.d.ts'],
      outDir: out,
      format: ['esm'],
      platform: 'neutral',
      bundle: false,
      dts: false,
      esbuildPlugins: [inlineVersion()],
      // the bin keeps its path (dist/cli.js): a two-line module that starts the per-module CLI
      onSuccess: async () => {
        writeFileSync(`${out}/cli.js`, "#!/usr/bin/env node\nimport './cli/bin.js';\n", { mode: 0o755 });
      },
    },
    {
      ...base,
      entry: ENTRIES,
      outDir: `${out}/cjs`,
      format: ['cjs'],
      platform: 'neutral',
      external: [/^node:/, /^#codec\//],
      splitting: true,
      dts,
      esbuildPlugins: [inlineVersion()],
    },
    ...CODECS.map(([file, name, library]): Options => ({
      ...base,
      entry: { [file]: createRequire(import.meta.url).resolve(`${name}/decode`) },
      outDir: `${out}/codecs`,
      format: ['esm'],
      platform: 'browser',
      bundle: true,
      noExternal: [name],
      minify: true,
      dts: false,
      banner: { js: codecBanner(name, library) },
      esbuildPlugins: [emptyNodeBuiltins()],
      onSuccess: async () => {
        writeFileSync(`${out}/codecs/THIRD-PARTY-NOTICES.md`, codecNotices());
      },
    })),
  ];
  if (dts) configs.push({ ...base, entry: ENTRIES, outDir: out, format: ['esm'], platform: 'neutral', dts: { only: true } });
  return configs;
}

export default defineConfig(buildOptions());
