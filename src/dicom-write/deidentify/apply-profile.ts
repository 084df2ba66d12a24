/**
 * The Basic Profile's action on each element of a source dataset (PS3.15 Annex E, Table E.1-1,
 * with the Retain Patient Characteristics Option and optionally Modified Dates), at every depth:
 * what deidentifyDicom (deidentify-file.ts) applies to the source body, with the audit entry of
 * every element.
 */
import { TAG } from '../../dicom-base/tags.js';
import { shiftDateValue } from './dates.js';
import { groupRule, PROFILE_BY_TAG, RETAINED_PATIENT_CHARACTERISTICS } from './profile.js';
import { dummyValue, resolveCode, vrFromName, type AttributeType } from './resolve.js';
import { tagText, textValue, valueText, type TreeElement } from './tree.js';
import type { ProfileAction } from './types.js';
import { hashedUid } from './uid.js';

/** Why an element was treated the way it was. */
export type AuditRule =
  | 'table' | 'retain-patient-characteristics' | 'modified-dates' | 'private' | 'curve' | 'overlay'
  | 'not-listed' | 'group-length' | 'file-meta' | 'de-identification';

/** What happened to one element of the source (or what was added). */
export interface AuditEntry {
  /** Location: "(0008,1140)[0](0008,1155)" for an element of the first item of a sequence. */
  readonly path: string;
  readonly tag: number;
  /** Table E.1-1 name, or null for an attribute that is not a row of the table. */
  readonly name: string | null;
  /** Table E.1-1 Basic Profile code (e.g. 'X/Z/D'), or null. */
  readonly code: string | null;
  readonly rule: AuditRule;
  /** The single action applied (compound codes resolved); null for file meta and added elements. */
  readonly action: ProfileAction | null;
  /** kept: bytes unchanged; cleaned: a sequence kept with its items processed and changed; emptied: zero length. */
  readonly outcome: 'kept' | 'cleaned' | 'removed' | 'emptied' | 'replaced' | 'added';
}

/** The attributes de-identification reads or writes itself. */
export const T = {
  patientName: TAG.PatientName, patientId: TAG.PatientID, birthDate: TAG.PatientBirthDate, age: TAG.PatientAge, studyDate: TAG.StudyDate,
  studyUid: TAG.StudyInstanceUID, seriesUid: TAG.SeriesInstanceUID, forUid: TAG.FrameOfReferenceUID, sopClass: TAG.SOPClassUID, sopInstance: TAG.SOPInstanceUID,
  identityRemoved: TAG.PatientIdentityRemoved, method: TAG.DeidentificationMethod, methodCodes: TAG.DeidentificationMethodCodeSequence, temporal: TAG.LongitudinalTemporalInformationModified,
};
/** Written by de-identification (Patient Identity Removed, the method, its codes, temporal information). */
export const ADDED_BY_US = new Set([T.identityRemoved, T.method, T.methodCodes, T.temporal]);
export const EMPTY = new Uint8Array(0);

export interface Ctx {
  readonly key: string;
  readonly shiftDays: number | null;
  readonly typeOf: (tag: number) => AttributeType | undefined;
  readonly pseudonym: string;
  readonly audit: AuditEntry[];
  shifted: boolean;
}

export function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Items processed; `changed` when any element inside was not kept as it was. */
function cleanItems(e: TreeElement, ctx: Ctx, path: string): { items: TreeElement[][]; changed: boolean } {
  const before = ctx.audit.length;
  const items = (e.items ?? []).map((it, i) => processList(it, ctx, `${path}[${i}]`));
  let changed = false;
  for (let i = before; i < ctx.audit.length; i++) if (ctx.audit[i]!.outcome !== 'kept') changed = true;
  return { items, changed };
}

/** The elements of `els` after the profile (removed ones dropped), each audited under `prefix`. */
export function processList(els: readonly TreeElement[], ctx: Ctx, prefix: string): TreeElement[] {
  const out: TreeElement[] = [];
  for (const e of els) {
    const r = processElement(e, ctx, prefix + tagText(e.tag));
    if (r) out.push(r);
  }
  return out;
}

