/**
 * The shipped WebAssembly kernels (src/kernels/wasm/*-module.ts) are a fresh compile of their
 * AssemblyScript sources by the pinned compiler (scripts/gen-wasm.ts), so they cannot drift
 * from the source; and the module decodes, validates and exports what gaussian-wasm.ts calls.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/kernels/base64.js';
import { GAUSSIAN_LINES_WASM } from '../../src/kernels/wasm/gaussian-lines-module.js';
import { genWasm } from '../../scripts/gen-wasm.js';

describe('shipped WebAssembly kernels', () => {
  it('equal a fresh compile of their sources (npm run gen:wasm)', async () => {
    expect(await genWasm(join(import.meta.dirname, '..', '..'), true)).toEqual([]);
  }, 60_000);

  it('decode to a valid module that imports only env.memory and exports blurAxis', () => {
    const bytes = decodeBase64(GAUSSIAN_LINES_WASM);
    expect(bytes).not.toBeNull();
    expect(WebAssembly.validate(bytes!)).toBe(true);
    const m = new WebAssembly.Module(bytes!);
    expect(WebAssembly.Module.imports(m)).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
    expect(WebAssembly.Module.exports(m).map((e) => e.name)).toContain('blurAxis');
  });
});
