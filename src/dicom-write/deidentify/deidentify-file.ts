/**
 * De-identified copy of a DICOM object (PS3.15 Annex E, Basic Application
 * Level Confidentiality Profile, with the Retain Patient Characteristics
 * Option and optionally Retain Longitudinal Temporal Information with Modified
 * Dates): the source dataset with the profile's actions applied, element by
 * element and inside every sequence item, and nothing else changed. Every
 * attribute not in Table E.1-1 (acquisition, reconstruction, isotope,
 * geometry, pixel data...) is copied byte for byte. The audit lists each
 * source element (at any depth) with what happened to it.
 */
import { DicomError, ErrorCode } from '../../errors.js';
import { patientAgeYears } from '../../dicom/metadata.js';
import { parseDicomBytes, TS_DEFLATED_LE, TS_EXPLICIT_BE, TS_EXPLICIT_LE, TS_IMPLICIT_LE, type ParseOptions } from '../../dicom/parse.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME, ob, str, wrapPart10, type Element } from '../encoder.js';
import { formatAge } from '../nm-modules.js';
import { pseudonymFor, pseudonymForData, seriesPseudonym } from '../../hash/pseudonym.js';
import { shiftDateValue } from './dates.js';
import { DEID_CODES, groupRule, PROFILE_BY_TAG, RETAINED_PATIENT_CHARACTERISTICS } from './profile.js';
import { defaultAttributeTypes, dummyValue, resolveCode, vrFromName, type AttributeType } from './resolve.js';
import { encodeTree, readTree, tagText, textValue, valueText, type TreeElement } from './tree.js';
import type { DeidentifyOptions, ProfileAction } from './types.js';
import { hashedUid } from './uid.js';
import { TAG } from '../../dicom-base/tags.js';

export interface DeidentifyFileOptions extends DeidentifyOptions {
  /** Type (1, 2, 3) of an attribute in the object's IOD, to resolve compound codes; default per SOP class (resolve.ts). */
  readonly attributeType?: (tag: number) => AttributeType | undefined;
  /** Voxel data: pseudonym source when the object has no Study Instance UID (as the report does). */
  readonly data?: Float32Array;
  /** Options of the parser (sequence depth, inflated size caps). */
  readonly parse?: ParseOptions;
}

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

export interface DeidentifiedFile {
  /** The de-identified Part 10 file. */
  readonly bytes: Uint8Array;
  readonly transferSyntaxUid: string;
  /** Written into Patient's Name and Patient ID; equal to the report's `study.id` for the same key. */
  readonly pseudonym: string;
  /** The replacement UIDs written (null where the source had none). */
  readonly uids: { readonly study: string | null; readonly series: string | null; readonly frameOfReference: string | null; readonly sopInstance: string };
  readonly codes: readonly (readonly [string, string, string])[];
  readonly method: readonly string[];
  readonly temporalInformation: 'MODIFIED' | 'REMOVED';
  /** One entry per source element at every depth, plus the added ones. */
  readonly audit: readonly AuditEntry[];
}

const T = {
  patientName: TAG.PatientName, patientId: TAG.PatientID, birthDate: TAG.PatientBirthDate, age: TAG.PatientAge, studyDate: TAG.StudyDate,
  studyUid: TAG.StudyInstanceUID, seriesUid: TAG.SeriesInstanceUID, forUid: TAG.FrameOfReferenceUID, sopClass: TAG.SOPClassUID, sopInstance: TAG.SOPInstanceUID,
  identityRemoved: TAG.PatientIdentityRemoved, method: TAG.DeidentificationMethod, methodCodes: TAG.DeidentificationMethodCodeSequence, temporal: TAG.LongitudinalTemporalInformationModified,
};
const ADDED_BY_US = new Set([T.identityRemoved, T.method, T.methodCodes, T.temporal]);
const EMPTY = new Uint8Array(0);

