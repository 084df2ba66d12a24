/**
 * Browser bundle of the library, for the headless-Chromium test and the example
 * page (docs/browser.md).
 *
 * Source: the built package (`dist/`, what users install: per-module ESM, the
 * `#codec/*` imports of package.json and the browser codec builds of
 * dist/codecs/). When dist/ is missing or older than the sources, the same build
 * (tsup.config.ts's `buildOptions`, without declarations) is made into a private
 * temporary folder laid out as a package (package.json, dist/, node_modules
 * symlinked), so that `dist/` (shared with other tests and the CLI) is never
 * deleted or rewritten while they may be using it.
 *
 * Bundle: plain esbuild, platform 'browser', format 'esm', code splitting, no
 * externals, aliases or plugins (the package needs none: docs/packaging.md). The
 * codecs become chunks loaded by dynamic `import()` only when compressed pixel
 * data is met. Entries: the core (`index.js`) and the worker (`worker.js`,
 * `spect-perfusion/worker`), sharing chunks.
 */
import { build as esbuild } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const DIST_MARKERS = ['dist/index.js', 'dist/worker/index.js', 'dist/codecs/charls.js'];

/** Newest modification time (ms) of the library sources: src/ without src/cli and src/node, plus the build config. */
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

/** True when the repository's dist/ has the entries and is not older than any library source. */
export function distIsFresh(): boolean {
  const newest = newestCoreSourceMtime();
  return DIST_MARKERS.every((f) => existsSync(join(REPO_ROOT, f)) && statSync(join(REPO_ROOT, f)).mtimeMs >= newest);
}

export interface BuiltPackage {
  /** Folder holding package.json and dist/ (the repository, or a private copy). */
  readonly root: string;
  /** 'dist': the repository's dist/; 'private-build': a fresh build in a temporary folder. */
  readonly source: 'dist' | 'private-build';
}

/**
 * The built package: the repository when its dist/ is fresh, else a private
 * build (tsup.config.ts's options, no declarations) into `privateDir` (default:
 * a new temporary folder; the caller removes it).
 */
export async function builtPackage(options: { readonly preferDist?: boolean; readonly privateDir?: string } = {}): Promise<BuiltPackage> {
  if (options.preferDist !== false && distIsFresh()) return { root: REPO_ROOT, source: 'dist' };
  const root = options.privateDir ?? mkdtempSync(join(tmpdir(), 'spect-pkg-'));
  mkdirSync(root, { recursive: true });
  copyFileSync(join(REPO_ROOT, 'package.json'), join(root, 'package.json'));
  if (!existsSync(join(root, 'node_modules'))) symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  const { build } = await import('tsup');
  const { buildOptions } = await import('../../tsup.config.js');
  const cwd = process.cwd();
  process.chdir(REPO_ROOT); // tsup resolves entries and tsconfig from the working directory
  try {
    for (const o of buildOptions(join(root, 'dist'), { dts: false })) await build({ ...o, config: false });
  } finally {
    process.chdir(cwd);
  }
  return { root, source: 'private-build' };
}

export interface BrowserBundle {
  /** Folder holding `index.js`, `worker.js` and `chunks/`. */
  readonly dir: string;
  /** Output files relative to `dir`, with their sizes in bytes. */
  readonly files: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
}

/**
 * Bundle the package's core and worker entries for browsers into `outDir`
 * (`index.js`, `worker.js`, `chunks/*.js`), with no externals, aliases or plugins.
 */
export async function bundleForBrowser(pkg: BuiltPackage, outDir: string, options: { readonly minify?: boolean; readonly sourcemap?: boolean } = {}): Promise<BrowserBundle> {
  const r = await esbuild({
    absWorkingDir: REPO_ROOT,
    entryPoints: { index: join(pkg.root, 'dist', 'index.js'), worker: join(pkg.root, 'dist', 'worker', 'index.js') },
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    chunkNames: 'chunks/[name]-[hash]',
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ?? false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  const files = Object.entries(r.metafile.outputs).map(([p, o]) => ({ path: relative(outDir, resolve(REPO_ROOT, p)), bytes: o.bytes }));
  return { dir: outDir, files };
}
