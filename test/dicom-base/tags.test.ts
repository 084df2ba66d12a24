/**
 * The one tag dictionary (src/dicom-base/tags.ts) and the one LPS/RAS conversion
 * (src/dicom-base/patient-frame.ts), checked against independent references: the keywords
 * against the attribute names of PS3.15 Table E.1-1 (the generated basic-profile table), the VRs
 * against what the writer writes (parsed back with dicom-parser, explicit VR), and the reader's
 * and the writer's geometry against each other and a hand-made LPS affine.
 */
import dicomParser from 'dicom-parser';
import { describe, expect, it } from 'vitest';
import { TAG, TAGS, TAG_BY_NUMBER, parserKey } from '../../src/dicom-base/tags.js';
import { lpsFromRas, rasFromLps } from '../../src/dicom-base/patient-frame.js';
import { CONFIDENTIALITY_PROFILE } from '../../src/dicom-write/deidentify/profile.js';
import { FAKE_IDENTIFIERS, NM_SERIES_STYLES, writeNmMultiframe, writeSingleFrameSeries } from '../../src/dicom-write/index.js';
import { dicomGeometry } from '../../src/dicom-write/geometry.js';
import { affineFromPlane, nmPlane, normalOf } from '../../src/dicom/geometry.js';
import { createVolume, type Volume } from '../../src/volume/volume.js';
import { obliqueVolume } from '../helpers/oblique-volume.js';

/** 6x5x4 volume, oblique orthogonal affine (rotation about z then x), RAS. */
const volume = (): Volume => obliqueVolume({
  dims: [6, 5, 4], angles: [0.4, -0.25], spacing: [3.5, 3.5, 4.5], origin: [-10.5, 22.25, -30],
  value: (i, j, k) => ((i + 6 * (j + 5 * k)) * 37) % 101,
});

describe('the tag dictionary', () => {
  it('is consistent: key = keyword, dicom-parser key = the number in hex, one entry per tag, a PS3.5 VR', () => {
    const entries = Object.entries(TAGS);
    expect(entries.length).toBeGreaterThan(150);
    for (const [k, d] of entries) {
      expect(d.keyword).toBe(k);
      expect(d.tag).toBe('x' + d.number.toString(16).padStart(8, '0'));
      expect(parserKey(d.number)).toBe(d.tag);
      expect(d.vr).toMatch(/^(AE|AS|AT|CS|DA|DS|DT|FD|FL|IS|LO|LT|OB|OD|OF|OL|OV|OW|PN|SH|SL|SQ|SS|ST|SV|TM|UC|UI|UL|UN|UR|US|UT|UV)$/);
      expect(TAG[k as keyof typeof TAG]).toBe(d.number);
      expect(TAG_BY_NUMBER.get(d.number)).toBe(d);
    }
    expect(TAG_BY_NUMBER.size).toBe(entries.length);
    // spot checks against PS3.6 by hand
    expect(TAG.PatientName).toBe(0x00100010);
    expect(TAGS.PixelData.tag).toBe('x7fe00010');
    expect(TAGS.SliceVector).toMatchObject({ number: 0x00540080, vr: 'US' });
  });

  it('names every attribute that PS3.15 Table E.1-1 also lists exactly as that table does', () => {
    let shared = 0;
    for (const p of CONFIDENTIALITY_PROFILE) {
      const d = TAG_BY_NUMBER.get(p.tag);
      if (!d) continue;
      shared++;
      expect(d.keyword, `(${p.tag.toString(16)}) ${p.name}`).toBe(p.keyword);
    }
    expect(shared).toBeGreaterThanOrEqual(55);
  });

  it('gives the VR the writer writes, for every dictionary attribute of every writer layout', () => {
    const v = volume();
    const files: Uint8Array[] = [];
    for (const style of ['ge', 'siemens', 'hermes'] as const) {
      files.push(writeNmMultiframe(style === 'ge' ? createVolume({ ...v, data: v.data.map(Math.round) }) : v, {
        style, seedForUids: 3, identifiers: FAKE_IDENTIFIERS, patient: { age: 61, sex: 'F' },
        radiopharmaceutical: { code: 'HMPAO', doseMBq: 740 }, seriesDescription: 'brain', manufacturerModel: 'X',
      }));
    }
    for (const nmStyle of NM_SERIES_STYLES) files.push(writeSingleFrameSeries(v, { modality: 'NM', nmStyle, seedForUids: 4 })[0]!.bytes);
    files.push(writeSingleFrameSeries(v, { modality: 'PT', seedForUids: 5, identifiers: FAKE_IDENTIFIERS })[0]!.bytes);
    const seen = new Set<string>();
    const mismatches: string[] = [];
    const walk = (ds: dicomParser.DataSet): void => {
      for (const el of Object.values(ds.elements)) {
        const d = TAG_BY_NUMBER.get(Number.parseInt(el.tag.slice(1), 16));
        if (d) {
          seen.add(d.keyword);
          if (el.vr !== d.vr) mismatches.push(`${d.keyword}: written ${el.vr}, dictionary ${d.vr}`);
        }
        for (const item of el.items ?? []) if (item.dataSet) walk(item.dataSet);
      }
    };
    for (const f of files) walk(dicomParser.parseDicom(f));
    expect(mismatches).toEqual([]);
    expect(seen.size).toBeGreaterThan(100);
  });
});

describe('the one LPS/RAS conversion', () => {
  it('negates x and y and is its own inverse', () => {
    const lps = new Float64Array([0, 0, 4, -100, 2, 0, 0, 50, 0, -2, 0, 7, 0, 0, 0, 1]);
    expect(Array.from(rasFromLps(lps), (x) => x + 0)).toEqual([0, 0, -4, 100, -2, 0, 0, -50, 0, -2, 0, 7, 0, 0, 0, 1]);
    const v = volume();
    expect(Array.from(rasFromLps(lpsFromRas(v.affine)))).toEqual(Array.from(v.affine));
  });

  it('the reader puts back the affine the writer took apart (oblique, both slice orders)', () => {
    const v = volume();
    for (const sign of ['positive', 'negative'] as const) {
      const g = dicomGeometry(v, sign);
      const o = g.orientation;
      const ds = dicomParser.parseDicom(writeNmMultiframe(v, { style: sign === 'negative' ? 'ge' : 'siemens', seedForUids: 1 }));
      const plane = nmPlane(ds).plane;
      for (let i = 0; i < 3; i++) {
        expect(plane.row[i]!).toBeCloseTo(o[i]!, 6);
        expect(plane.col[i]!).toBeCloseTo(o[3 + i]!, 6);
      }
      // frame 0 holds slice frameToSlice[0]; rebuild the RAS affine from the DICOM plane and step
      const n = normalOf(plane);
      const s = g.spacingBetweenSlices;
      const back = affineFromPlane({ ...plane, ipp: g.framePositions[0]! }, g.pixelSpacing[1], g.pixelSpacing[0], [n[0] * s, n[1] * s, n[2] * s]);
      const k0 = g.frameToSlice[0]!;
      const dir = k0 === 0 ? 1 : -1;
      for (let r = 0; r < 3; r++) {
        expect(back[4 * r]!).toBeCloseTo(v.affine[4 * r]!, 4);
        expect(back[4 * r + 1]!).toBeCloseTo(v.affine[4 * r + 1]!, 4);
        expect(back[4 * r + 2]!).toBeCloseTo(dir * v.affine[4 * r + 2]!, 4);
        const origin = v.affine[4 * r + 3]! + k0 * v.affine[4 * r + 2]!;
        expect(back[4 * r + 3]!).toBeCloseTo(origin, 3);
      }
    }
  });
});
