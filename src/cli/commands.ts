/**
 * The table of CLI commands: each has a help text and `run(args, io) -> exit code`.
 * Nothing imports this file back but main.ts (the shared pieces are in io.ts,
 * args.ts and analyze-options.ts), so src/cli has no import cycle.
 */
import { runInfo } from './info.js';
import { parse, usage } from './args.js';
import { ANALYZE_HELP, runAnalyze } from './analyze.js';
import type { Command } from './io.js';
import { runDemo } from './demo.js';
import { runSimulate, SIMULATE_HELP } from './simulate.js';
import { runBatch, BATCH_HELP } from './batch.js';
import { runMerge, MERGE_HELP } from './merge.js';
import { runNormals, NORMALS_HELP } from './normals.js';

export type { CliIo, Command } from './io.js';

export const GLOBAL_HELP = `spect-perfusion: brain perfusion SPECT, cerebellum-to-cortex ratio and severe cerebellar hypoperfusion

Usage: spect-perfusion <command> [options]

Commands:
  info <file|dir|nii>        what the reader understood (dims, affine, values, metadata, issues)
  analyze <inputs...>        register to the atlas, measure regions, classify; print or write reports
  batch <dirs...>            analyse many studies on worker threads, resumable, with a summary table
  merge OUT SHARD_DIR...     join the outputs of \`batch --shard K/N\` runs into one batch folder
  simulate                   write simulated SPECT studies with known truth (one or a cohort)
  normals build <inputs...>  build reference ranges and MNI mean/SD maps from control studies
  demo                       analyse the bundled sample studies and print the report table

Global options: --help (-h), --version (-V, -v), --debug (stack traces on errors)
Exit codes: 0 ok, 1 failure, 2 usage, 3 input format, 4 geometry, 5 resource limit, 6 analysis, 7 i/o, 10 some studies failed
`;

const INFO_HELP = `Usage: spect-perfusion info <file|dir|nii> [--json] [--include-identifiers]

Prints what the reader understood. With --json, one JSON object with dims, spacing,
affine (16 numbers, row-major, voxel (i,j,k) -> RAS mm, i = column), sum/min/max of
the decoded rescaled voxels, metadata and issues. On a folder, also the DICOM series
found ("series") and the one picked, with the reason ("picked"). On a file that is not
a volume (TOMO projections, a STATIC image, one slice of a series), the header facts
("header") and the error; a volume too thin for a head ends with TOO_FEW_SLICES.
`;

export const COMMANDS: Record<string, Command> = {
  info: {
    help: INFO_HELP,
    async run(args, io) {
      const { values, positionals } = parse(args, { json: { type: 'boolean' }, 'include-identifiers': { type: 'boolean' } });
      if (positionals.length !== 1) throw usage('info takes exactly one input');
      return runInfo(positionals[0]!, { json: values.json === true, includeIdentifiers: values['include-identifiers'] === true }, io);
    },
  },
  analyze: { help: ANALYZE_HELP, run: runAnalyze },
  batch: { help: BATCH_HELP, run: runBatch },
  merge: { help: MERGE_HELP, run: runMerge },
  simulate: { help: SIMULATE_HELP, run: runSimulate },
  normals: { help: NORMALS_HELP, run: runNormals },
  demo: {
    help: 'Usage: spect-perfusion demo [--simulate]\n\nAnalyses the sample studies in fixtures/ and prints the summary table next to the simulator truth.\nWithout fixtures/ (an installed package), or with --simulate, the same studies are first simulated\ninto a temporary folder, removed afterwards.\n',
    run: (args, io) => runDemo(args, io),
  },
};
