/**
 * Top entries of a V8 CPU profile (the `.cpuprofile` JSON written by
 * `node --cpu-prof` or by node:inspector's Profiler.stop) by self time:
 *
 *   npx tsx bench/profile-top.ts FILE.cpuprofile [N]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CpuProfile {
  readonly nodes: readonly { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

/** Markdown table of the `n` functions with the most self time (ms and share of the profile). */
export function topEntries(p: CpuProfile, n: number): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    const dt = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!node) continue;
    const f = node.callFrame;
    const key = f.url ? `${f.functionName || '(anonymous)'} (${basename(f.url)}:${f.lineNumber + 1})` : f.functionName || '(anonymous)';
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return '| function (file:line) | self ms | share |\n|---|---|---|\n' +
    rows.map(([k, v]) => `| ${k} | ${v.toFixed(0)} | ${(100 * v / total).toFixed(1)} % |`).join('\n') + `\n\nprofile total ${total.toFixed(0)} ms\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/profile-top.ts FILE.cpuprofile [N]');
  process.stdout.write(topEntries(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 20)));
}
