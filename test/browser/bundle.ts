/**
 * Browser bundle of the core library, for the headless-Chromium test and the
 * example page (docs/browser.md).
 *
 * Source: the built ESM entry `dist/index.js` (what users install). When it is
 * missing or older than the core sources, the same tsup build (ESM, neutral
 * platform, dependencies external) is made into a private temporary folder
 * instead, so that `dist/` (shared with other tests and the CLI) is never
 * deleted or rewritten while they may be using it.
 *
 * Bundle: esbuild, platform 'browser', format 'esm', code splitting, so that the
 * codec packages (1.5-2.5 MB each) become chunks loaded by dynamic `import()`
 * only when compressed pixel data is met. Two Node-only corners are stubbed:
 *  - `fs` / `path`: the cornerstone codec builds `require` them only under Node;
 *    they resolve to an empty CommonJS module;
 *  - `@cornerstonejs/codec-* /decodewasmjs`: the WebAssembly builds, which the
 *    core only tries under Node (they read a `.wasm` file beside the script); in
 *    the bundle they become a stub that rejects, so the core falls back to the
 *    self-contained `decode` (wasm2js) build, as it does in any browser anyway.
 */
import { build as esbuild, type Plugin } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const DIST_ENTRY = join(REPO_ROOT, 'dist', 'index.js');

/** Newest modification time (ms) of the core sources: src/ without src/cli and src/node, plus the build config. */
export function newestCoreSourceMtime(): number {
  let newest = 0;
  const skip = new Set([join(REPO_ROOT, 'src', 'cli'), join(REPO_ROOT, 'src', 'node')]);
  const stack = [join(REPO_ROOT, 'src')];
  for (let guard = 0; stack.length > 0 && guard < 10_000; guard++) {
    const dir = stack.pop()!;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!skip.has(p)) stack.push(p);
      } else if (e.name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(p).mtimeMs);
      }
    }
  }
  for (const f of ['tsup.config.ts', 'package.json']) {
    const p = join(REPO_ROOT, f);
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when dist/index.js exists and is not older than any core source. */
export function distIsFresh(): boolean {
  return existsSync(DIST_ENTRY) && statSync(DIST_ENTRY).mtimeMs >= newestCoreSourceMtime();
}

export interface EsmEntry {
  /** Absolute path of the ESM entry to bundle. */
  readonly path: string;
  /** 'dist': the package's dist/index.js; 'private-build': a fresh tsup build in a temporary folder. */
  readonly source: 'dist' | 'private-build';
}

/**
 * The built ESM entry of the core: dist/index.js when fresh, else a private
 * tsup build (same options as tsup.config.ts's core entry, ESM only, no .d.ts)
 * into `privateDir` (default: a new temporary folder; the caller removes it).
 */
export async function builtEsmEntry(options: { readonly preferDist?: boolean; readonly privateDir?: string } = {}): Promise<EsmEntry> {
  if (options.preferDist !== false && distIsFresh()) return { path: DIST_ENTRY, source: 'dist' };
  const outDir = options.privateDir ?? mkdtempSync(join(tmpdir(), 'spect-esm-'));
  const { build } = await import('tsup');
  await build({
    config: false,
    entry: { index: join(REPO_ROOT, 'src', 'index.ts') },
    outDir,
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    external: [/^node:/],
    silent: true,
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  });
  return { path: join(outDir, 'index.js'), source: 'private-build' };
}

/** esbuild plugin: empty `fs`/`path`, rejecting stubs for the codecs' WebAssembly builds. */
export function nodeOnlyStubs(): Plugin {
  return {
    name: 'spect-node-only-stubs',
    setup(b) {
      b.onResolve({ filter: /^(node:)?(fs|path)$/ }, (a) => ({ path: a.path, namespace: 'spect-empty' }));
      b.onLoad({ filter: /.*/, namespace: 'spect-empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      b.onResolve({ filter: /^@cornerstonejs\/codec-[a-z0-9-]+\/decodewasmjs$/ }, (a) => ({ path: a.path, namespace: 'spect-wasm-stub' }));
      b.onLoad({ filter: /.*/, namespace: 'spect-wasm-stub' }, () => ({
        contents: "export default function () { return Promise.reject(new Error('WebAssembly codec build not bundled for the browser')); }",
        loader: 'js',
      }));
    },
  };
}

export interface BrowserBundle {
  /** Folder holding `index.js` and `chunks/`. */
  readonly dir: string;
  /** Output files relative to `dir`, with their sizes in bytes. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
}

/**
 * Bundle an ESM entry of the library for browsers into `outDir` (`index.js` +
 * `chunks/*.js`). Dependencies are resolved from the repository's node_modules.
 */
export async function bundleForBrowser(entry: string, outDir: string, options: { readonly minify?: boolean; readonly sourcemap?: boolean } = {}): Promise<BrowserBundle> {
  const r = await esbuild({
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: entry },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    chunkNames: 'chunks/[name]-[hash]',
    nodePaths: [join(REPO_ROOT, 'node_modules')],
    plugins: [nodeOnlyStubs()],
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ?? false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const files = Object.entries(r.metafile.outputs).map(([p, o]) => ({ path: relative(outDir, resolve(REPO_ROOT, p)), bytes: o.bytes }));
  return { dir: outDir, files };
}