interface Ctx {
  readonly key: string;
  readonly shiftDays: number | null;
  readonly typeOf: (tag: number) => AttributeType | undefined;
  readonly pseudonym: string;
  readonly audit: AuditEntry[];
  shifted: boolean;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
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

function processList(els: readonly TreeElement[], ctx: Ctx, prefix: string): TreeElement[] {
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

function topText(els: readonly TreeElement[], tag: number): string | undefined {
  const e = els.find((x) => x.tag === tag);
  if (!e || e.items) return undefined;
  const t = valueText(e.value).trim();
  return t.length > 0 ? t : undefined;
}

function outputSyntax(ts: string): { ts: string; explicit: boolean } {
  if (ts === TS_IMPLICIT_LE) return { ts, explicit: false };
  if (ts === TS_DEFLATED_LE || ts === TS_EXPLICIT_BE) return { ts: TS_EXPLICIT_LE, explicit: true };
  return { ts, explicit: true }; // Explicit VR LE, and the encapsulated (compressed) syntaxes: Pixel Data copied as is
}

/**
 * De-identify a DICOM file: the Basic Profile applied to the source dataset.
 * @throws DicomError INVALID_PARAMETER (empty key, bad date shift) | INVALID_ATTRIBUTE (SOP Class UID) | NOT_DICOM | TRUNCATED | MALFORMED | UNSUPPORTED_TRANSFER_SYNTAX | UNREPRESENTABLE_VALUES
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export function deidentifyDicom(bytes: Uint8Array, options: DeidentifyFileOptions): DeidentifiedFile {
  if (typeof options.key !== 'string' || options.key.length === 0) {
    throw new DicomError(ErrorCode.INVALID_PARAMETER, 'de-identification needs a non-empty key');
  }
  const dates = options.dates ?? { mode: 'remove' as const };
  if (dates.mode === 'shift' && !(Number.isInteger(dates.days) && Math.abs(dates.days) <= 3_650_000)) {
    throw new DicomError(ErrorCode.INVALID_PARAMETER, 'the date shift must be a whole number of days');
  }
  const parsed = parseDicomBytes(bytes, options.parse ?? {});
  const all = readTree(parsed.dataSet, parsed.transferSyntaxUid === TS_EXPLICIT_BE);
  const meta = all.filter((e) => e.tag >>> 16 === 0x0002);
  const body = all.filter((e) => e.tag >>> 16 !== 0x0002);

  const studyUid = topText(body, T.studyUid) ?? null;
  const seriesUid = topText(body, T.seriesUid) ?? null;
  const pseudonym = studyUid
    ? seriesPseudonym(studyUid, seriesUid, options.key)
    : options.data
      ? pseudonymForData(options.data, options.key)
      : pseudonymFor('no-study-uid', options.key);
  const sopClass = topText(body, T.sopClass) ?? topText(meta, TAG.MediaStorageSOPClassUID) ?? null;
  if (sopClass !== null && !/^[0-9.]{1,64}$/.test(sopClass)) {
    throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, 'SOP Class UID (0008,0016) is not a valid UID');
  }
  const ctx: Ctx = {
    key: options.key,
    shiftDays: dates.mode === 'shift' ? dates.days : null,
    typeOf: options.attributeType ?? defaultAttributeTypes(sopClass),
    pseudonym,
    audit: [],
    shifted: false,
  };

  const replacedOurs = new Set<number>();
  const source = body.filter((e) => {
    if (!ADDED_BY_US.has(e.tag)) return true;
    replacedOurs.add(e.tag);
    return false;
  });
  const out = processList(source, ctx, '');
  for (const tag of replacedOurs) {
    ctx.audit.push({ path: tagText(tag), tag, name: null, code: null, rule: 'de-identification', action: null, outcome: 'replaced' });
  }

  const add = (tag: number, vr: string, value: string, rule: AuditRule): void => {
    out.push({ tag, vr, value: textValue(value, vr) });
    ctx.audit.push({ path: tagText(tag), tag, name: PROFILE_BY_TAG.get(tag)?.name ?? null, code: null, rule, action: null, outcome: 'added' });
  };
  const has = (tag: number): boolean => out.some((e) => e.tag === tag);
  if (!has(T.patientName)) add(T.patientName, 'PN', pseudonym, 'table');
  if (!has(T.patientId)) add(T.patientId, 'LO', pseudonym, 'table');
  if (!has(T.age)) {
    // Retain Patient Characteristics: the age at the study, derived before the birth date is removed.
    const age = patientAgeYears(undefined, topText(body, T.birthDate), topText(body, T.studyDate));
    if (age !== null && age >= 0 && age <= 999) add(T.age, 'AS', formatAge(age), 'retain-patient-characteristics');
  }
  let sopInstance = topText(out, T.sopInstance);
  if (sopInstance === undefined) {
    sopInstance = hashedUid(`${seriesUid ?? pseudonym}/derived-instance`, options.key);
    add(T.sopInstance, 'UI', sopInstance, 'table');
  }

  const codes: (readonly [string, string, string])[] = [DEID_CODES.basicProfile, DEID_CODES.retainPatientCharacteristics];
  const method = ['PS3.15 E.1 Basic Profile (113100)', 'Retain Patient Characteristics (113108)'];
  if (ctx.shifted) {
    codes.push(DEID_CODES.retainModifiedDates);
    method.push('Modified Dates (113107)');
  } else {
    method.push('dates removed');
  }
  method.push('spect-perfusion 0.1');
  const temporalInformation = ctx.shifted ? 'MODIFIED' : 'REMOVED';
  const added = (tag: number): void => {
    if (!replacedOurs.has(tag)) {
      ctx.audit.push({ path: tagText(tag), tag, name: null, code: null, rule: 'de-identification', action: null, outcome: 'added' });
    }
  };
  out.push({ tag: T.identityRemoved, vr: 'CS', value: textValue('YES', 'CS') });
  out.push({ tag: T.method, vr: 'LO', value: textValue(method.join('\\'), 'LO') });
  out.push({
    tag: T.methodCodes, vr: 'SQ', value: EMPTY,
    items: codes.map((c) => [
      { tag: TAG.CodeValue, vr: 'SH', value: textValue(c[0], 'SH') },
      { tag: TAG.CodingSchemeDesignator, vr: 'SH', value: textValue(c[1], 'SH') },
      { tag: TAG.CodeMeaning, vr: 'LO', value: textValue(c[2], 'LO') },
    ]),
  });
  out.push({ tag: T.temporal, vr: 'CS', value: textValue(temporalInformation, 'CS') });
  for (const tag of ADDED_BY_US) added(tag);

  const syntax = outputSyntax(parsed.transferSyntaxUid);
  const newMeta: Element[] = [
    ob(TAG.FileMetaInformationVersion, new Uint8Array([0, 1])),
    str(TAG.MediaStorageSOPClassUID, 'UI', sopClass ?? ''),
    str(TAG.MediaStorageSOPInstanceUID, 'UI', sopInstance),
    str(TAG.TransferSyntaxUID, 'UI', syntax.ts),
    str(TAG.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID),
    str(TAG.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION_NAME),
  ];
  for (const m of meta) {
    const n = newMeta.find((x) => x.tag === m.tag);
    const nv = n ? textOrBytes(n) : null;
    const outcome = m.tag === TAG.FileMetaInformationGroupLength ? 'replaced' : nv === null ? 'removed' : same(nv, m.value) ? 'kept' : 'replaced';
    const entry = PROFILE_BY_TAG.get(m.tag);
    ctx.audit.push({
      path: tagText(m.tag), tag: m.tag, name: entry?.name ?? null, code: entry?.basic ?? null,
      rule: entry ? 'table' : 'file-meta', action: entry ? 'U' : null, outcome,
    });
  }
  for (const n of newMeta) {
    if (!meta.some((m) => m.tag === n.tag)) {
      ctx.audit.push({ path: tagText(n.tag), tag: n.tag, name: null, code: null, rule: 'file-meta', action: null, outcome: 'added' });
    }
  }
  const encoded = encodeTree(out, syntax.explicit);
  return {
    bytes: wrapPart10(newMeta, encoded),
    transferSyntaxUid: syntax.ts,
    pseudonym,
    uids: {
      study: topText(out, T.studyUid) ?? null,
      series: topText(out, T.seriesUid) ?? null,
      frameOfReference: topText(out, T.forUid) ?? null,
      sopInstance,
    },
    codes,
    method,
    temporalInformation,
    audit: ctx.audit,
  };
}

/** Even-length value bytes of a meta element as the encoder writes them. */
function textOrBytes(e: Element): Uint8Array {
  if (e.value.length % 2 === 0) return e.value;
  const v = new Uint8Array(e.value.length + 1);
  v.set(e.value);
  v[e.value.length] = e.vr === 'UI' || e.vr === 'OB' ? 0 : 0x20;
  return v;
}
