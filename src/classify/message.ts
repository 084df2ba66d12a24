/**
 * The clinical message of a report, the same in the text output, the CSV and
 * the figure caption: the label, the percent loss, the reference used and
 * every provisional, refusal or mismatch note; for a child with severe
 * bilateral loss the opsoclonus-myoclonus / neuroblastoma note.
 * Works on the plain report object (structural type), so the core stays free
 * of the report module.
 */
export interface MessageInput {
  readonly classification: {
    readonly label: string;
    readonly severeCerebellarHypoperfusion: boolean;
    readonly percentLoss: number | null;
    readonly expectedRatio: number | null;
    readonly zScore: number | null;
    readonly reference: {
      readonly name: string; readonly provisional: boolean; readonly mean: number; readonly meanBand: readonly number[] | null;
      readonly kind: string; readonly tracer: string; readonly ageYears: number | null; readonly n: number | null;
    } | null;
    readonly reasons: readonly string[];
    readonly assumptions: readonly string[];
    readonly notes: readonly string[];
  };
  readonly issues: readonly { readonly code: string; readonly severity: string; readonly message: string }[];
}

/** Codes of the issues about the reference (normal database or custom range): always shown in full. */
export const REFERENCE_ISSUE_PREFIXES = ['NORMALS_', 'REFERENCE_'] as const;
const isReferenceIssue = (code: string) => REFERENCE_ISSUE_PREFIXES.some((p) => code.startsWith(p));

export const OMS_FLAG = 'consider OMS/neuroblastoma';

export function hasOmsNote(r: MessageInput): boolean {
  return r.classification.notes.some((n) => n.includes('neuroblastoma'));
}

/** Short flags for a table cell or a caption line. */
export function clinicalFlags(r: MessageInput): string[] {
  const c = r.classification;
  const flags: string[] = [];
  if (c.severeCerebellarHypoperfusion) flags.push('SEVERE bilateral');
  else if (c.label === 'severe') flags.push('severe, not bilateral');
  if (hasOmsNote(r)) flags.push(OMS_FLAG);
  if (c.label === 'indeterminate' && c.reasons[0]) flags.push(c.reasons[0]);
  if (c.reference?.provisional) flags.push('provisional reference');
  for (const i of r.issues) if (i.severity !== 'info' && isReferenceIssue(i.code)) flags.push(i.code);
  if (c.notes.some((n) => n.includes('asymmetry index'))) flags.push('asymmetric');
  if (c.assumptions.length) flags.push('assumed: ' + c.assumptions.map((a) => a.split(';')[1]?.trim() ?? a).join(', '));
  return flags;
}

/** Full sentences a reader must see: OMS note first, then reference warnings, asymmetry, assumptions. */
export function clinicalNotes(r: MessageInput): string[] {
  const c = r.classification;
  const out: string[] = [];
  for (const n of c.notes) if (n.includes('neuroblastoma')) out.push(n);
  for (const i of r.issues) if (isReferenceIssue(i.code)) out.push(`${i.severity} ${i.code}: ${i.message}`);
  for (const n of c.notes) if (!n.includes('neuroblastoma') && !n.includes('is provisional')) out.push(n);
  const ref = c.reference;
  if (ref?.provisional) {
    const u = ref.meanBand && ref.meanBand.length === 2 ? ` (expected ratio ${ref.meanBand[0]!.toFixed(3)}-${ref.meanBand[1]!.toFixed(3)}, +/-${(100 * (ref.meanBand[1]! / ref.mean - 1)).toFixed(0)} %)` : '';
    const why: string[] = [];
    if (ref.kind === 'normals') why.push(`a database of ${ref.n ?? '?'} controls (fewer than 20)`);
    else {
      if (ref.ageYears !== null && ref.ageYears < 19) why.push('the paediatric age model rests on sparse data (Barthel 1997, 23 children 4-15 y; interpolated in infancy and puberty)');
      if (ref.tracer !== 'HMPAO') why.push(`${ref.tracer} reuses the HMPAO anchor`);
    }
    out.push(`the reference is provisional${u}: ${why.length ? why.join('; ') : 'see the derivation'} (docs/method.md)`);
  }
  for (const a of c.assumptions) out.push(`assumption: ${a}`);
  return out;
}

/** "severe, loss 42.5 % (expected 0.870)" or the label alone. */
export function labelWithLoss(r: MessageInput): string {
  const c = r.classification;
  if (c.percentLoss === null || c.expectedRatio === null) return c.label;
  return `${c.label}, loss ${c.percentLoss.toFixed(1)} % (expected ${c.expectedRatio.toFixed(3)})`;
}
