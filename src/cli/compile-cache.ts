/**
 * Node's on-disk cache of compiled modules for the command line (docs/packaging.md,
 * "Start-up"): `module.enableCompileCache()` (Node >= 22.1) keeps V8's code cache of every
 * module loaded afterwards in `<os.tmpdir()>/node-compile-cache` (or `$NODE_COMPILE_CACHE`),
 * so that the next process compiles less. Older Node lines have no such function: nothing
 * happens there. `NODE_DISABLE_COMPILE_CACHE=1` turns it off (Node's own switch). The cache
 * holds compiled JavaScript only, never a study's data.
 */
import * as nodeModule from 'node:module';

/** The part of node:module used here (absent before Node 22.1). */
export interface CompileCacheApi {
  readonly enableCompileCache?: (dir?: string) => { readonly status: number; readonly directory?: string } | undefined;
}

/**
 * Enable the compile cache when this Node has one; the folder it uses, or null (no such
 * function, disabled, or it failed: a failure never stops the command).
 */
export function enableCompileCache(api: CompileCacheApi = nodeModule as CompileCacheApi): string | null {
  if (typeof api.enableCompileCache !== 'function') return null;
  try {
    return api.enableCompileCache()?.directory ?? null;
  } catch {
    return null;
  }
}
