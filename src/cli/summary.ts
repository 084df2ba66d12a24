/** The readable summary table printed by `analyze`, `batch` and `demo`. */
import type { AnalysisReport } from '../report/json.js';

export interface SummaryRow {
  readonly study: string;
  readonly age: string;
  readonly tracer: string;
  readonly ratio: string;
  readonly reference: string;
  readonly z: string;
  readonly label: string;
  readonly flags: string;
}

export function summaryRow(study: string, r: AnalysisReport): SummaryRow {
  const c = r.classification;
  const ref = c.reference;
  const ratio = r.ratios.cerebellumToCortex;
  const flags: string[] = [];
  if (c.severeCerebellarHypoperfusion) flags.push('SEVERE');
  if (c.notes.some((n) => n.includes('neuroblastoma'))) flags.push('consider OMS/neuroblastoma');
  if (c.label === 'indeterminate') flags.push(c.reasons[0] ?? '');
  if (c.assumptions.length) flags.push('assumed: ' + c.assumptions.map((a) => a.split(';')[1]?.trim() ?? a).join(', '));
  return {
    study,
    age: r.metadata.ageYears === null ? '-' : String(r.metadata.ageYears),
    tracer: r.metadata.tracer ?? '-',
    ratio: ratio === null ? '-' : ratio.toFixed(3),
    reference: ref ? `${(ref.mean - 2 * ref.sd).toFixed(2)}-${(ref.mean + 2 * ref.sd).toFixed(2)} (${ref.ageBand})` : '-',
    z: c.zScore === null ? '-' : c.zScore.toFixed(2),
    label: c.label,
    flags: flags.join('; '),
  };
}

export function formatSummaryTable(rows: readonly SummaryRow[]): string {
  const head: SummaryRow = { study: 'study', age: 'age', tracer: 'tracer', ratio: 'CB/cortex', reference: 'normal range (mean+/-2SD)', z: 'z', label: 'label', flags: 'notes' };
  const all = [head, ...rows];
  const keys = Object.keys(head) as (keyof SummaryRow)[];
  const w = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: SummaryRow) => keys.map((k, i) => (k === 'flags' ? r[k] : r[k].padEnd(w[i]!))).join('  ').trimEnd();
  return [line(head), keys.map((_, i) => '-'.repeat(w[i]!)).join('  '), ...rows.map(line)].join('\n') + '\n';
}
