/**
 * What a reader must see beside the images: the verdict, the ratio against
 * the expected one with the percent loss, the reference used, the hemispheres
 * and their asymmetry, why a result is indeterminate, and every clinical note
 * of the classifier (OMS/neuroblastoma first, reference warnings, provisional
 * reference and why, assumptions; src/classify/message.ts).
 */
import { clinicalFlags, clinicalNotes, hasOmsNote, type MessageInput } from '../../classify/message.js';
import type { AnalysisReport } from '../json.js';

/** Caption lines of a report for one-line uses (at most 90 characters each). */
export function figureCaption(r: MessageInput & { readonly study: { readonly id: string }; readonly ratios: { readonly cerebellumToCortex: number | null } }): string[] {
  const c = r.classification;
  const ratio = r.ratios.cerebellumToCortex;
  const lines = [
    `${r.study.id}  CB/CTX ${ratio === null ? '-' : ratio.toFixed(3)}  EXPECTED ${c.expectedRatio === null ? '-' : c.expectedRatio.toFixed(3)}` +
      `  LOSS ${c.percentLoss === null ? '-' : c.percentLoss.toFixed(1) + ' %'}  Z ${c.zScore === null ? '-' : c.zScore.toFixed(2)}  ${c.label}`,
    `REFERENCE: ${c.reference ? c.reference.name : 'none'}`,
  ];
  if (hasOmsNote(r)) lines.push('SEVERE BILATERAL IN A CHILD: CONSIDER OMS, SEARCH FOR NEUROBLASTOMA');
  const rest = clinicalFlags(r).filter((f) => f !== 'consider OMS/neuroblastoma');
  let cur = '';
  for (const f of rest) {
    if (cur && cur.length + f.length + 2 > 90) { lines.push(cur); cur = ''; }
    cur = cur ? `${cur}, ${f}` : f;
  }
  if (cur) lines.push(cur);
  return lines;
}

export type CaptionTone = 'headline' | 'number' | 'alert' | 'note' | 'muted';
export interface CaptionLine { readonly text: string; readonly tone: CaptionTone }

const f3 = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(3));

/** The study figure's caption, as sentences with a tone (the renderer wraps them). */
export function studyCaption(r: AnalysisReport): CaptionLine[] {
  const c = r.classification, ra = r.ratios;
  const out: CaptionLine[] = [];
  const verdict = c.label === 'indeterminate' ? 'INDETERMINATE' : c.severeCerebellarHypoperfusion ? 'SEVERE BILATERAL CEREBELLAR HYPOPERFUSION' : `${c.label.toUpperCase()}${c.label === 'severe' ? ' (NOT BILATERAL)' : ''}`;
  out.push({ text: verdict, tone: 'headline' });
  const age = r.metadata.ageYears === null ? 'age unknown' : `${r.metadata.ageYears.toFixed(1)} y`;
  out.push({
    text: `Cerebellum/cortex ratio ${f3(ra.cerebellumToCortex)}, expected ${f3(c.expectedRatio)} (${age}, ${r.metadata.tracer ?? 'tracer unknown'})` +
      `, loss ${c.percentLoss === null ? '-' : c.percentLoss.toFixed(1) + ' %'}, z ${c.zScore === null ? '-' : c.zScore.toFixed(2)}.`,
    tone: 'number',
  });
  out.push({ text: `Reference: ${c.reference ? c.reference.name : 'none'}${c.reference?.provisional && !/provisional/i.test(c.reference.name) ? ' (provisional)' : ''}.`, tone: 'number' });
  const ai = ra.cerebellarAsymmetryIndex;
  out.push({
    text: `Hemispheres/cortex: right ${f3(ra.cerebellumRightToCortex)}, left ${f3(ra.cerebellumLeftToCortex)}; asymmetry index ${ai === null ? '-' : ai.toFixed(1) + ' %'}` +
      `; loss right ${pct(c.hemispherePercentLoss.right)}, left ${pct(c.hemispherePercentLoss.left)}.`,
    tone: 'number',
  });
  if (c.label === 'indeterminate') for (const why of c.reasons) out.push({ text: `Indeterminate: ${why}`, tone: 'alert' });
  for (const n of clinicalNotes(r)) out.push({ text: n, tone: n.includes('neuroblastoma') || /^(error|warning) /.test(n) ? 'alert' : 'note' });
  const shown = new Set(clinicalNotes(r).map((n) => /^(?:error|warning|info) ([A-Z_]+):/.exec(n)?.[1]).filter(Boolean));
  const others = r.issues.filter((i) => i.severity !== 'info' && !shown.has(i.code));
  if (others.length) out.push({ text: `Issues: ${others.map((i) => `${i.severity} ${i.code}`).join(', ')} (see the report).`, tone: 'alert' });
  return out;
}

function pct(v: number | null): string {
  return v === null ? '-' : `${v.toFixed(1)} %`;
}
