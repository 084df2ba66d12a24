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
import { checkedShift, methodOf, studyPseudonym } from './common.js';
import { PROFILE_BY_TAG } from './profile.js';
import { defaultAttributeTypes, type AttributeType } from './resolve.js';
import { encodeTree, readTree, tagText, textValue, valueText, type TreeElement } from './tree.js';
import { ADDED_BY_US, EMPTY, T, processList, same, type AuditEntry, type AuditRule, type Ctx } from './apply-profile.js';
import type { DeidentifyOptions } from './types.js';
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

export type { AuditEntry, AuditRule } from './apply-profile.js';

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

/** Study identity of the source: its UIDs, SOP Class and the pseudonym that replaces the patient. */
interface SourceIds {
  readonly studyUid: string | null;
  readonly seriesUid: string | null;
  readonly sopClass: string | null;
  readonly pseudonym: string;
}

/** @throws DicomError INVALID_ATTRIBUTE (SOP Class UID) */
function sourceIds(body: readonly TreeElement[], meta: readonly TreeElement[], options: DeidentifyFileOptions): SourceIds {
  const studyUid = topText(body, T.studyUid) ?? null;
  const seriesUid = topText(body, T.seriesUid) ?? null;
  const pseudonym = studyPseudonym(studyUid, seriesUid, options.data, options.key);
  const sopClass = topText(body, T.sopClass) ?? topText(meta, TAG.MediaStorageSOPClassUID) ?? null;
  if (sopClass !== null && !/^[0-9.]{1,64}$/.test(sopClass)) {
    throw new DicomError(ErrorCode.INVALID_ATTRIBUTE, 'SOP Class UID (0008,0016) is not a valid UID');
  }
  return { studyUid, seriesUid, sopClass, pseudonym };
}

/** The profile over the body, without the attributes de-identification writes itself (each audited as replaced). */
function applyProfile(body: readonly TreeElement[], ctx: Ctx): { out: TreeElement[]; replacedOurs: Set<number> } {
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
  return { out, replacedOurs };
}

/** Patient's Name and ID (the pseudonym), Patient's Age and SOP Instance UID when the profile left none; returns the SOP Instance UID. */
function addIdentity(out: TreeElement[], body: readonly TreeElement[], ctx: Ctx, ids: SourceIds, key: string): string {
  const add = (tag: number, vr: string, value: string, rule: AuditRule): void => {
    out.push({ tag, vr, value: textValue(value, vr) });
    ctx.audit.push({ path: tagText(tag), tag, name: PROFILE_BY_TAG.get(tag)?.name ?? null, code: null, rule, action: null, outcome: 'added' });
  };
  const has = (tag: number): boolean => out.some((e) => e.tag === tag);
  if (!has(T.patientName)) add(T.patientName, 'PN', ids.pseudonym, 'table');
  if (!has(T.patientId)) add(T.patientId, 'LO', ids.pseudonym, 'table');
  if (!has(T.age)) {
    // Retain Patient Characteristics: the age at the study, derived before the birth date is removed.
    const age = patientAgeYears(undefined, topText(body, T.birthDate), topText(body, T.studyDate));
    if (age !== null && age >= 0 && age <= 999) add(T.age, 'AS', formatAge(age), 'retain-patient-characteristics');
  }
  let sopInstance = topText(out, T.sopInstance);
  if (sopInstance === undefined) {
    sopInstance = hashedUid(`${ids.seriesUid ?? ids.pseudonym}/derived-instance`, key);
    add(T.sopInstance, 'UI', sopInstance, 'table');
  }
  return sopInstance;
}

type Method = Pick<DeidentifiedFile, 'codes' | 'method' | 'temporalInformation'>;

/** Patient Identity Removed, De-identification Method and its Code Sequence, Longitudinal Temporal Information Modified. */
function addMethod(out: TreeElement[], ctx: Ctx, replacedOurs: ReadonlySet<number>): Method {
  const { codes, method } = methodOf(ctx.shifted);
  const temporalInformation = ctx.shifted ? 'MODIFIED' : 'REMOVED';
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
  for (const tag of ADDED_BY_US) {
    if (!replacedOurs.has(tag)) {
      ctx.audit.push({ path: tagText(tag), tag, name: null, code: null, rule: 'de-identification', action: null, outcome: 'added' });
    }
  }
  return { codes, method, temporalInformation };
}

