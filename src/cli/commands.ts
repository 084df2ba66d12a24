/**
 * The table of CLI commands: each has a help text and `run(args, io) -> exit code`.
 * Nothing imports this file back but main.ts (the shared pieces are in io.ts,
 * args.ts and analyze-options.ts), so src/cli has no import cycle.
 *
 * Each command's module is imported when the command runs, not before: a process
 * loads only the code of its own command (`--version` and `--help` none), which
 * shortens the start-up of every one-study process (docs/packaging.md, "Start-up").
 */
import type { Command } from './io.js';
import { ANALYZE_HELP, BATCH_HELP, DEMO_HELP, INFO_HELP, MERGE_HELP, NORMALS_HELP, SIMULATE_HELP } from './help.js';

export type { CliIo, Command } from './io.js';
export { GLOBAL_HELP } from './help.js';

export const COMMANDS: Record<string, Command> = {
  info: {
    help: INFO_HELP,
    async run(args, io) {
      const [{ parse, usage }, { runInfo }] = await Promise.all([import('./args.js'), import('./info.js')]);
      const { values, positionals } = parse(args, { json: { type: 'boolean' }, 'include-identifiers': { type: 'boolean' } });
      if (positionals.length !== 1) throw usage('info takes exactly one input');
      return runInfo(positionals[0]!, { json: values.json === true, includeIdentifiers: values['include-identifiers'] === true }, io);
    },
  },
  analyze: { help: ANALYZE_HELP, run: async (args, io) => (await import('./analyze.js')).runAnalyze(args, io) },
  batch: { help: BATCH_HELP, run: async (args, io) => (await import('./batch.js')).runBatch(args, io) },
  merge: { help: MERGE_HELP, run: async (args, io) => (await import('./merge.js')).runMerge(args, io) },
  simulate: { help: SIMULATE_HELP, run: async (args, io) => (await import('./simulate.js')).runSimulate(args, io) },
  normals: { help: NORMALS_HELP, run: async (args, io) => (await import('./normals.js')).runNormals(args, io) },
  demo: { help: DEMO_HELP, run: async (args, io) => (await import('./demo.js')).runDemo(args, io) },
};
