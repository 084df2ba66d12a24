/**
 * The compile cache of the command line (src/cli/compile-cache.ts): used when Node has
 * `module.enableCompileCache` (22.1 and later), a no-op on older Node (this machine's 20),
 * and never an error.
 */
import * as nodeModule from 'node:module';
import { describe, expect, it } from 'vitest';
import { enableCompileCache } from '../../src/cli/compile-cache.js';

describe('enableCompileCache', () => {
  it('does nothing and returns null when Node has no compile cache (Node < 22.1)', () => {
    expect(enableCompileCache({})).toBeNull();
  });

  it("calls Node's function once, without a folder (Node's default or $NODE_COMPILE_CACHE), and returns its folder", () => {
    const calls: (string | undefined)[] = [];
    const dir = enableCompileCache({
      enableCompileCache: (d?: string) => {
        calls.push(d);
        return { status: 1, directory: '/tmp/node-compile-cache' };
      },
    });
    expect(dir).toBe('/tmp/node-compile-cache');
    expect(calls).toEqual([undefined]);
  });

  it('returns null when the cache is disabled (no folder), or when enabling it throws', () => {
    expect(enableCompileCache({ enableCompileCache: () => ({ status: 3 }) })).toBeNull();
    expect(enableCompileCache({ enableCompileCache: () => undefined })).toBeNull();
    expect(
      enableCompileCache({
        enableCompileCache: () => {
          throw new Error('read-only file system');
        },
      }),
    ).toBeNull();
  });

  it('on this Node: null exactly when node:module has no enableCompileCache', () => {
    const has = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';
    if (!has) expect(enableCompileCache()).toBeNull();
    else expect(typeof (enableCompileCache() ?? '')).toBe('string');
  });
});
