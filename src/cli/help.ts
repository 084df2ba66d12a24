/**
 * The help texts of the commands, in a module of their own that imports nothing heavy, so
 * that `--help`, `--version` and the command table load no command's code (commands.ts
 * imports each command on first use). The command modules re-export their text.
 */
import { MNI_NIFTI_SUFFIX, ZMAP_NIFTI_SUFFIX } from './output-names.js';

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

export const INFO_HELP = `Usage: spect-perfusion info <file|dir|nii> [--json] [--include-identifiers]

Prints what the reader understood. With --json, one JSON object with dims, spacing,
affine (16 numbers, row-major, voxel (i,j,k) -> RAS mm, i = column), sum/min/max of
the decoded rescaled voxels, metadata and issues. On a folder, also the DICOM series
found ("series") and the one picked, with the reason ("picked"). On a file that is not
a volume (TOMO projections, a STATIC image, one slice of a series), the header facts
("header") and the error; a volume too thin for a head ends with TOO_FEW_SLICES.
`;

export const DEMO_HELP =
  'Usage: spect-perfusion demo [--simulate]\n\nAnalyses the sample studies in fixtures/ and prints the summary table next to the simulator truth.\nWithout fixtures/ (an installed package), or with --simulate, the same studies are first simulated\ninto a temporary folder, removed afterwards.\n';

export const FIGURE_ARGS_HELP = `  --colormap NAME        colour map of the figure: uniform (default, perceptually uniform),
                         hot-metal (the nuclear-medicine hot iron scale) or grey
  --orientation O        radiological (default: patient's right on the image left) or neurological
  --html                 with --out, also write a self-contained HTML report (<id>.html)
`;

export const ANALYSIS_OPTIONS_HELP = `  --age AGE              patient age (overrides the study's): years (2, 0.75) or a DICOM
                         Age String (006M, 018M, 2Y, 045Y, 3W, 10D)
  --tracer hmpao|ecd|imp tracer (overrides the study's)
  --assume-age AGE       age to use when the study has none (recorded as an assumption)
  --assume-tracer T      tracer to use when the study has none (recorded as an assumption)
  --attenuation-corrected yes|no
                         whether the study was reconstructed with attenuation correction
                         (overrides the file's); with no, a first-order Chang correction is applied
  --pseudonym-key KEY    key of the study pseudonym (default: a fixed project key)
  --include-identifiers  put study UIDs, dates and input paths in the outputs
  --atlas SPEC           label atlas instead of the built-in one: fsl:ATLAS.nii[,LABELS.xml],
                         aal:ATLAS.nii,NAMES.txt, suit:ATLAS.nii,LABELS.tsv, or ATLAS.nii,LABELS.tsv,GROUPS.json
  --template FILE.nii    registration template in MNI space instead of the built-in one
  --normals DIR          compare with a normal database (from 'normals build'): its
                         reference range, regional z-scores and a z-map
                         (<id>${ZMAP_NIFTI_SUFFIX}, <id>_zmap.png)
  --mni                  with --out, also write the study resampled into MNI space
                         (<id>${MNI_NIFTI_SUFFIX})
${FIGURE_ARGS_HELP}`;

export const ANALYZE_HELP = `Usage: spect-perfusion analyze <file|dir|nii...> [options]

A NIfTI's JSON sidecar (<stem>.json beside <stem>.nii or .nii.gz, as written by
dcm2niix or BIDS) is read with it; naming the sidecar as an argument too is allowed.
A folder holding one NIfTI (and its sidecar) is one study.
Without --json or --csv, a table with every note, reason and assumption of the reports.

Options:
  --json                 print the JSON report (one study: one object; several: JSON Lines,
                         a failed input as {"input", "error": {"code", "message"}})
  --csv                  print one CSV row per study (not with --json)
  --out DIR              write <id>.json and <id>.png into DIR (and the NIfTI outputs, each
                         with a JSON sidecar: --mni <id>${MNI_NIFTI_SUFFIX}, --normals a z-map)
  --force                with --out, overwrite existing output files
  --sidecar FILE         JSON sidecar of the (one) NIfTI input, instead of <stem>.json
${ANALYSIS_OPTIONS_HELP}
--mni, --html, --colormap, --orientation and --force concern written files: they need --out.
`;

