/**
 * Top entries of a V8 CPU profile (the `.cpuprofile` JSON written by
 * `node --cpu-prof` or by node:inspector's Profiler.stop), by self time or,
 * with --inclusive, by inclusive time (the function and everything it called,
 * each sample counted once per function even under recursion):
 *
 *   npx tsx bench/profile-top.ts FILE.cpuprofile [N] [--inclusive]
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

type Frame = CpuProfile['nodes'][number]['callFrame'];
const keyOf = (f: Frame) => (f.url ? `${f.functionName || '(anonymous)'} (${basename(f.url)}:${f.lineNumber + 1})` : f.functionName || '(anonymous)');

/** Markdown table of the `n` functions with the most self (or inclusive) time, ms and share of the profile. */
export function topEntries(p: CpuProfile, n: number, inclusive = false): string {
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const parent = new Map<number, number>();
  for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
  const time = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]!);
    const dt = (p.timeDeltas[i + 1] ?? p.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    if (!node) continue;
    if (!inclusive) {
      const key = keyOf(node.callFrame);
      time.set(key, (time.get(key) ?? 0) + dt);
      continue;
    }
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const key = keyOf(byId.get(id)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      time.set(key, (time.get(key) ?? 0) + dt);
    }
  }
  const rows = [...time.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return `| function (file:line) | ${inclusive ? 'inclusive' : 'self'} ms | share |\n|---|---|---|\n` +
    rows.map(([k, v]) => `| ${k} | ${v.toFixed(0)} | ${(100 * v / total).toFixed(1)} % |`).join('\n') + `\n\nprofile total ${total.toFixed(0)} ms\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const pos = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const file = pos[0];
  if (!file) throw new Error('usage: tsx bench/profile-top.ts FILE.cpuprofile [N] [--inclusive]');
  process.stdout.write(topEntries(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(pos[1] ?? 20), process.argv.includes('--inclusive')));
}
