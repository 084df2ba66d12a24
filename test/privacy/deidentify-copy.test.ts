/**
 * Regression tests of issue 14 (De-identification): the de-identified copy is
 * the source dataset with the profile applied. Sources are written by the
 * project's writer (writeNmMultiframeWithInfo) and then given acquisition
 * attributes that differ from the writer's defaults (no attenuation or scatter
 * correction, 6 degree steps, 60 frames, 25 s frames, two energy windows, an
 * ECD radiopharmaceutical text), identifiers in nested sequences, private
 * groups, curves and an overlay.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/index.js';
import { codeItem, ds, is, ob, ow, sq, str, us, wrapPart10, type Element } from '../../src/dicom-write/encoder.js';
import { isSpectError } from '../../src/errors.js';
import type { DataSet } from 'dicom-parser';
import { FAKE_IDENTIFIERS, writeDeidentifiedNm, writeNmMultiframeWithInfo, type NmStyle } from '../../src/dicom-write/index.js';
import { deidentifyDicom, hashedUid, type AuditEntry } from '../../src/dicom-write/deidentify/index.js';
import { allPaths, checkAudit, parse } from './audit-check.js';
import { metaEnd, rawValue, sameBytes, toBigEndian, toImplicit, withElements } from './dicom-edit.js';
import { findIdentifiers, latin1 } from './scan.js';
import { simulated } from './study.js';

const KEY = 'copy-test-key';
const F = FAKE_IDENTIFIERS;
const dir = mkdtempSync(join(tmpdir(), 'privacy-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Acquisition and reconstruction attributes unlike the writer's defaults, plus identifiers in places the writer never uses. */
function sourceStudy(style: NmStyle): Uint8Array {
  const base = writeNmMultiframeWithInfo(simulated().volume, {
    style, identifiers: F, patient: { sex: 'F' }, radiopharmaceutical: { code: 'ECD', doseMBq: 740 },
  }).bytes;
  const extra: Element[] = [
    str(0x00280051, 'CS', ['DECY', 'COR']), // Corrected Image: no ATTN, no SCAT
    str(0x00101030, 'DS', '17.5'), // Patient's Weight (kept under 113108)
    str(0x00101020, 'DS', '1.02'), // Patient's Size
    str(0x00102180, 'SH', 'ACTRESS'), // Occupation (X)
    sq(0x00540012, [ // Energy Window Information Sequence: two windows
      [sq(0x00540013, [[ds(0x00540014, 129.5), ds(0x00540015, 150.5)]]), str(0x00540018, 'SH', 'TC99M_PEAK')],
      [sq(0x00540013, [[ds(0x00540014, 108.2), ds(0x00540015, 125.8)]]), str(0x00540018, 'SH', 'SCATTER_LOW')],
    ]),
    sq(0x00540016, [[ // Radiopharmaceutical Information Sequence, with start time / datetime (X) inside
      str(0x00180031, 'LO', 'Neurolite bicisate kit lot 22A'),
      str(0x00181072, 'TM', '083000'),
      str(0x00181078, 'DT', '20250611083000'),
      ds(0x00181074, 740),
      sq(0x00540300, [codeItem('72454006', 'SCT', '^99m^Technetium')]),
    ]]),
    sq(0x00540052, [[ // NM TOMO Acquisition: 6 degree steps, 60 frames of 25 s, CC
      ds(0x00540200, 12), ds(0x00181144, 6), str(0x00181140, 'CS', 'CC'), ds(0x00181143, 360),
      is(0x00181242, 25000), us(0x00540053, 60), ds(0x00181142, 180),
    ]]),
    str(0x00540202, 'CS', 'CONTINUOUS'),
    str(0x00181210, 'SH', 'OSEM8I4S'),
    str(0x00181100, 'DS', '256'),
    sq(0x00081140, [[str(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.20'), str(0x00081155, 'UI', F.sopInstanceUid + '.77')]]),
    sq(0x00081110, [[str(0x00081150, 'UI', '1.2.840.10008.3.1.2.3.1'), str(0x00081155, 'UI', F.studyInstanceUid + '.5')]]),
    sq(0x00082112, [[str(0x00081150, 'UI', '1.2.840.10008.5.1.4.1.1.20'), str(0x00081155, 'UI', F.sopInstanceUid + '.78')]]),
    sq(0x00400275, [[str(0x00401001, 'SH', 'RP-5521'), str(0x00321060, 'LO', 'Brain SPECT for DOE^JANE')]]),
    sq(0x00400260, [[...codeItem('BRAIN-PERF', '99LOCAL', 'Brain perfusion'), str(0x00080080, 'LO', F.institutionName)]]),
    // private group with a creator and a name in it
    str(0x00090010, 'LO', 'SIEMENS MED NM'),
    str(0x00091010, 'LO', F.patientName),
    str(0x00291008, 'CS', 'NM'),
    // curve (50xx) and overlay (60xx) groups
    us(0x50000005, 1),
    str(0x50000022, 'LO', 'Doe time activity curve'),
    ow(0x50003000, new Uint8Array(16)),
    us(0x60000010, 64), us(0x60000011, 64), str(0x60000040, 'CS', 'G'), ds(0x60000050, [1, 1]),
    us(0x60000100, 1), us(0x60000102, 0), ow(0x60003000, new Uint8Array(512)),
    str(0x60004000, 'LT', 'Jane Doe left temporal note'),
  ];
  return withElements(base, extra);
}

describe.each<NmStyle>(['siemens', 'ge', 'hermes'])('de-identified copy of a %s-style NM study', (style) => {
  const src = sourceStudy(style);
  const w = deidentifyDicom(src, { key: KEY });
  const a = parse(src);
  const b = parse(w.bytes);

  it('keeps acquisition and reconstruction attributes byte for byte (no-AC stays no-AC)', () => {
    expect(b.string('x00280051')).toBe('DECY\\COR');
    const unchanged = ['x00280051', 'x00540012', 'x00540052', 'x00280008', 'x00540202', 'x00181210', 'x00181100', 'x00280030',
      'x00180050', 'x00180088', 'x00540022', 'x00540080', 'x00080070', 'x00081090', 'x00080008', 'x7fe00010'];
    for (const k of unchanged) {
      if (!a.elements[k]) continue;
      expect(b.elements[k], k).toBeDefined();
      expect(sameBytes(rawValue(a, k), rawValue(b, k)), k).toBe(true);
    }
    const tomo = b.elements.x00540052!.items![0]!.dataSet!;
    expect(tomo.floatString('x00181144')).toBe(6); // angular step
    expect(tomo.uint16('x00540053')).toBe(60); // number of frames in rotation
    expect(tomo.intString('x00181242')).toBe(25000); // actual frame duration
    expect(b.intString('x00280008')).toBe(64);
    const win = b.elements.x00540012!.items!.map((i) => i.dataSet!.string('x00540018'));
    expect(win).toEqual(['TC99M_PEAK', 'SCATTER_LOW']);
    const rp = b.elements.x00540016!.items![0]!.dataSet!;
    expect(rp.string('x00180031')).toBe('Neurolite bicisate kit lot 22A');
    expect(rp.floatString('x00181074')).toBe(740);
    expect(rp.elements.x00540300!.items![0]!.dataSet!.string('x00080100')).toBe('72454006');
    // inside the radiopharmaceutical item only the start time and datetime (X) went away
    expect(rp.elements.x00181072).toBeUndefined();
    expect(rp.elements.x00181078).toBeUndefined();
  });

  it('reads back as the same volume with the same metadata', async () => {
    const v0 = await readDicom(src);
    const v1 = await readDicom(w.bytes);
    expect(v1.dims).toEqual(v0.dims);
    expect(Array.from(v1.affine)).toEqual(Array.from(v0.affine));
    expect(sameBytes(new Uint8Array(v1.data.buffer), new Uint8Array(v0.data.buffer))).toBe(true);
    expect(v1.metadata.radiopharmaceutical).toEqual(v0.metadata.radiopharmaceutical);
    expect(v1.metadata.patientAgeYears).toBe(3); // derived from birth and study dates before they were removed
    expect(v1.metadata.patientSex).toBe('F');
    expect(v1.metadata.manufacturerModel).toBe(v0.metadata.manufacturerModel);
    expect(v1.metadata.totalCounts).toBe(v0.metadata.totalCounts);
    expect(v1.metadata.studyInstanceUid).toBe(hashedUid(F.studyInstanceUid, KEY));
  });

  it('has an exact audit (kept = same bytes, removed = absent, nothing unaccounted)', () => {
    const counts = checkAudit(src, w.bytes, w.audit);
    expect(counts.removed).toBeGreaterThan(30);
    const byPath = new Map(w.audit.map((e) => [e.path, e]));
    expect(byPath.get('(0010,1030)')).toMatchObject({ outcome: 'kept', rule: 'retain-patient-characteristics' });
    expect(b.string('x00101030')).toBe('17.5');
    expect(byPath.get('(0010,2180)')).toMatchObject({ outcome: 'removed', code: 'X' });
    expect(byPath.get('(0028,0051)')).toMatchObject({ outcome: 'kept', rule: 'not-listed', code: null });
    expect(byPath.get('(0054,0016)')).toMatchObject({ outcome: 'cleaned', rule: 'not-listed' });
    expect(byPath.get('(0054,0016)[0](0018,1072)')).toMatchObject({ outcome: 'removed', code: 'X' });
    expect(byPath.get('(0054,0012)')).toMatchObject({ outcome: 'kept' });
    expect(byPath.get('(0008,1140)')).toMatchObject({ outcome: 'removed', code: 'X/Z/U*', action: 'X' });
    expect(byPath.get('(0008,1110)')).toMatchObject({ outcome: 'removed', code: 'X/Z', action: 'X' });
    expect(byPath.get('(0040,0275)')).toMatchObject({ outcome: 'removed', code: 'X' });
    expect(byPath.get('(0040,0260)[0](0008,0080)')).toMatchObject({ outcome: 'removed', code: 'X/Z/D' });
    expect(byPath.get('(0010,0010)')).toMatchObject({ outcome: 'replaced' });
    expect(byPath.get('(0010,1010)')).toMatchObject({ outcome: 'added', rule: 'retain-patient-characteristics' });
    expect(byPath.get('(0020,000D)')).toMatchObject({ outcome: 'replaced', action: 'U' });
  });

  it('removes private groups, curves and overlays, and every identifier', () => {
    for (const p of allPaths(b)) {
      const g = parseInt(p.slice(p.lastIndexOf('(') + 1, p.lastIndexOf('(') + 5), 16);
      expect(g & 1, p).toBe(0);
      expect(g >= 0x5000 && g <= 0x50ff, p).toBe(false);
      expect(g >= 0x6000 && g <= 0x60ff, p).toBe(false);
    }
    const rules = new Set(w.audit.filter((e) => e.outcome === 'removed').map((e) => e.rule));
    expect([...rules].sort()).toEqual(expect.arrayContaining(['curve', 'overlay', 'private', 'table']));
    expect(findIdentifiers(latin1(w.bytes))).toEqual([]);
    expect(latin1(w.bytes)).not.toContain('Jane Doe');
    // the source does carry them (the test can fail)
    expect(findIdentifiers(latin1(src)).length).toBeGreaterThan(10);
    expect(b.string('x00120062')).toBe('YES');
    expect(b.string('x00100010')).toBe(w.pseudonym);
    expect(b.string('x00020003')).toBe(b.string('x00080018'));
    expect(b.string('x00080018')).toBe(hashedUid(F.sopInstanceUid, KEY));
  });
});

describe('writeDeidentifiedNm', () => {
  const src = sourceStudy('siemens');

  it('is the file copy, and refuses to re-synthesise or to pair a foreign volume', async () => {
    const v = await readDicom(src);
    const w = writeDeidentifiedNm(v, { metadata: v.metadata, file: src }, { key: KEY });
    expect(sameBytes(w.bytes, deidentifyDicom(src, { key: KEY, data: v.data }).bytes)).toBe(true);
    expect(() => writeDeidentifiedNm(v, null, { key: KEY })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    expect(() => writeDeidentifiedNm(v, { metadata: v.metadata }, { key: KEY })).toThrow(expect.objectContaining({ code: 'INVALID_PARAMETER' }));
    const other = { ...v, dims: [32, 32, 32] as const };
    expect(() => writeDeidentifiedNm(other, { metadata: v.metadata, file: src }, { key: KEY })).toThrow(
      expect.objectContaining({ code: 'INVALID_PARAMETER' }),
    );
  });

  it('shifts every date under Modified Dates and keeps the rest', () => {
    const w = deidentifyDicom(src, { key: KEY, dates: { mode: 'shift', days: -400 } });
    const b = parse(w.bytes);
    expect(b.string('x00080020')).toBe('20240507'); // 2025-06-11 - 400 days
    expect(b.string('x00080022')).toBe('20240507');
    expect(b.string('x00080030') ?? '').toBe(''); // times of day emptied
    expect(b.string('x00280303')).toBe('MODIFIED');
    expect(b.elements.x00120064!.items!.map((i) => i.dataSet!.string('x00080100'))).toEqual(['113100', '113108', '113107']);
    expect(b.elements.x00100030!.length).toBe(0); // birth date: Z, never shifted into the file
    expect(b.string('x00280051')).toBe('DECY\\COR');
    checkAudit(src, w.bytes, w.audit);
  });

  it('copies an Implicit VR Little Endian source as Implicit VR, with the same audit outcomes', async () => {
    const imp = toImplicit(src);
    const wi = deidentifyDicom(imp, { key: KEY });
    const we = deidentifyDicom(src, { key: KEY });
    expect(wi.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    const outcomes = (au: readonly AuditEntry[]) =>
      au.filter((e) => e.tag >>> 16 !== 2).map((e) => `${e.path} ${e.outcome}`).sort();
    expect(outcomes(wi.audit)).toEqual(outcomes(we.audit));
    checkAudit(imp, wi.bytes, wi.audit);
    const v0 = await readDicom(src);
    const v1 = await readDicom(wi.bytes);
    expect(sameBytes(new Uint8Array(v1.data.buffer), new Uint8Array(v0.data.buffer))).toBe(true);
    expect(findIdentifiers(latin1(wi.bytes))).toEqual([]);
  });

  it('dcmdump reads the copy: no-AC, 6 degree steps, no identifiers (skipped without dcmtk)', (ctx) => {
    if (spawnSync('which', ['dcmdump']).status !== 0) {
      if (process.env.REQUIRE_DICOM_TOOLS === '1') throw new Error('dcmdump is required (REQUIRE_DICOM_TOOLS=1)');
      ctx.skip();
    }
    const w = deidentifyDicom(src, { key: KEY });
    const f = join(dir, 'copy.dcm');
    writeFileSync(f, w.bytes);
    const r = spawnSync('dcmdump', ['+P', '0028,0051', '+P', '0018,1144', '+P', '0054,0053', '+P', '0018,1242', '+P', '0054,0018', f], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\(0028,0051\) CS \[DECY\\COR\]/);
    expect(r.stdout).toMatch(/\(0018,1144\) DS \[6\]/);
    expect(r.stdout).toMatch(/\(0054,0053\) US 60/);
    expect(r.stdout).toMatch(/\(0018,1242\) IS \[25000\]/);
    expect(r.stdout).toMatch(/SCATTER_LOW/);
    const full = spawnSync('dcmdump', ['-E', f], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(full.status).toBe(0);
    expect(full.stderr).not.toMatch(/E:/);
    expect(findIdentifiers(full.stdout)).toEqual([]);
  });
});


/** RLE Lossless (PS3.5 G.3) of 16-bit frames with literal runs only: the same file with encapsulated Pixel Data. */
function toRle(bytes: Uint8Array): Uint8Array {
  const d = parse(bytes);
  const rows = d.uint16('x00280010')!;
  const cols = d.uint16('x00280011')!;
  const frames = d.intString('x00280008')!;
  const px = rawValue(d, 'x7fe00010');
  const n = rows * cols;
  const literal = (src: number[]): number[] => {
    const out: number[] = [];
    for (let i = 0; i < src.length; i += 128) {
      const run = src.slice(i, i + 128);
      out.push(run.length - 1, ...run);
    }
    if (out.length & 1) out.push(0);
    return out;
  };
  const item = (tag: number, body: Uint8Array): Uint8Array => {
    const h = new Uint8Array(8 + body.length);
    const v = new DataView(h.buffer);
    v.setUint16(0, 0xfffe, true);
    v.setUint16(2, tag, true);
    v.setUint32(4, body.length, true);
    h.set(body, 8);
    return h;
  };
  const parts: Uint8Array[] = [item(0xe000, new Uint8Array(0))];
  for (let f = 0; f < frames; f++) {
    const hi: number[] = [];
    const lo: number[] = [];
    for (let i = 0; i < n; i++) {
      lo.push(px[(f * n + i) * 2]!);
      hi.push(px[(f * n + i) * 2 + 1]!);
    }
    const s1 = literal(hi);
    const s2 = literal(lo);
    const header = new Uint8Array(64);
    const hv = new DataView(header.buffer);
    hv.setUint32(0, 2, true);
    hv.setUint32(4, 64, true);
    hv.setUint32(8, 64 + s1.length, true);
    parts.push(item(0xe000, new Uint8Array([...header, ...s1, ...s2])));
  }
  parts.push(item(0xe0dd, new Uint8Array(0)));
  const pixelHeader = new Uint8Array(12);
  const pv = new DataView(pixelHeader.buffer);
  pv.setUint16(0, 0x7fe0, true);
  pv.setUint16(2, 0x0010, true);
  pixelHeader[4] = 0x4f; // 'O'
  pixelHeader[5] = 0x42; // 'B'
  pv.setUint32(8, 0xffffffff, true);
  const noPixels = withElements(bytes, [], [0x7fe00010]);
  const body = noPixels.subarray(metaEnd(noPixels));
  const meta: Element[] = [
    ob(0x00020001, new Uint8Array([0, 1])),
    str(0x00020002, 'UI', d.string('x00020002')!),
    str(0x00020003, 'UI', d.string('x00020003')!),
    str(0x00020010, 'UI', '1.2.840.10008.1.2.5'),
    str(0x00020012, 'UI', '2.25.1'),
  ];
  const all = [body, pixelHeader, ...parts];
  const total = all.reduce((s, p) => s + p.length, 0);
  const joined = new Uint8Array(total);
  let o = 0;
  for (const p of all) {
    joined.set(p, o);
    o += p.length;
  }
  return wrapPart10(meta, joined);
}

describe('IOD conformance of the copies (dciodvfy)', () => {
  it('adds no dciodvfy error to the source, for the three styles and shifted dates (skipped without dicom3tools)', (ctx) => {
    if (spawnSync('which', ['dciodvfy']).status !== 0) {
      if (process.env.REQUIRE_DICOM_TOOLS === '1') throw new Error('dciodvfy is required (REQUIRE_DICOM_TOOLS=1)');
      ctx.skip();
    }
    const errors = (b: Uint8Array, name: string): string[] => {
      const f = join(dir, name);
      writeFileSync(f, b);
      const r = spawnSync('dciodvfy', [f], { encoding: 'utf8' });
      expect((r.stdout + r.stderr).length).toBeGreaterThan(0);
      return (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith('Error'));
    };
    for (const style of ['siemens', 'ge', 'hermes'] as const) {
      const src = sourceStudy(style);
      const before = new Set(errors(src, `${style}-src.dcm`));
      for (const dates of [{ mode: 'remove' as const }, { mode: 'shift' as const, days: -400 }]) {
        const after = errors(deidentifyDicom(src, { key: KEY, dates }).bytes, `${style}-${dates.mode}.dcm`);
        for (const e of after) expect(before.has(e), `${style} ${dates.mode}: ${e}`).toBe(true);
      }
    }
  });
});

describe('encapsulated and hostile sources', () => {
  const src = sourceStudy('siemens');

  it('copies RLE-encapsulated Pixel Data as it is, in the same transfer syntax', async () => {
    const rle = toRle(src);
    const v0 = await readDicom(src);
    expect(sameBytes(new Uint8Array((await readDicom(rle)).data.buffer), new Uint8Array(v0.data.buffer))).toBe(true);
    const w = deidentifyDicom(rle, { key: KEY });
    expect(w.transferSyntaxUid).toBe('1.2.840.10008.1.2.5');
    const a = parse(rle);
    const b = parse(w.bytes);
    const span = (d: DataSet) => {
      const e = d.elements.x7fe00010!;
      return d.byteArray.subarray(e.dataOffset, e.dataOffset + e.length);
    };
    expect(sameBytes(span(a), span(b))).toBe(true);
    const v1 = await readDicom(w.bytes);
    expect(sameBytes(new Uint8Array(v1.data.buffer), new Uint8Array(v0.data.buffer))).toBe(true);
    expect(findIdentifiers(latin1(w.bytes))).toEqual([]);
    expect(b.string('x00280051')).toBe('DECY\\COR');
  });

  it('converts an Explicit VR Big Endian source to Little Endian, values intact, same audit outcomes', async () => {
    const be = toBigEndian(src);
    const v0 = await readDicom(src);
    const vb = await readDicom(be);
    expect(sameBytes(new Uint8Array(vb.data.buffer), new Uint8Array(v0.data.buffer))).toBe(true); // the converter is right
    const w = deidentifyDicom(be, { key: KEY });
    const wl = deidentifyDicom(src, { key: KEY });
    expect(w.transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
    expect(sameBytes(w.bytes.subarray(metaEnd(w.bytes)), wl.bytes.subarray(metaEnd(wl.bytes)))).toBe(true);
    const v1 = await readDicom(w.bytes);
    expect(sameBytes(new Uint8Array(v1.data.buffer), new Uint8Array(v0.data.buffer))).toBe(true);
    expect(parse(w.bytes).elements.x00540052!.items![0]!.dataSet!.uint16('x00540053')).toBe(60);
  });

  it('turns damaged sources into typed errors (600 truncations and byte flips, deterministic)', () => {
    let seed = 1471;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const codes: Record<string, number> = {};
    let ok = 0;
    const headerEnd = metaEnd(src) + 6000; // mutate the attributes, not the pixels
    for (let k = 0; k < 600; k++) {
      let m: Uint8Array;
      if (k % 3 === 0) m = src.subarray(0, Math.floor(rnd() * headerEnd));
      else {
        m = src.slice();
        for (let j = 0; j < 1 + (k % 4); j++) m[Math.floor(rnd() * headerEnd)] = Math.floor(rnd() * 256);
      }
      try {
        deidentifyDicom(m, { key: KEY });
        ok++;
      } catch (e) {
        if (!isSpectError(e)) throw e;
        codes[e.code] = (codes[e.code] ?? 0) + 1;
      }
    }
    expect(ok + Object.values(codes).reduce((x, y) => x + y, 0)).toBe(600);
    expect(ok).toBeGreaterThan(0);
    // measured: 346 copies, TRUNCATED 204, MALFORMED 45, NOT_DICOM 4, INVALID_ATTRIBUTE 1
    for (const c of Object.keys(codes)) expect(['TRUNCATED', 'MALFORMED', 'NOT_DICOM', 'INVALID_ATTRIBUTE', 'UNSUPPORTED_TRANSFER_SYNTAX', 'RESOURCE_LIMIT', 'UNREPRESENTABLE_VALUES']).toContain(c);
  });
});