function processElement(e: TreeElement, ctx: Ctx, path: string): TreeElement | null {
  const entry = PROFILE_BY_TAG.get(e.tag);
  const base = { path, tag: e.tag, name: entry?.name ?? null, code: entry?.basic ?? null };
  const log = (rule: AuditRule, action: ProfileAction | null, outcome: AuditEntry['outcome']): number =>
    ctx.audit.push({ ...base, rule, action, outcome }) - 1;
  const rule = groupRule(e.tag);
  if (rule) {
    log(rule, 'X', 'removed');
    return null;
  }
  if ((e.tag & 0xffff) === 0) {
    log('group-length', 'X', 'removed'); // group lengths (retired) would be wrong after the changes
    return null;
  }
  // A kept sequence is cleaned: its items go through the same rules (E.1.1, action K).
  const keep = (r: AuditRule, action: ProfileAction): TreeElement => {
    if (!e.items) {
      log(r, action, 'kept');
      return e;
    }
    const at = log(r, action, 'kept');
    const { items, changed } = cleanItems(e, ctx, path);
    if (changed) ctx.audit[at] = { ...ctx.audit[at]!, outcome: 'cleaned' };
    return { ...e, items };
  };
  if (!entry) return keep('not-listed', 'K');
  if (RETAINED_PATIENT_CHARACTERISTICS.has(e.tag)) return keep('retain-patient-characteristics', 'K');
  const vr = e.items ? 'SQ' : e.vr ?? vrFromName(entry.name);
  const text = e.items ? '' : valueText(e.value);
  // Patient dates (group 0010: birth date...) are never shifted: they follow the Basic Profile.
  if (ctx.shiftDays !== null && (vr === 'DA' || vr === 'DT') && text.length > 0 && e.tag >>> 16 !== 0x0010) {
    const shifted = shiftDateValue(text, vr, ctx.shiftDays);
    if (shifted !== null) {
      ctx.shifted = true;
      log('modified-dates', 'C', 'replaced');
      return { ...e, value: textValue(shifted, vr) };
    }
  }
  const action = resolveCode(entry.basic, ctx.typeOf(e.tag));
  if ((e.tag === T.patientName || e.tag === T.patientId) && (action === 'Z' || action === 'D')) {
    log('table', action, 'replaced'); // Z / D with a dummy value: the study pseudonym
    return { ...e, value: textValue(ctx.pseudonym, vr) };
  }
  switch (action) {
    case 'X':
      log('table', 'X', 'removed');
      return null;
    case 'Z':
      if (e.items) {
        log('table', 'Z', e.items.length > 0 ? 'emptied' : 'kept');
        return { ...e, items: [] };
      }
      log('table', 'Z', e.value.length > 0 ? 'emptied' : 'kept');
      return { ...e, value: EMPTY };
    case 'K':
      return keep('table', 'K');
    case 'D':
    case 'U': {
      if (e.items) return keep('table', action); // D / U* on a sequence: kept, contents de-identified
      // U, and D of a UID (its dummy is a UID too): the keyed hash, consistent across the set.
      if ((action === 'U' && (vr === 'UI' || vr === undefined)) || (action === 'D' && vr === 'UI')) {
        if (text.length === 0 && action === 'U') {
          log('table', 'U', 'kept');
          return e;
        }
        const uids = text.length === 0 ? [hashedUid(`${path}/dummy`, ctx.key)] : text.split('\\').map((u) => hashedUid(u, ctx.key));
        log('table', action, 'replaced');
        const v = textValue(uids.join('\\'), 'UI');
        return { ...e, value: v };
      }
      const d = dummyValue(vr, e.value);
      const value = typeof d === 'string' ? textValue(d, vr) : d;
      log('table', 'D', same(value, e.value) ? 'kept' : 'replaced');
      return { ...e, value };
    }
  }
}