export const BATCH_HELP = `Usage: spect-perfusion batch <dirs...> --out DIR [options]
       spect-perfusion batch --manifest studies.csv --out DIR [options]

Each argument is a folder of studies: every file in it (.dcm, .nii, .nii.gz, .h33,
or any other file, tried as DICOM) and every subfolder (a DICOM series, or one NIfTI
with its JSON sidecar) is one study. A NIfTI's sidecar (<stem>.json) is read with it.
Symbolic links are followed (a broken or looping one is a failed study); the --out
folder is never read as a study.
Writes DIR/<id>.json and DIR/<id>.png per study, DIR/summary.csv, DIR/summary.txt and
DIR/summary.jsonl (one line per study: its label, output id and report, or its error).
Two inputs with the same id (same Study/Series Instance UIDs) get <id> and <id>-2,
with an OUTPUT_ID_COLLISION issue; nothing is overwritten.
Finished studies are remembered in DIR/.state/; re-running skips them (--redo to recompute).
A re-run with other options (age, tracer, assume-*, attenuation-corrected, pseudonym key,
identifiers, mni, atlas, template, normals, colormap, orientation, html) is refused unless --force (or --redo): then every study is
re-analysed and the outputs of the old options are removed. One batch at a time may
use DIR (DIR/.lock; a lock left by a process that is gone is taken over).

A manifest (CSV, header row) lists the studies instead of folders: a path column
(relative to the manifest's folder) and optional age (years or 006M-style), tracer,
sex (M/F/O), id (names the study in the summary) and override (yes/no) columns. The
study's own age, tracer and sex win over the manifest's unless override says yes.

Options:
  --out DIR              output folder (required; checked before any analysis)
  --manifest FILE        the studies and their age/tracer/sex from a CSV file
  --manifest-override    the manifest's values win over the study's (default of the override column)
  --workers N            worker threads (default: the number of cores)
  --redo                 recompute studies already done
  --shard K/N            analyse only shard K (0..N-1) of the inputs (a share stable whatever order
                         they are listed in); auto/N takes K from SLURM_ARRAY_TASK_ID or
                         JOB_COMPLETION_INDEX. Join the shards' --out folders with \`merge\`
                         (docs/batch-clusters.md)
  --force                accept options that differ from the last run in DIR (re-analyse all)
  --study-timeout S      most seconds one study may take (default 300): then RESOURCE_LIMIT, the batch goes on
  --study-memory MB      memory bound of a study (default 2048): its worker's JS heap, and the batch's
                         resident memory per worker; above it RESOURCE_LIMIT, the batch goes on
  --json                 JSON Lines on stdout: one object per study as it is finished, in input
                         order, the shape of \`analyze --json\` with several inputs (the report, or
                         {"input", "error": {"code", "message"}}); the table then goes to stderr
  --no-progress          no progress (on a terminal a redrawn bar with elapsed time and time left;
                         otherwise one line per finished study on stderr)
  --mni, --html, --colormap, --orientation, --age, --tracer, --assume-age, --assume-tracer,
  --attenuation-corrected, --pseudonym-key, --include-identifiers, --atlas, --template,
  --normals              as for analyze (the same options, the same analysis); --html also writes
                         DIR/report.html, a sortable table of the batch
Ctrl-C stops the batch: the studies finished so far are kept, and running the same command
again resumes (exit code 130).
Exit code 10 when some studies failed (their errors are in the summary).
`;

export const MERGE_HELP = `Usage: spect-perfusion merge OUT SHARD_DIR...

Joins the --out folders of \`batch --shard K/N\` runs (K = 0..N-1) into OUT: every
study's files are copied, and OUT/summary.csv, OUT/summary.txt, OUT/summary.jsonl (and OUT/report.html
when the shards ran with --html) are written exactly as one \`batch\` over all the
inputs would write them (same rows, same order, same labels).
Refused before anything is written: shards made with other options or over other
inputs (SHARD_MISMATCH), a shard given twice or one study in two shards
(SHARD_DUPLICATE), shards missing (SHARD_MISSING). OUT must be empty or new.
Exit code 10 when some studies failed (as for batch).
`;

export const NORMALS_HELP = `Usage: spect-perfusion normals build <controls...> --out DIR --tracer T [options]

Analyses each control study, and writes DIR/normals.json (mean and SD of the ratios
and of each region relative to whole brain, and each control's age and
cerebellum/cortex ratio), DIR/mean.nii.gz and DIR/sd.nii.gz (voxel-wise maps in MNI
space, each study divided by its whole-brain mean).
Use it with: spect-perfusion analyze <study> --normals DIR
The classifier uses the database only with at least 10 controls, raises a spread
below the 3 % test-retest variability to that floor, and models age by a linear
regression when the controls span ages and at least 20 have one (docs/method.md).

Options:
  --out DIR        output folder (required)
  --tracer T       tracer of the controls (hmpao, ecd, imp; required unless the files say)
  --age YEARS      age of every control (else each study's own)
  --force          overwrite an existing database
`;

export const SIMULATE_HELP = `Usage: spect-perfusion simulate --out DIR [options]
       spect-perfusion simulate --cohort N --seed S --out DIR [options]

Source of activity (default: the built-in digital phantom):
  --activity FILE.nii    an MNI-space activity map (e.g. a perfusion template) ...
  --labels FILE.nii      ... with a label atlas on any MNI grid
  --cerebellum L,L       cerebellum label values of that atlas
  --cortex L,L,...       cortex label values of that atlas
One study:
  --factor F             cerebellar perfusion relative to a normal subject of the same age (default 1)
  --age YEARS (default 30)  --sex M|F  --tracer hmpao|ecd|imp
  --atrophy A (0..0.5)   --scale S (0.75..1.05)  --rot X,Y,Z (deg)  --shift X,Y,Z (mm)
  --matrix 64|128  --voxel MM (2.2..4.8)  --fwhm MM (6..14)  --counts N  --no-noise  --fov MM
  --format ge|siemens|hermes|series|nifti|nm-series[-philips|-toshiba|-mediso|-mim] (default ge)  --seed S (default 1)
Cohort:
  --cohort N             N studies with random poses, sizes, factors, styles and noise; DIR/truth.json indexes them
Always writes truth.json (parameters, subject-to-MNI transform, ideal ratio) beside each study.
  --fake-identifiers     fill every identifying DICOM attribute with realistic fake values (privacy tests)
  --force                overwrite existing files
`;
