/**
 * Every row of PS3.15 Table E.1-1 applied as the profile says: a file written
 * by the project's NM writer is given one element per row of the table (VR
 * from the name: sequences, UIDs, dates, times; LO otherwise), each holding a
 * marker value, and the de-identified copy is checked row by row against the
 * meaning of the codes (PS3.15 E.1.1), written out here independently of
 * src/dicom-write/deidentify/resolve.ts.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { sq, str, type Element } from '../../src/dicom-write/encoder.js';
import { FAKE_IDENTIFIERS, writeNmMultiframeWithInfo } from '../../src/dicom-write/index.js';
import { BASIC_PROFILE_ROWS, deidentifyDicom, hashedUid, type AuditEntry } from '../../src/dicom-write/deidentify/index.js';
import { toImplicit, withElements } from './dicom-edit.js';
import { simulated } from './study.js';

const KEY = 'rows-test-key';
type A = 'X' | 'Z' | 'D' | 'U' | 'K';

/** Attributes of compound-code rows that PS3.3 makes type 1 or 2 in the NM Image IOD (all others: type 3). */
const NM_TYPE = new Map<number, 1 | 2>([
  [0x00100020, 2], [0x00102203, 2], [0x00080023, 2], [0x00080033, 2], [0x00400555, 2], [0x00180010, 2], [0x00700084, 2],
]);
/** Patient's Sex, Age, Size, Weight, Ethnic Group: Retain Patient Characteristics (113108). */
const RETAINED = new Set([0x00100040, 0x00101010, 0x00101020, 0x00101030, 0x00102160]);

/** PS3.15 E.1.1: the action for a code and the attribute type [type 1, type 2, type 3]. */
const MEANING: Record<string, readonly [A, A, A]> = {
  D: ['D', 'D', 'D'], Z: ['Z', 'Z', 'Z'], X: ['X', 'X', 'X'], U: ['U', 'U', 'U'],
  'X/Z': ['Z', 'Z', 'X'], 'X/D': ['D', 'D', 'X'], 'Z/D': ['D', 'Z', 'Z'], 'X/Z/D': ['D', 'Z', 'X'], 'X/Z/U*': ['U', 'Z', 'X'],
};

function expectedAction(tag: number, code: string): A {
  if (RETAINED.has(tag)) return 'K';
  const t = NM_TYPE.get(tag) ?? 3;
  return MEANING[code]![t - 1]!;
}

function vrOf(name: string): string {
  if (/Sequence\b/.test(name)) return 'SQ';
  if (/\bUID\b/.test(name)) return 'UI';
  if (/DateTime\b/.test(name)) return 'DT';
  if (/\bDate\b/.test(name)) return 'DA';
  if (/\bTime\b/.test(name)) return 'TM';
  return 'LO';
}

const marker = (i: number, vr: string): string =>
  vr === 'UI' ? `1.2.826.0.1.3680043.10.4471.77.${i}` : vr === 'DA' ? '20250611' : vr === 'DT' ? '20250611093012' : vr === 'TM' ? '093012' : `MARK${i}`;

const ROWS = BASIC_PROFILE_ROWS.filter(([tag]) => tag >>> 16 !== 0x0002); // (0002,0003) lives in the file meta

function source(rows = ROWS): Uint8Array {
  const base = writeNmMultiframeWithInfo(simulated().volume, { style: 'siemens', identifiers: FAKE_IDENTIFIERS, patient: { sex: 'F' } }).bytes;
  const add: Element[] = rows.map(([tag, name]) => {
    const i = ROWS.findIndex(([t]) => t === tag);
    const vr = vrOf(name);
    if (vr === 'SQ') return sq(tag, [[str(0x00080100, 'SH', 'NESTCODE'), str(0x00100010, 'PN', `NESTED^NAME${i}`)]]);
    return str(tag, vr, marker(i, vr));
  });
  return withElements(base, add);
}

function el(d: DataSet, tag: number) {
  return d.elements['x' + tag.toString(16).padStart(8, '0')];
}

