import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE_IDENTIFIERS, writeDeidentifiedNm, writeNmMultiframe } from '../../src/dicom-write/index.js';
import { parseDicomBytes, readDicom } from '../../src/dicom/index.js';
import { describeShared, sharedBytes } from '../helpers/shared-data.js';
import {
  CONFIDENTIALITY_PROFILE, WRITTEN_BY_WRITERS, attributesFromDataSet, deidentifyAttributes, deidentifyDataset, deidentifyDicom, hashedUid,
} from '../../src/dicom-write/deidentify/index.js';
import { str } from '../../src/dicom-write/encoder.js';
import { withElements } from './dicom-edit.js';
import { allPaths, checkAudit } from './audit-check.js';
import { seriesPseudonym } from '../../src/hash/pseudonym.js';
import { isValidUid } from '../../src/dicom-write/index.js';
import { findIdentifiers, latin1 } from './scan.js';
import { identifiedStudy, simulated } from './study.js';

const KEY = 'test-project-key';
const dir = mkdtempSync(join(tmpdir(), 'privacy-deid-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const F = FAKE_IDENTIFIERS;
const tag = (t: number) => 'x' + t.toString(16).padStart(8, '0');

describe('writer with fake identifiers', () => {
  const bytes = identifiedStudy();
  const ds = dicomParser.parseDicom(bytes);

  it('carries a fake identifier in every profile attribute it writes', () => {
    const expected: Record<string, string> = {
      x00100010: F.patientName, x00100020: F.patientId, x00100030: F.patientBirthDate, x00101000: F.otherPatientIds,
      x00101040: F.patientAddress, x00102154: F.patientTelephoneNumbers, x00104000: F.patientComments,
      x00080050: F.accessionNumber, x00080080: F.institutionName, x00080081: F.institutionAddress,
      x00080090: F.referringPhysicianName, x00081050: F.performingPhysicianName, x00081070: F.operatorsName,
      x00081010: F.stationName, x00181000: F.deviceSerialNumber, x00200010: F.studyId, x0020000d: F.studyInstanceUid,
      x0020000e: F.seriesInstanceUid, x00080018: F.sopInstanceUid, x00200052: F.frameOfReferenceUid,
      x00080020: F.studyDate, x00080030: F.studyTime, x00081030: F.studyDescription, x0008103e: F.seriesDescription,
      x00101001: F.otherPatientNames, x00100021: F.issuerOfPatientId, x00204000: F.imageComments,
    };
    for (const [t, v] of Object.entries(expected)) expect(ds.string(t), t).toBe(v);
    expect(dicomParser.parseDicom(bytes).string('x00020003')).toBe(F.sopInstanceUid);
    // every identifying attribute the fake set fills is a row of the profile table
    const attrs = attributesFromDataSet(ds);
    for (const kw of ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientAddress', 'InstitutionName', 'StationName', 'DeviceSerialNumber', 'OperatorsName']) {
      expect(attrs[kw], kw).toBeDefined();
    }
  });

  it('still reads as a volume, with the age computed from birth and study dates', async () => {
    const v = await readDicom(bytes);
    expect(v.dims).toEqual([64, 64, 64]);
    // 2022-03-14 to 2025-06-11 = 1185 days
    expect(v.metadata.patientAgeYears).toBeCloseTo(1185 / 365.25, 9);
    expect(v.metadata.studyInstanceUid).toBe(F.studyInstanceUid);
  });
});

describe('de-identified NM output (PS3.15 E.1 Basic Profile)', () => {
  const bytes = identifiedStudy('ge');

  it('contains none of the source identifiers and flags the removal', async () => {
    const v = await readDicom(bytes);
    const w = writeDeidentifiedNm(v, { metadata: v.metadata, file: bytes }, { key: KEY });
    expect(findIdentifiers(latin1(w.bytes))).toEqual([]);
    const out = dicomParser.parseDicom(w.bytes);
    expect(out.string('x00120062')).toBe('YES');
    expect(out.string('x00120063')).toContain('113100');
    const codes = out.elements.x00120064!.items!.map((i) => i.dataSet!.string('x00080100'));
    expect(codes).toEqual(['113100', '113108']);
    expect(out.string('x00280303')).toBe('REMOVED');
    // pseudonym = the report's study id for the same key
    expect(w.pseudonym).toBe(seriesPseudonym(F.studyInstanceUid, F.seriesInstanceUid, KEY));
    expect(out.string('x00100010')).toBe(w.pseudonym);
    expect(out.string('x00100020')).toBe(w.pseudonym);
    expect(out.string('x00100030') ?? '').toBe('');
    expect(out.string('x00080020') ?? '').toBe('');
    expect(out.string('x00080050') ?? '').toBe('');
    expect(out.string('x00080090') ?? '').toBe('');
    // UIDs: keyed hashes of the source UIDs, valid, all distinct
    expect(out.string('x0020000d')).toBe(hashedUid(F.studyInstanceUid, KEY));
    expect(out.string('x0020000e')).toBe(hashedUid(F.seriesInstanceUid, KEY));
    expect(out.string('x00200052')).toBe(hashedUid(F.frameOfReferenceUid, KEY));
    expect(out.string('x00080018')).toBe(hashedUid(F.sopInstanceUid, KEY));
    const uids = ['x0020000d', 'x0020000e', 'x00200052', 'x00080018'].map((t) => out.string(t)!);
    expect(new Set(uids).size).toBe(4);
    for (const u of uids) expect(isValidUid(u)).toBe(true);
    // kept: sex, age (as AS, derived from birth and study dates), tracer, manufacturer
    expect(out.string('x00100040')).toBe('F');
    expect(out.string('x00101010')).toBe('003Y');
    expect(out.string('x00080070')).toBe('GE MEDICAL SYSTEMS');
    // a table row is in the output only when the audit says it was kept, emptied, replaced or added
    const byPath = new Map(w.audit.map((o) => [o.path, o]));
    for (const p of CONFIDENTIALITY_PROFILE) {
      const present = out.elements[tag(p.tag)] !== undefined;
      const o = byPath.get(`(${p.tag.toString(16).toUpperCase().padStart(8, '0').replace(/^(.{4})/, '$1,')})`);
      if (present) expect(['kept', 'emptied', 'replaced', 'added', 'cleaned'], p.keyword).toContain(o?.outcome);
      else if (o) expect(o.outcome, p.keyword).toBe('removed');
    }
    expect(byPath.get('(0010,1040)')?.outcome).toBe('removed'); // Patient's Address
    expect(byPath.get('(0008,0080)')?.outcome).toBe('removed'); // Institution Name
    expect(byPath.get('(0010,0010)')?.outcome).toBe('replaced');
    expect(byPath.get('(0010,0030)')?.outcome).toBe('emptied');
    expect(byPath.get('(0020,000D)')?.action).toBe('U');
    expect(byPath.get('(0010,0040)')?.outcome).toBe('kept');
  });

  it('keeps the voxels and the geometry exactly (round trip through the reader)', async () => {
    const v = await readDicom(bytes);
    const w = writeDeidentifiedNm(v, { metadata: v.metadata, file: bytes }, { key: KEY });
    const back = await readDicom(w.bytes);
    expect(back.dims).toEqual(v.dims);
    expect(Array.from(back.affine)).toEqual(Array.from(v.affine));
    expect(Buffer.from(back.data.buffer).equals(Buffer.from(v.data.buffer))).toBe(true);
    expect(back.metadata.patientAgeYears).toBe(3);
    expect(back.metadata.radiopharmaceutical?.code).toBe('HMPAO');
  });

  it('shifts dates by whole days under the Modified Dates option and is deterministic', async () => {
    const v = await readDicom(bytes);
    const src = { metadata: v.metadata, file: bytes };
    const a = writeDeidentifiedNm(v, src, { key: KEY, dates: { mode: 'shift', days: -400 } });
    const b = writeDeidentifiedNm(v, src, { key: KEY, dates: { mode: 'shift', days: -400 } });
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const out = dicomParser.parseDicom(a.bytes);
    // 2025-06-11 minus 400 days = 2024-05-07
    expect(out.string('x00080020')).toBe('20240507');
    expect(out.string('x00280303')).toBe('MODIFIED');
    expect(out.elements.x00120064!.items!.map((i) => i.dataSet!.string('x00080100'))).toEqual(['113100', '113108', '113107']);
    expect(findIdentifiers(latin1(a.bytes))).toEqual([]);
    // another key gives other UIDs and another pseudonym
    const c = writeDeidentifiedNm(v, src, { key: 'other-key' });
    expect(c.uids.study).not.toBe(a.uids.study);
    expect(c.pseudonym).not.toBe(a.pseudonym);
  });

  it('refuses an empty key and a fractional shift with typed errors', () => {
    const m = simulated().volume.metadata;
    expect(() => deidentifyAttributes({ metadata: m }, { key: '' })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    expect(() => deidentifyAttributes({ metadata: m }, { key: 'k', dates: { mode: 'shift', days: 1.5 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
    expect(() => deidentifyDicom(bytes, { key: '' })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    expect(() => deidentifyDicom(bytes, { key: 'k', dates: { mode: 'shift', days: 0.5 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
    expect(() => deidentifyDicom(bytes.subarray(0, 400), { key: 'k' })).toThrow(expect.objectContaining({ code: expect.any(String) }));
  });

  it('hashed UIDs follow PS3.5 B.2 (2.25 + 128-bit integer) and known-answer', () => {
    const u = hashedUid('1.2.3', 'k');
    expect(u).toMatch(/^2\.25\.[1-9][0-9]{0,38}$/);
    expect(isValidUid(u)).toBe(true);
    const n = BigInt(u.slice(5));
    expect(n < 1n << 128n).toBe(true);
    expect((n >> 76n) & 0xfn).toBe(8n); // version 8
    expect((n >> 62n) & 0x3n).toBe(2n); // RFC variant
    expect(hashedUid('1.2.3\0', 'k')).toBe(u); // trailing NUL padding ignored
  });

  it('dcmdump reads the de-identified file and shows no identifier (skipped without dcmtk)', async (ctx) => {
    if (spawnSync('which', ['dcmdump']).status !== 0) {
      if (process.env.REQUIRE_DICOM_TOOLS === '1') throw new Error('dcmdump is required (REQUIRE_DICOM_TOOLS=1)');
      ctx.skip();
    }
    const w = deidentifyDicom(bytes, { key: KEY });
    const f = join(dir, 'deid.dcm');
    writeFileSync(f, w.bytes);
    const r = spawnSync('dcmdump', [f], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\(0012,0062\) CS \[YES\]/);
    expect(r.stdout).toMatch(/\(0008,0100\) SH \[113100\]/);
    expect(findIdentifiers(r.stdout)).toEqual([]);
  });
});

describe('deidentifyAttributes (attribute set for the library writers): an exact audit', () => {
  it('says removed for every table attribute the writers do not write (Patient Weight included)', async () => {
    const bytes = withElements(identifiedStudy(), [str(0x00101030, 'DS', '17.5'), str(0x00101020, 'DS', '1.02')]);
    const parsed = dicomParser.parseDicom(bytes);
    const v = await readDicom(bytes);
    const d = deidentifyDataset(parsed, v.metadata, { key: KEY }, v.data);
    const out = dicomParser.parseDicom(writeNmMultiframe(v, { style: 'siemens', deidentified: d }));
    const byKw = new Map(d.outcomes.map((o) => [o.keyword, o]));
    expect(byKw.get('PatientWeight')).toMatchObject({ outcome: 'removed', action: 'X' });
    expect(byKw.get('PatientSize')).toMatchObject({ outcome: 'removed' });
    expect(out.elements.x00101030).toBeUndefined();
    expect(d.outcomes.length).toBeGreaterThan(40);
    for (const o of d.outcomes) {
      if (o.tag >>> 16 === 2) continue; // file meta
      const el = out.elements[tag(o.tag)];
      if (o.outcome === 'removed') expect(el, o.keyword).toBeUndefined();
      else expect(el, o.keyword).toBeDefined();
      if (o.outcome === 'emptied') expect(el!.length, o.keyword).toBe(0);
      if (o.outcome === 'kept') expect(out.string(tag(o.tag)), o.keyword).toBe(parsed.string(tag(o.tag)));
      expect(parsed.elements[tag(o.tag)], `${o.keyword} is a source attribute`).toBeDefined();
    }
    for (const p of CONFIDENTIALITY_PROFILE) {
      if (out.elements[tag(p.tag)] !== undefined) expect(WRITTEN_BY_WRITERS.has(p.tag), p.keyword).toBe(true);
    }
  });
});

describe('single-frame series writer with identifiers / de-identified', () => {
  it('carries the fake identifiers, and none once de-identified', async () => {
    const { writeSingleFrameSeries } = await import('../../src/dicom-write/index.js');
    const v = simulated().volume;
    const files = writeSingleFrameSeries(v, { identifiers: F, modality: 'PT' });
    expect(files.length).toBe(64);
    const ds0 = dicomParser.parseDicom(files[0]!.bytes);
    expect(ds0.string('x00100010')).toBe(F.patientName);
    expect(ds0.string('x00080080')).toBe(F.institutionName);
    const d = deidentifyAttributes({ metadata: v.metadata, attributes: attributesFromDataSet(ds0) }, { key: KEY });
    const clean = writeSingleFrameSeries(v, { deidentified: d, modality: 'PT' });
    for (const f of clean) expect(findIdentifiers(latin1(f.bytes))).toEqual([]);
    expect(dicomParser.parseDicom(clean[0]!.bytes).string('x00120062')).toBe('YES');
  });
});

describeShared('de-identified copies of real vendor files (shared data)', () => {
  const files = ['dicom/nm/NM1_UNC.dcm', 'dicom/transfer-syntax/dcm_qa_ts/1.dcm', 'dicom/nm/NM_Lu177_TOMO_bed1_projections.dcm'];
  for (const f of files) {
    it(`${f}: exact audit, no source value of a removed/replaced attribute survives, the rest byte for byte`, () => {
      const src = sharedBytes(f);
      const parsed = parseDicomBytes(src);
      const attrs = attributesFromDataSet(parsed.dataSet);
      const w = deidentifyDicom(src, { key: KEY });
      const counts = checkAudit(src, w.bytes, w.audit);
      expect(counts.kept).toBeGreaterThan(10);
      const text = latin1(w.bytes);
      const outcome = new Map(w.audit.map((o) => [o.path, o.outcome]));
      let checked = 0;
      for (const [kw, value] of Object.entries(attrs)) {
        const entry = CONFIDENTIALITY_PROFILE.find((p) => p.keyword === kw);
        if (!entry) continue; // Manufacturer / model: kept on purpose
        const h = entry.tag.toString(16).toUpperCase().padStart(8, '0');
        const o = outcome.get(`(${h.slice(0, 4)},${h.slice(4)})`);
        expect(o, kw).toBeDefined();
        if (o === 'kept') continue;
        const v0 = value.trim();
        const plainNumber = /^-?\d*\.\d+$/.test(v0) || /^\d{1,4}$/.test(v0);
        if (v0.length < 4 || plainNumber || v0 === '(sequence)') continue;
        expect(text.includes(v0), `${kw} = ${v0}`).toBe(false);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(5);
      expect(w.uids.study).toBe(hashedUid(attrs.StudyInstanceUID!, KEY));
      // no private attribute is left
      for (const p of allPaths(dicomParser.parseDicom(w.bytes))) {
        const g = parseInt(p.slice(p.lastIndexOf('(') + 1, p.lastIndexOf('(') + 5), 16);
        expect(g & 1, p).toBe(0);
      }
    });
  }
});
