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
export async function time(fn: () => unknown | Promise<unknown>, runs: number, warmup = 5): Promise<Timing> {
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
  try { rev = execSync('git describe --always --dirty', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* not a git checkout */ }
  return `${c.length} x ${c[0]?.model ?? 'cpu'}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, git ${rev}`;
}

export function hasCommand(cmd: string): boolean {
  try { execSync(`command -v ${cmd}`, { stdio: 'ignore', shell: '/bin/bash' }); return true; } catch { return false; }
}

export interface Section {
  readonly title: string;
  readonly markdown: string;
  readonly missing: readonly string[];
  /** Headline figures for the targets table (ms, mm, MB, ratios). */
  readonly data?: Readonly<Record<string, number>>;
}

/** Median of a non-empty list (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const t = [...values].sort((a, b) => a - b);
  const mid = t.length >> 1;
  return t.length % 2 ? t[mid]! : (t[mid - 1]! + t[mid]!) / 2;
}

/** "median (min-max)" of a list of times in ms. */
export function spread(values: readonly number[]): string {
  if (values.length === 0) return '-';
  const m = median(values);
  return `${m.toFixed(m < 10 ? 2 : 0)} (${Math.min(...values).toFixed(m < 10 ? 1 : 0)}-${Math.max(...values).toFixed(m < 10 ? 1 : 0)})`;
}

/** Peak RSS (MiB) and wall time (s) of a child process run under `/usr/bin/time -v`, parsed from its stderr. */
export function parseTimeV(stderr: string): { maxRssMiB: number; wallS: number } | null {
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(stderr);
  if (!rss || !wall) return null;
  const parts = wall[1]!.split(':').map(Number);
  let s = 0;
  for (const p of parts) s = s * 60 + p;
  return { maxRssMiB: Number(rss[1]) / 1024, wallS: s };
}

/** Markdown table from a header and rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

/** Time of one operation at several cubic matrix sizes n^3. */
export interface ScalingSeries {
  readonly name: string;
  readonly points: { n: number; text: string; median: number }[];
}