describe(`every row of Table E.1-1 (${ROWS.length} rows + Media Storage SOP Instance UID)`, () => {
  const src = source();
  const w = deidentifyDicom(src, { key: KEY });
  const out = dicomParser.parseDicom(w.bytes);
  const audit = new Map(w.audit.map((e) => [e.path, e]));
  const tagPath = (tag: number) => {
    const h = tag.toString(16).toUpperCase().padStart(8, '0');
    return `(${h.slice(0, 4)},${h.slice(4)})`;
  };

  it('applies each code as PS3.15 E.1.1 defines it', () => {
    const seen: Record<string, number> = {};
    ROWS.forEach(([tag, name, code], i) => {
      const vr = vrOf(name);
      const want = expectedAction(tag, code);
      seen[`${code}->${want}`] = (seen[`${code}->${want}`] ?? 0) + 1;
      const got = el(out, tag);
      const a: AuditEntry | undefined = audit.get(tagPath(tag));
      const label = `${tagPath(tag)} ${name} ${code}`;
      expect(a?.code, label).toBe(code);
      const isName = tag === 0x00100010 || tag === 0x00100020;
      switch (want) {
        case 'X':
          expect(got, label).toBeUndefined();
          expect(a?.outcome, label).toBe('removed');
          break;
        case 'Z':
          expect(got, label).toBeDefined();
          if (isName) expect(out.string('x' + tag.toString(16).padStart(8, '0')), label).toBe(w.pseudonym);
          else if (vr === 'SQ') expect(got!.items?.length ?? 0, label).toBe(0);
          else expect(got!.length, label).toBe(0);
          break;
        case 'D':
        case 'U':
          expect(got, label).toBeDefined();
          if (vr === 'SQ') {
            // kept with its contents de-identified: the nested name replaced, the nested code kept
            const item = got!.items![0]!.dataSet!;
            expect(item.string('x00080100'), label).toBe('NESTCODE');
            expect(item.string('x00100010'), label).toBe(w.pseudonym);
            expect(a?.outcome, label).toBe('cleaned');
          } else if (want === 'U' || vr === 'UI') {
            // U, and D of a UID (a dummy UID): the keyed hash
            expect(out.string('x' + tag.toString(16).padStart(8, '0')), label).toBe(hashedUid(marker(i, vr), KEY));
          } else {
            const v = out.string('x' + tag.toString(16).padStart(8, '0')) ?? '';
            if (isName) expect(v, label).toBe(w.pseudonym);
            else expect(v, label).toMatch(vr === 'DA' ? /^\d{8}$/ : vr === 'TM' ? /^\d{6}$/ : vr === 'DT' ? /^\d{14}$/ : /^[A-Z]{4,}$/);
            expect(v, label).not.toBe(marker(i, vr));
          }
          break;
        case 'K':
          expect(out.string('x' + tag.toString(16).padStart(8, '0')), label).toBe(marker(i, vr));
          expect(a?.outcome, label).toBe('kept');
          break;
      }
    });
    // the source did carry every row
    const s = dicomParser.parseDicom(src);
    for (const [tag] of ROWS) expect(el(s, tag), tagPath(tag)).toBeDefined();
    // Media Storage SOP Instance UID (0002,0003): U, equal to the new SOP Instance UID
    expect(out.string('x00020003')).toBe(hashedUid(marker(ROWS.findIndex(([t]) => t === 0x00080018), 'UI'), KEY));
    expect(audit.get('(0002,0003)')).toMatchObject({ code: 'U', outcome: 'replaced' });
    // every code of the table was exercised, each compound code in at least one resolution
    const codes = new Set(ROWS.map(([, , c]) => c));
    expect([...codes].sort()).toEqual(['D', 'U', 'X', 'X/D', 'X/Z', 'X/Z/D', 'X/Z/U*', 'Z', 'Z/D']);
    expect(seen['X/Z->Z']).toBeGreaterThanOrEqual(2);
    expect(seen['Z/D->Z']).toBe(6);
    expect(seen['X/Z/D->X']).toBe(8);
    expect(seen['X/Z/U*->X']).toBe(2);
    expect(Object.values(seen).reduce((x, y) => x + y, 0)).toBe(ROWS.length);
  });

  it('resolves compound codes by the IOD type given by the caller (type 1 -> D / U*, type 2 -> Z)', () => {
    const t1 = deidentifyDicom(src, { key: KEY, attributeType: () => 1 });
    const t2 = deidentifyDicom(src, { key: KEY, attributeType: () => 2 });
    const o1 = dicomParser.parseDicom(t1.bytes);
    const o2 = dicomParser.parseDicom(t2.bytes);
    for (const [tag, name, code] of ROWS) {
      if (!code.includes('/') || RETAINED.has(tag)) continue;
      const vr = vrOf(name);
      const label = `${tagPath(tag)} ${code}`;
      const e1 = el(o1, tag);
      const e2 = el(o2, tag);
      expect(e1, label).toBeDefined();
      if (code === 'X/Z') expect(e1!.length, label).toBe(0); // X/Z never gives D
      else if (vr === 'SQ') expect(e1!.items!.length, label).toBe(1);
      else expect(e1!.length, label).toBeGreaterThan(0);
      if (code === 'X/D') expect(e2!.length, label).toBeGreaterThan(0);
      else if (tag !== 0x00100020) expect(e2!.items ? e2!.items.length : e2!.length, label).toBe(0);
    }
  });

  it('shifts every DA and DT row outside the Patient group under Modified Dates (E.3.6)', () => {
    const s = deidentifyDicom(src, { key: KEY, dates: { mode: 'shift', days: -400 } });
    const o = dicomParser.parseDicom(s.bytes);
    let shifted = 0;
    for (const [tag, name] of ROWS) {
      const vr = vrOf(name);
      if (vr !== 'DA' && vr !== 'DT') continue;
      const v = o.string('x' + tag.toString(16).padStart(8, '0'));
      if (tag >>> 16 === 0x0010) {
        expect(v === undefined || v === '', tagPath(tag)).toBe(true);
        continue;
      }
      expect(v, `${tagPath(tag)} ${name}`).toBe('20240507');
      shifted++;
    }
    expect(shifted).toBe(101);
    // times of day follow the Basic Profile: never the source time
    for (const [tag, name] of ROWS) if (vrOf(name) === 'TM') expect(o.string('x' + tag.toString(16).padStart(8, '0'))).not.toBe('093012');
  });

  it('gives the same outcome for every row from an Implicit VR source (command group 0000 rows left out)', () => {
    const rows = ROWS.filter(([t]) => t >>> 16 !== 0);
    const s2 = source(rows);
    const we = deidentifyDicom(s2, { key: KEY });
    const wi = deidentifyDicom(toImplicit(s2), { key: KEY });
    const list = (au: readonly AuditEntry[]) => au.filter((e) => e.tag >>> 16 !== 2).map((e) => `${e.path} ${e.action} ${e.outcome}`).sort();
    expect(list(wi.audit)).toEqual(list(we.audit));
    expect(wi.transferSyntaxUid).toBe('1.2.840.10008.1.2');
  });
});
