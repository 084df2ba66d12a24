/**
 * One CSV row per study for batches (RFC 4180 quoting). `expectedRatio` is the
 * reference's expected ratio (`referenceMean` is kept beside it for old
 * readers), `percentLoss` = 100 x (1 - ratio / expected), `reference` names
 * the reference, and `notes` carries the clinical notes (OMS/neuroblastoma,
 * normal-database refusals and mismatches, provisional reference) joined by
 * " | ". `referenceAgeBand`, `reasons` (why a result is indeterminate) and
 * `assumptions` are the report's, lists joined by " | "; a failed study has
 * `source`, `error` (its code) and `errorMessage`.
 */
import { clinicalNotes } from '../classify/message.js';
import type { AnalysisReport } from './json.js';
import { csvText } from '../text/sanitize.js';
import { RegionGroup } from '../vocabulary/region-groups.js';

export const CSV_COLUMNS = [
  'study', 'source', 'ageYears', 'sex', 'tracer', 'cerebellumToCortex', 'cerebellumLeftToCortex', 'cerebellumRightToCortex',
  'cerebellumToWholeBrain', 'cerebellumToThalamus', 'asymmetryIndex', 'expectedRatio', 'percentLoss', 'reference', 'referenceProvisional',
  'referenceMean', 'referenceSd', 'zScore', 'label',
  'severeCerebellarHypoperfusion', 'cerebellumCoverage', 'registrationSimilarity', 'notes', 'issues', 'error',
  'referenceAgeBand', 'reasons', 'assumptions', 'errorMessage',
] as const;

/**
 * One cell: numbers and booleans as they are; text through `csvText` (a cell
 * beginning with =, +, -, @, TAB or CR gets a leading single quote, the OWASP
 * rule against formula injection; control characters escaped), then RFC 4180
 * quoting.
 */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? csvText(v) : String(v);
  return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\n';
}

/** A row for a report; `source` is a caller-chosen label such as the input's file name. */
export function csvRow(source: string, r: AnalysisReport): string {
  const c = r.classification;
  const vals = [
    r.study.id, source, r.metadata.ageYears, r.metadata.sex, r.metadata.tracer,
    r.ratios.cerebellumToCortex, r.ratios.cerebellumLeftToCortex, r.ratios.cerebellumRightToCortex,
    r.ratios.cerebellumToWholeBrain, r.ratios.cerebellumToThalamus, r.ratios.cerebellarAsymmetryIndex,
    c.expectedRatio, c.percentLoss, c.reference?.name, c.reference?.provisional,
    c.reference?.mean, c.reference?.sd, c.zScore, c.label, c.severeCerebellarHypoperfusion,
    r.regions.groups[RegionGroup.cerebellum]?.coverage, r.registration.similarity, clinicalNotes(r).join(' | '), r.issues.map((i) => i.code).join(';'), '',
    c.reference?.ageBand, c.reasons.join(' | '), c.assumptions.join(' | '), '',
  ];
  return vals.map(cell).join(',') + '\n';
}

/** A row for a study that failed: its source, the error code and the error's message (which never holds identifiers). */
export function csvErrorRow(source: string, code: string, message = ''): string {
  const vals: unknown[] = CSV_COLUMNS.map(() => '');
  vals[CSV_COLUMNS.indexOf('source')] = source;
  vals[CSV_COLUMNS.indexOf('error')] = code;
  vals[CSV_COLUMNS.indexOf('errorMessage')] = message;
  return vals.map(cell).join(',') + '\n';
}
