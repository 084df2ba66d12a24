/** Benchmark helpers: timing with warm-up, medians and spread, machine description. */
import { execSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export interface Timing {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

/** Time `fn` (ms): `warmup` untimed runs, then `runs` timed ones. */
export async function time(fn: () => unknown | Promise<unknown>, runs: number, warmup = 2): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const mid = t.length >> 1;
  const median = t.length % 2 ? t[mid]! : (t[mid - 1]! + t[mid]!) / 2;
  return { median, min: t[0]!, max: t[t.length - 1]!, runs };
}

export function fmt(t: Timing): string {
  return `${t.median.toFixed(t.median < 10 ? 2 : 1)} (${t.min.toFixed(1)}-${t.max.toFixed(1)})`;
}

export function machine(): string {
  const c = cpus();
  let rev = 'unknown';
  try { rev = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* not a git checkout */ }
  return `${c.length} x ${c[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, git ${rev}`;
}

export function hasCommand(cmd: string): boolean {
  try { execSync(`command -v ${cmd}`, { stdio: 'ignore', shell: '/bin/bash' }); return true; } catch { return false; }
}

export interface Section {
  readonly title: string;
  readonly markdown: string;
  readonly missing: readonly string[];
}

/** Markdown table from a header and rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}
