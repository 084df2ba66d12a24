/**
 * The committed Basic Profile table (src/dicom-write/deidentify/basic-profile-table.ts) is a
 * fresh generation from the standard's Table E.1-1 in ../shared/data/standards
 * (test/privacy/generate-basic-profile.ts), and the profile built from it has
 * one entry per row with the keywords of PS3.6.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  BASIC_PROFILE_EDITION, BASIC_PROFILE_ROWS, CONFIDENTIALITY_PROFILE, PROFILE_BY_KEYWORD, PROFILE_BY_TAG, groupRule, keywordFromName,
} from '../../src/dicom-write/deidentify/index.js';
import { describeShared, sharedPath } from '../helpers/shared-data.js';
import { EDITION, TABLE_PATH, TSV_NAME, renderBasicProfileTable } from './generate-basic-profile.js';

describeShared(`generated table = PS3.15 ${EDITION} Table E.1-1 (shared data)`, () => {
  it('regenerating from the TSV gives the committed file byte for byte', () => {
    const tsv = readFileSync(sharedPath(`standards/${TSV_NAME}`), 'utf8');
    expect(renderBasicProfileTable(tsv)).toBe(readFileSync(TABLE_PATH, 'utf8'));
    // and every TSV row is a row of the table with the same code
    const lines = tsv.trim().split(/\r?\n/).slice(1);
    expect(lines.length).toBe(BASIC_PROFILE_ROWS.length);
    for (const l of lines) {
      const [g, e, name, code] = l.split('\t') as [string, string, string, string];
      const p = PROFILE_BY_TAG.get(parseInt(g + e, 16));
      expect(p?.basic, `${g},${e}`).toBe(code);
      expect(p?.name).toBe(name.trim());
    }
  });

  it('the generator refuses malformed input', () => {
    expect(() => renderBasicProfileTable('group\telement\tattribute\tbasic_profile_action\n0010\t0010\tPatient Name\tQ\n')).toThrow();
    expect(() => renderBasicProfileTable('group\telement\tattribute\tbasic_profile_action\n0010\t0010\tA\tZ\n0010\t0010\tB\tZ\n')).toThrow();
    expect(() => renderBasicProfileTable('bad header\n')).toThrow();
  });
});

describe('Basic Profile table', () => {
  it(`has the ${BASIC_PROFILE_ROWS.length} rows of edition ${BASIC_PROFILE_EDITION}, unique and in tag order`, () => {
    expect(BASIC_PROFILE_EDITION).toBe('2024b');
    expect(BASIC_PROFILE_ROWS.length).toBe(616);
    const tags = BASIC_PROFILE_ROWS.map(([t]) => t);
    expect(new Set(tags).size).toBe(616);
    expect([...tags].sort((a, b) => a - b)).toEqual(tags);
    const byCode: Record<string, number> = {};
    for (const [, , c] of BASIC_PROFILE_ROWS) byCode[c] = (byCode[c] ?? 0) + 1;
    expect(byCode).toEqual({ D: 92, U: 53, X: 380, 'X/D': 22, 'X/Z': 11, 'X/Z/D': 8, 'X/Z/U*': 2, Z: 42, 'Z/D': 6 });
    expect(CONFIDENTIALITY_PROFILE.length).toBe(616);
    expect(PROFILE_BY_KEYWORD.size).toBe(616); // keywords unique
  });

  it('includes the sequences the issue names, the identifying attributes and no odd (private) group', () => {
    const code = (t: number) => PROFILE_BY_TAG.get(t)?.basic;
    expect(code(0x00081140)).toBe('X/Z/U*'); // Referenced Image Sequence
    expect(code(0x00081110)).toBe('X/Z'); // Referenced Study Sequence
    expect(code(0x00400275)).toBe('X'); // Request Attributes Sequence
    expect(code(0x00082112)).toBe('X/Z/U*'); // Source Image Sequence
    expect(code(0x00100010)).toBe('Z');
    expect(code(0x00100020)).toBe('Z/D');
    expect(code(0x00101030)).toBe('X'); // Patient's Weight (kept only under 113108)
    for (const [t] of BASIC_PROFILE_ROWS) expect((t >>> 16) & 1).toBe(0);
  });

  it('derives PS3.6 keywords from the names', () => {
    const known: Record<string, string> = {
      "Patient's Name": 'PatientName', "Patient's Birth Date": 'PatientBirthDate', "Operators' Name": 'OperatorsName',
      'Physician(s) of Record': 'PhysiciansOfRecord', 'Name of Physician(s) Reading Study': 'NameOfPhysiciansReadingStudy',
      "Patient's Mother's Birth Name": 'PatientMotherBirthName', 'SOP Instance UID': 'SOPInstanceUID',
      'Icon Image Sequence(see Note 11)': 'IconImageSequence', 'Contrast/Bolus Agent': 'ContrastBolusAgent',
      'X-Ray Source ID': 'XRaySourceID', "Referring Physician's Name": 'ReferringPhysicianName',
    };
    for (const [n, k] of Object.entries(known)) expect(keywordFromName(n)).toBe(k);
    expect(PROFILE_BY_KEYWORD.get('PatientName')?.tag).toBe(0x00100010);
    expect(PROFILE_BY_KEYWORD.get('StudyInstanceUID')?.tag).toBe(0x0020000d);
  });

  it('states the group rules outside the table: private, curve (50xx), overlay (60xx)', () => {
    expect(groupRule(0x00091010)).toBe('private');
    expect(groupRule(0x7fe10010)).toBe('private');
    expect(groupRule(0x50003000)).toBe('curve');
    expect(groupRule(0x501e0022)).toBe('curve');
    expect(groupRule(0x60004000)).toBe('overlay');
    expect(groupRule(0x601e3000)).toBe('overlay');
    expect(groupRule(0x00100010)).toBeNull();
    expect(groupRule(0x7fe00010)).toBeNull();
  });
});
