/**
 * Entry of a `batch` worker thread: Node's compile cache is enabled first and the worker
 * imported after it (as bin.ts does for the command line), so that a worker compiles the
 * analysis modules from the cache the command line and earlier workers left
 * (compile-cache.ts; no-op before Node 22.1).
 */
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();
await import('./batch-worker-body.js');