/** The new File Meta Information, each source and new meta element audited. */
function fileMeta(meta: readonly TreeElement[], sopClass: string | null, sopInstance: string, ts: string, audit: AuditEntry[]): Element[] {
  const newMeta: Element[] = [
    ob(TAG.FileMetaInformationVersion, new Uint8Array([0, 1])),
    str(TAG.MediaStorageSOPClassUID, 'UI', sopClass ?? ''),
    str(TAG.MediaStorageSOPInstanceUID, 'UI', sopInstance),
    str(TAG.TransferSyntaxUID, 'UI', ts),
    str(TAG.ImplementationClassUID, 'UI', IMPLEMENTATION_CLASS_UID),
    str(TAG.ImplementationVersionName, 'SH', IMPLEMENTATION_VERSION_NAME),
  ];
  for (const m of meta) {
    const n = newMeta.find((x) => x.tag === m.tag);
    const nv = n ? textOrBytes(n) : null;
    const outcome = m.tag === TAG.FileMetaInformationGroupLength ? 'replaced' : nv === null ? 'removed' : same(nv, m.value) ? 'kept' : 'replaced';
    const entry = PROFILE_BY_TAG.get(m.tag);
    audit.push({
      path: tagText(m.tag), tag: m.tag, name: entry?.name ?? null, code: entry?.basic ?? null,
      rule: entry ? 'table' : 'file-meta', action: entry ? 'U' : null, outcome,
    });
  }
  for (const n of newMeta) {
    if (!meta.some((m) => m.tag === n.tag)) {
      audit.push({ path: tagText(n.tag), tag: n.tag, name: null, code: null, rule: 'file-meta', action: null, outcome: 'added' });
    }
  }
  return newMeta;
}

/**
 * De-identify a DICOM file: the Basic Profile applied to the source dataset.
 * @throws DicomError INVALID_PARAMETER (empty key, bad date shift) | INVALID_ATTRIBUTE (SOP Class UID) | NOT_DICOM | TRUNCATED | MALFORMED | UNSUPPORTED_TRANSFER_SYNTAX | UNREPRESENTABLE_VALUES
 * @throws ResourceLimitError RESOURCE_LIMIT
 */
export function deidentifyDicom(bytes: Uint8Array, options: DeidentifyFileOptions): DeidentifiedFile {
  const shiftDays = checkedShift(options);
  const parsed = parseDicomBytes(bytes, options.parse ?? {});
  const all = readTree(parsed.dataSet, parsed.transferSyntaxUid === TS_EXPLICIT_BE);
  const meta = all.filter((e) => e.tag >>> 16 === 0x0002);
  const body = all.filter((e) => e.tag >>> 16 !== 0x0002);
  const ids = sourceIds(body, meta, options);
  const ctx: Ctx = {
    key: options.key,
    shiftDays,
    typeOf: options.attributeType ?? defaultAttributeTypes(ids.sopClass),
    pseudonym: ids.pseudonym,
    audit: [],
    shifted: false,
  };
  const { out, replacedOurs } = applyProfile(body, ctx);
  const sopInstance = addIdentity(out, body, ctx, ids, options.key);
  const method = addMethod(out, ctx, replacedOurs);
  const syntax = outputSyntax(parsed.transferSyntaxUid);
  const newMeta = fileMeta(meta, ids.sopClass, sopInstance, syntax.ts, ctx.audit);
  const encoded = encodeTree(out, syntax.explicit);
  return {
    bytes: wrapPart10(newMeta, encoded),
    transferSyntaxUid: syntax.ts,
    pseudonym: ids.pseudonym,
    uids: {
      study: topText(out, T.studyUid) ?? null,
      series: topText(out, T.seriesUid) ?? null,
      frameOfReference: topText(out, T.forUid) ?? null,
      sopInstance,
    },
    ...method,
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
