/** The readable summary table printed by `analyze`, `batch` and `demo`, with the clinical notes under it. */
import { clinicalFlags, clinicalNotes } from '../classify/message.js';
import type { AnalysisReport } from '../report/json.js';
import { cleanLine } from '../text/sanitize.js';

export interface SummaryRow {
  readonly study: string;
  readonly age: string;
  readonly tracer: string;
  readonly ratio: string;
  /** Age band of the reference (infant, child, adult); optional like `expected`. */
  readonly band?: string;
  /** Optional so that rows built elsewhere (batch error rows) stay valid; printed as '-'. */
  readonly expected?: string;
  readonly loss?: string;
  readonly z: string;
  readonly label: string;
  readonly reference: string;
  readonly flags: string;
  /** Full sentences printed under the table (OMS note, reference warnings...). */
  readonly details?: readonly string[];
}

type Column = Exclude<keyof SummaryRow, 'details'>;

export function summaryRow(study: string, r: AnalysisReport): SummaryRow {
  const c = r.classification;
  const ref = c.reference;
  const ratio = r.ratios.cerebellumToCortex;
  return {
    study,
    age: r.metadata.ageYears === null ? '-' : String(r.metadata.ageYears),
    tracer: r.metadata.tracer ?? '-',
    ratio: ratio === null ? '-' : ratio.toFixed(3),
    expected: ref ? `${ref.mean.toFixed(3)} (${(ref.mean - 2 * ref.sd).toFixed(2)}-${(ref.mean + 2 * ref.sd).toFixed(2)})` : '-',
    loss: c.percentLoss === null ? '-' : c.percentLoss.toFixed(1),
    z: c.zScore === null ? '-' : c.zScore.toFixed(2),
    label: c.label,
    band: ref ? ref.ageBand : '-',
    reference: ref ? ref.name : '-',
    flags: clinicalFlags(r).join('; '),
    // every note the JSON has, then why the label is what it is (all the reasons, not only the first)
    details: [...clinicalNotes(r), ...c.reasons.map((x) => `reason: ${x}`)],
  };
}

const HEAD: Record<Column, string> = {
  study: 'study', age: 'age', tracer: 'tracer', ratio: 'CB/cortex', expected: 'expected (+/-2SD)', loss: 'loss %',
  z: 'z', label: 'label', band: 'age band', reference: 'reference', flags: 'notes',
};

export function formatSummaryTable(input: readonly SummaryRow[]): string {
  const rows = input.map(cleanRow);
  const keys = Object.keys(HEAD) as Column[];
  const cells = (r: SummaryRow): Record<Column, string> => ({ ...r, expected: r.expected ?? '-', loss: r.loss ?? '-', band: r.band ?? '-' });
  const all: Record<Column, string>[] = [HEAD, ...rows.map(cells)];
  const w = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Record<Column, string>) => keys.map((k, i) => (k === 'flags' ? r[k] : r[k].padEnd(w[i]!))).join('  ').trimEnd();
  const out = [line(HEAD), keys.map((_, i) => '-'.repeat(w[i]!)).join('  '), ...all.slice(1).map(line)];
  const details = rows.flatMap((r) => (r.details ?? []).map((d) => `${r.study}: ${d}`));
  if (details.length) out.push('', ...details);
  return out.join('\n') + '\n';
}

/** Every cell of a row with its control characters escaped (a study id or a note cannot add a line or an ESC sequence). */
function cleanRow(r: SummaryRow): SummaryRow {
  const c = (x: string | undefined) => (x === undefined ? undefined : cleanLine(x));
  return {
    study: cleanLine(r.study), age: cleanLine(r.age), tracer: cleanLine(r.tracer), ratio: cleanLine(r.ratio),
    ...(r.expected !== undefined ? { expected: c(r.expected)! } : {}), ...(r.loss !== undefined ? { loss: c(r.loss)! } : {}),
    ...(r.band !== undefined ? { band: c(r.band)! } : {}),
    z: cleanLine(r.z), label: cleanLine(r.label), reference: cleanLine(r.reference), flags: cleanLine(r.flags),
    ...(r.details ? { details: r.details.map(cleanLine) } : {}),
  };
}
