/**
 * `npm run bench [-- --quick] [-- --only read,stats,...]`: runs the benchmarks
 * side by side with peer libraries and writes docs/benchmarks.md.
 */
import { writeFileSync } from 'node:fs';
import { machine, type Section } from './lib.js';
import { benchRead } from './read.js';
import { benchStats } from './stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;
const write = !args.includes('--no-write');

const SECTIONS: Record<string, (quick: boolean) => Promise<Section>> = {
  read: benchRead,
  stats: benchStats,
};

const out: Section[] = [];
for (const [name, fn] of Object.entries(SECTIONS)) {
  if (only && !only.has(name)) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const s = await fn(quick);
  out.push(s);
  process.stdout.write(`\n## ${s.title}\n\n${s.markdown}`);
  if (s.missing.length) process.stdout.write(`\nMissing peers (skipped): ${s.missing.join(', ')}\n`);
}

if (write && !quick && !only) {
  const md = `# Benchmarks\n\nMade by \`npm run bench\` on ${machine()}.\n\n` +
    out.map((s) => `## ${s.title}\n\n${s.markdown}${s.missing.length ? `\nMissing peers (skipped): ${s.missing.join(', ')}\n` : ''}`).join('\n');
  writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), md);
  process.stderr.write('bench: wrote docs/benchmarks.md\n');
}
