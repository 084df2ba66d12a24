/**
 * CPU time of whole new processes, for the start-up figures of docs/benchmarks.md
 * ("Start-up (issue 16 §1)"). CPU (user + system, all threads, from
 * process.cpuUsage() at exit) rather than wall time, because the machine is shared.
 *
 *   npx tsx scripts/startup-cpu.ts [--runs 9] ROOT... -- ARGS...
 *
 * For every ROOT (a built package folder with dist/), runs `node ARGS...` in
 * ROOT, the roots interleaved run by run, and prints the median, min and max
 * CPU ms and the median wall ms per root, with the load average before and after.
 * ARGS `-e "import('./dist/index.js')"` measures the import; `dist/cli.js analyze
 * --json FILE` one whole analysis.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';

const argv = process.argv.slice(2);
const sep = argv.indexOf('--');
if (sep < 0) throw new Error('usage: startup-cpu.ts [--runs N] ROOT... -- ARGS...');
let head = argv.slice(0, sep);
const args = argv.slice(sep + 1);
let runs = 9;
const r = head.indexOf('--runs');
if (r >= 0) {
  runs = Number(head[r + 1]);
  head = head.filter((_, i) => i !== r && i !== r + 1);
}
const roots = head.map((p) => resolve(p));
// printed by the child at exit: CPU of the whole process (every thread), microseconds
const hook =
  "data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\nCPU_US '+(u.user+u.system)+'\\n')})";
const cpu = new Map<string, number[]>(roots.map((x) => [x, []]));
const wall = new Map<string, number[]>(roots.map((x) => [x, []]));
const load0 = loadavg();
for (let i = 0; i < runs; i++) {
  for (const root of roots) {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ['--import', hook, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const t1 = performance.now();
    const m = /CPU_US (\d+)/.exec(res.stderr);
    if (res.status !== 0 || !m) throw new Error(`run failed in ${root} (status ${res.status}): ${res.stderr.slice(-500)}`);
    cpu.get(root)!.push(Number(m[1]) / 1000);
    wall.get(root)!.push(t1 - t0);
  }
}
const load1 = loadavg();
const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(
  `node ${args.join(' ')}  (${runs} runs each, interleaved; load average ${load0[0]!.toFixed(1)} -> ${load1[0]!.toFixed(1)} on ${availableParallelism()} cores)`,
);
for (const root of roots) {
  const c = cpu.get(root)!;
  console.log(
    `  ${root}: CPU median ${median(c).toFixed(0)} ms (min ${Math.min(...c).toFixed(0)}, max ${Math.max(...c).toFixed(0)}), wall median ${median(wall.get(root)!).toFixed(0)} ms`,
  );
}
