/**
 * Test-only faults of the batch worker, to prove that a crashing, exiting,
 * hanging or memory-hungry study becomes one failed study and a fresh worker.
 * Active only under the test runner (VITEST=true) and when
 * SPECT_PERFUSION_TEST_FAULT names the study's file or folder name:
 * `exit:NAME`, `throw:NAME`, `hang:NAME`, `oom:NAME` (JS heap), `bigalloc:NAME`
 * (typed arrays, outside the JS heap), several joined by `;`.
 * Outside tests the variable is ignored.
 */
import { basename } from 'node:path';

export function testFault(path: string): void {
  const spec = process.env.SPECT_PERFUSION_TEST_FAULT;
  if (process.env.VITEST !== 'true' || !spec) return;
  const name = basename(path);
  for (const part of spec.split(';')) {
    const [kind, target] = part.split(':');
    if (target !== name) continue;
    if (kind === 'exit') process.exit(3);
    if (kind === 'throw') setImmediate(() => { throw new Error('test fault: uncaught exception in the worker'); });
    if (kind === 'hang') for (;;) { /* spin until the batch's time limit terminates the worker */ }
    if (kind === 'bigalloc') {
      const keep: Float64Array[] = [];
      for (;;) {
        keep.push(new Float64Array(1024 * 1024).fill(keep.length + 1)); // 8 MB, touched
        const until = Date.now() + 20;
        while (Date.now() < until) { /* about 400 MB/s, so the watchdog stops it soon after the bound */ }
      }
    }
    if (kind === 'oom') {
      const keep: object[] = [];
      for (;;) keep.push({ a: keep.length, b: [keep.length] });
    }
  }
}
