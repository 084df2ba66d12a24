// Worker entry of `batch` when running from the TypeScript sources (tsx, vitest):
// registers tsx's loader in the worker thread, then loads the real worker.
import { register } from 'tsx/esm/api';

register();
await import('./batch-worker.ts');
