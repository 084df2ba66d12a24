/**
 * `spect-perfusion analyze <inputs...>`: analyse studies one after the other
 * and print the summary table, the JSON report(s) or CSV rows; with --out,
 * write each study's files. The analysis options are batch's (analyze-options.ts).
 */
import { csvErrorRow, csvHeader, csvRow } from '../report/csv.js';
import { ANALYSIS_OPTIONS, analyzeOptionsFrom, loadResources, resourceArgsFrom } from './analyze-options.js';
import { analyzePath, studyInputs, type AnalyzedInput } from './analyze-one.js';
import { figureArgs, parse, usage } from './args.js';
import { ExitCode, failureOf } from './exit-codes.js';
import type { CliIo } from './io.js';
import { OutputClosed } from './io.js';
import { checkOutputDir } from './out-check.js';
import { formatSummaryTable, summaryRow, type SummaryRow } from './summary.js';

export { ANALYZE_HELP } from './help.js';

/** Options that only change written files: without --out they would be silently ignored, so they are refused. */
const NEEDS_OUT = ['mni', 'html', 'colormap', 'orientation', 'force'] as const;

export async function runAnalyze(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse(args, {
    ...ANALYSIS_OPTIONS,
    json: { type: 'boolean' }, csv: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' }, sidecar: { type: 'string' },
  });
  const values = parsed.values;
  if (values.json && values.csv) throw usage('--json and --csv cannot be used together: choose one output format');
  const figureOptions = figureArgs(values); // a bad value is named first
  if (values.out === undefined) {
    for (const k of NEEDS_OUT) if (values[k] !== undefined) throw usage(`--${k} needs --out DIR (it concerns the written files)`);
  }
  const positionals = studyInputs(parsed.positionals);
  if (positionals.length === 0) throw usage('analyze needs at least one input');
  if (values.sidecar !== undefined && positionals.length !== 1) throw usage('--sidecar needs exactly one (NIfTI) input');
  const input = values.sidecar !== undefined ? { sidecar: values.sidecar } : {};
  const resources = resourceArgsFrom(values);
  const options = analyzeOptionsFrom(values);
  if (values.out) await checkOutputDir(values.out);
  const opts = { ...options, ...(await loadResources(resources)) };
  const out = { ...(values.out ? { outDir: values.out } : {}), force: values.force === true, writeMni: values.mni === true, html: values.html === true, figureOptions };
  const single = positionals.length === 1;
  let failures = 0;
  const rows: SummaryRow[] = [];
  if (values.csv) io.stdout(csvHeader());
  for (const [n, p] of positionals.entries()) {
    const label = opts.includeIdentifiers ? p : `input-${n + 1}`;
    // a reader that has gone (| head -1) stops the run before the next study, not after it
    if (n > 0 && (values.json || values.csv)) io.stdout('');
    let r: AnalyzedInput;
    try {
      r = await analyzePath(p, opts, out, input);
    } catch (e) {
      if (single || e instanceof OutputClosed) throw e;
      failures++;
      const f = failureOf(e);
      if (values.csv) io.stdout(csvErrorRow(label, f.code, f.message));
      else if (values.json) io.stdout(JSON.stringify({ input: label, error: f }) + '\n');
      else {
        io.stderr(`${label}: error ${f.code}: ${f.message}\n`);
        rows.push({ study: label, age: '-', tracer: '-', ratio: '-', reference: '-', z: '-', label: 'error', flags: `${f.code}: ${f.message}` });
      }
      continue;
    }
    if (values.json) io.stdout(single ? r.json : JSON.stringify(r.result.report) + '\n');
    else if (values.csv) io.stdout(csvRow(label, r.result.report));
    else rows.push(summaryRow(label, r.result.report));
  }
  if (!values.json && !values.csv) io.stdout(formatSummaryTable(rows));
  return failures > 0 ? ExitCode.PARTIAL : ExitCode.OK;
}
