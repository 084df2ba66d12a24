/**
 * CLI commands. Each has a help text and `run(args, io) -> exit code`.
 */
import { basename } from 'node:path';
import { loadNormals } from '../node/normals.js';
import { loadAtlasSpec } from '../node/atlas.js';
import { readBytes } from '../node/files.js';
import { readNifti } from '../nifti/index.js';
import { csvHeader, csvRow, csvErrorRow } from '../report/csv.js';
import { SpectError } from '../errors.js';
import { ExitCode } from './exit-codes.js';
import { runInfo } from './info.js';
import { FIGURE_ARGS_HELP, FIGURE_ARG_OPTIONS, ageArg, figureArgs, parse, tracerArg, usage } from './args.js';
import { analyzePath, studyInputs } from './analyze-one.js';
import { formatSummaryTable, summaryRow } from './summary.js';
import { checkOutputDir } from './out-check.js';
import { runDemo } from './demo.js';
import { runSimulate, SIMULATE_HELP } from './simulate.js';
import { runBatch, BATCH_HELP } from './batch.js';
import { runMerge, MERGE_HELP } from './merge.js';
import { runNormals, NORMALS_HELP } from './normals.js';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface Command {
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

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

Global options: --help, --version, --debug (stack traces on errors)
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

const ANALYZE_HELP = `Usage: spect-perfusion analyze <file|dir|nii...> [options]

A NIfTI's JSON sidecar (<stem>.json beside <stem>.nii or .nii.gz, as written by
dcm2niix or BIDS) is read with it; naming the sidecar as an argument too is allowed.
A folder holding one NIfTI (and its sidecar) is one study.

Options:
  --json                 print the JSON report (one study: one object; several: JSON Lines)
  --csv                  print one CSV row per study
  --out DIR              write <id>.json and <id>.png (and --mni: <id>_mni.nii.gz) into DIR
  --mni                  with --out, also write the study resampled into MNI space
  --force                overwrite existing output files
  --age AGE              patient age (overrides the study's): years (2, 0.75) or a DICOM
                         Age String (006M, 018M, 2Y, 045Y, 3W, 10D)
  --tracer hmpao|ecd|imp tracer (overrides the study's)
  --assume-age AGE       age to use when the study has none (recorded as an assumption)
  --assume-tracer T      tracer to use when the study has none (recorded as an assumption)
  --sidecar FILE         JSON sidecar of the (one) NIfTI input, instead of <stem>.json
  --pseudonym-key KEY    key of the study pseudonym (default: a fixed project key)
  --include-identifiers  put study UIDs, dates and input paths in the outputs
  --atlas SPEC           label atlas instead of the built-in one: fsl:ATLAS.nii[,LABELS.xml],
                         aal:ATLAS.nii,NAMES.txt, suit:ATLAS.nii,LABELS.tsv, or ATLAS.nii,LABELS.tsv,GROUPS.json
  --template FILE.nii    registration template in MNI space instead of the built-in one
  --normals DIR          compare with a normal database (from 'normals build'): its
                         reference range, regional z-scores and a z-map (<id>_zmap.nii.gz, <id>_zmap.png)
${FIGURE_ARGS_HELP}`;

const COMMON_ANALYZE_OPTIONS = {
  json: { type: 'boolean' }, csv: { type: 'boolean' }, out: { type: 'string' }, mni: { type: 'boolean' },
  force: { type: 'boolean' }, age: { type: 'string' }, tracer: { type: 'string' },
  'assume-age': { type: 'string' }, 'assume-tracer': { type: 'string' },
  'pseudonym-key': { type: 'string' }, 'include-identifiers': { type: 'boolean' }, normals: { type: 'string' },
  atlas: { type: 'string' }, template: { type: 'string' },
} as const;

export function analyzeOptionsFrom(values: Record<string, string | boolean | undefined>) {
  const age = ageArg(values.age as string | undefined, 'age');
  const tracer = tracerArg(values.tracer as string | undefined);
  const assumeAge = ageArg(values['assume-age'] as string | undefined, 'assume-age');
  const assumeTracer = tracerArg(values['assume-tracer'] as string | undefined);
  return {
    ...(age !== undefined ? { ageYears: age } : {}),
    ...(tracer !== undefined ? { tracer } : {}),
    classifier: {
      ...(assumeAge !== undefined ? { assumeAgeYears: assumeAge } : {}),
      ...(assumeTracer !== undefined ? { assumeTracer } : {}),
    },
    ...(typeof values['pseudonym-key'] === 'string' ? { pseudonymKey: values['pseudonym-key'] } : {}),
    includeIdentifiers: values['include-identifiers'] === true,
  };
}

export const COMMANDS: Record<string, Command> = {
  info: {
    help: INFO_HELP,
    async run(args, io) {
      const { values, positionals } = parse(args, { json: { type: 'boolean' }, 'include-identifiers': { type: 'boolean' } });
      if (positionals.length !== 1) throw usage('info takes exactly one input');
      return runInfo(positionals[0]!, { json: values.json === true, includeIdentifiers: values['include-identifiers'] === true }, io);
    },
  },
  analyze: {
    help: ANALYZE_HELP,
    async run(args, io) {
      const parsed = parse(args, { ...COMMON_ANALYZE_OPTIONS, ...FIGURE_ARG_OPTIONS, sidecar: { type: 'string' } });
      const values = parsed.values;
      const positionals = studyInputs(parsed.positionals);
      if (positionals.length === 0) throw usage('analyze needs at least one input');
      if (values.sidecar !== undefined && positionals.length !== 1) throw usage('--sidecar needs exactly one (NIfTI) input');
      const input = values.sidecar !== undefined ? { sidecar: values.sidecar } : {};
      if (values.out) await checkOutputDir(values.out);
      const opts = {
        ...analyzeOptionsFrom(values),
        ...(values.normals ? { normals: await loadNormals(values.normals) } : {}),
        ...(values.atlas ? { atlas: await loadAtlasSpec(values.atlas) } : {}),
        ...(values.template ? { template: readNifti(await readBytes(values.template)) } : {}),
      };
      const out = { ...(values.out ? { outDir: values.out } : {}), force: values.force === true, writeMni: values.mni === true, html: values.html === true, figureOptions: figureArgs(values) };
      let failures = 0;
      const rows: ReturnType<typeof summaryRow>[] = [];
      if (values.csv) io.stdout(csvHeader());
      for (const [n, p] of positionals.entries()) {
        const label = opts.includeIdentifiers ? p : `input-${n + 1}`;
        try {
          const r = await analyzePath(p, opts, out, input);
          if (values.json) io.stdout(positionals.length === 1 ? r.json : JSON.stringify(r.result.report) + '\n');
          else if (values.csv) io.stdout(csvRow(label, r.result.report));
          else rows.push(summaryRow(label, r.result.report));
        } catch (e) {
          if (positionals.length === 1) throw e;
          failures++;
          const code = e instanceof SpectError ? e.code : 'INTERNAL';
          if (values.csv) io.stdout(csvErrorRow(label, code));
          else if (values.json) io.stdout(JSON.stringify({ input: label, error: { code, message: (e as Error).message } }) + '\n');
          else io.stderr(`${label}: error ${code}: ${(e as Error).message}\n`);
        }
      }
      if (!values.json && !values.csv) io.stdout(formatSummaryTable(rows));
      return failures > 0 ? ExitCode.PARTIAL : ExitCode.OK;
    },
  },
  batch: { help: BATCH_HELP, run: runBatch },
  merge: { help: MERGE_HELP, run: runMerge },
  simulate: { help: SIMULATE_HELP, run: runSimulate },
  normals: { help: NORMALS_HELP, run: runNormals },
  demo: {
    help: 'Usage: spect-perfusion demo [--simulate]\n\nAnalyses the sample studies in fixtures/ and prints the summary table next to the simulator truth.\nWithout fixtures/ (an installed package), or with --simulate, the same studies are first simulated\ninto a temporary folder, removed afterwards.\n',
    run: (args, io) => runDemo(args, io),
  },
};

void basename;
