import { describe, expect, it } from 'vitest';
import { parseAalText, parseFslAtlasXml, parseLabelJson, parseLabelTsv, parseMricronLut, sideFromName } from '../../src/atlas/index.js';
import { AtlasError } from '../../src/errors.js';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';

const text = (rel: string): string => new TextDecoder('latin1').decode(sharedBytes(rel));
type Golden = { labels: { value: number; voxels: number }[]; n_labels_excluding_0: number };
const goldenValues = (rel: string): number[] => golden<Golden>(rel).labels.map((l) => l.value).filter((v) => v !== 0);

describe('label table parsers (small inputs)', () => {
  it('FSL XML: value = index + 1, entities decoded', () => {
    const t = parseFslAtlasXml('<data><label index="0" x="1" y="2" z="3">Caudate</label>\n<label index="7" x="0" y="0" z="0">Pons &amp; Medulla</label></data>');
    expect(t).toEqual([
      { value: 1, name: 'Caudate', side: 'M', group: 'unassigned' },
      { value: 8, name: 'Pons & Medulla', side: 'M', group: 'unassigned' },
    ]);
    expect(() => parseFslAtlasXml('<atlas></atlas>')).toThrow(expect.objectContaining({ code: 'INVALID_LABEL_TABLE' }));
    expect(() => parseFslAtlasXml('<label index="0">A</label><label index="0">B</label>')).toThrow(AtlasError);
  });
  it('AAL text, TSV, JSON', () => {
    expect(parseAalText('1 Precentral_L 2001\r\n\n2 Precentral_R 2002\n')).toEqual([
      { value: 1, name: 'Precentral_L', side: 'L', group: 'unassigned' },
      { value: 2, name: 'Precentral_R', side: 'R', group: 'unassigned' },
    ]);
    expect(() => parseAalText('x Precentral_L')).toThrow(expect.objectContaining({ code: 'INVALID_LABEL_TABLE' }));
    expect(parseLabelTsv('index\tname\tcolor\n0\tbackground\t#000\n3\tLeft_V\t#fff\n').map((l) => [l.value, l.name, l.side])).toEqual([[3, 'Left_V', 'L']]);
    expect(() => parseLabelTsv('a\tb\n1\tx')).toThrow(AtlasError);
    expect(parseLabelJson('[{"value":2,"name":"B"},{"index":1,"name":"A"}]').map((l) => l.value)).toEqual([1, 2]);
    expect(parseLabelJson('{"0":"bg","5":"Right_X"}')).toEqual([{ value: 5, name: 'Right_X', side: 'R', group: 'unassigned' }]);
    expect(() => parseLabelJson('{')).toThrow(expect.objectContaining({ code: 'INVALID_LABEL_TABLE' }));
    expect(() => parseLabelJson('[{"value":1.5,"name":"A"}]')).toThrow(AtlasError);
  });
  it('MRIcron LUT must be 768 bytes, planar RGB', () => {
    const b = new Uint8Array(768);
    b[5] = 10; b[256 + 5] = 20; b[512 + 5] = 30;
    expect(parseMricronLut(b)[5]).toEqual([10, 20, 30]);
    expect(() => parseMricronLut(new Uint8Array(767))).toThrow(expect.objectContaining({ code: 'INVALID_LABEL_TABLE' }));
  });
  it('sides from names', () => {
    expect(sideFromName('Cerebelum_Crus1_L')).toBe('L');
    expect(sideFromName('Right_CrusI')).toBe('R');
    expect(sideFromName('Vermis_VI')).toBe('M');
    expect(sideFromName('Frontal Lobe')).toBe('M');
  });
});

describeShared('label tables of the shared atlases', () => {
  it('FSL MNI.xml: 9 labels, values equal to the golden non-zero values', () => {
    const t = parseFslAtlasXml(text('nifti/atlases/fsl_mni/MNI.xml'));
    expect(t.map((l) => l.name)).toEqual(['Caudate', 'Cerebellum', 'Frontal Lobe', 'Insula', 'Occipital Lobe', 'Parietal Lobe', 'Putamen', 'Temporal Lobe', 'Thalamus']);
    expect(t.map((l) => l.value)).toEqual(goldenValues('nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii'));
  });
  it('AAL aal.nii.txt: 116 labels matching the golden values, 58 left / 58 right or midline', () => {
    const t = parseAalText(text('nifti/atlases/aal_mricron/aal.nii.txt'));
    expect(t.length).toBe(116);
    expect(t.map((l) => l.value)).toEqual(goldenValues('nifti/atlases/aal_mricron/aal.nii.gz'));
    expect(t[0]!.name).toBe('Precentral_L');
    expect(t.find((l) => l.value === 91)!.name).toBe('Cerebelum_Crus1_L');
    expect(t.filter((l) => l.side === 'L').length).toBe(t.filter((l) => l.side === 'R').length);
    expect(t.filter((l) => /^Vermis/.test(l.name)).every((l) => l.side === 'M')).toBe(true);
  });
  it('AAL aal.nii.lut: 256 planar colours', () => {
    const b = sharedBytes('nifti/atlases/aal_mricron/aal.nii.lut');
    const lut = parseMricronLut(b);
    expect(lut.length).toBe(256);
    for (const k of [0, 1, 91, 255]) expect(lut[k]).toEqual([b[k], b[256 + k], b[512 + k]]);
  });
  it('SUIT atl-Anatom.tsv: 34 labels matching the golden values', () => {
    const t = parseLabelTsv(text('nifti/atlases/suit_diedrichsen2009/atl-Anatom.tsv'));
    const g = golden<Golden>('nifti/atlases/suit_diedrichsen2009/atl-Anatom_space-MNI_dseg.nii');
    expect(t.length).toBe(g.n_labels_excluding_0);
    expect(t.map((l) => l.value)).toEqual(goldenValues('nifti/atlases/suit_diedrichsen2009/atl-Anatom_space-MNI_dseg.nii'));
    expect(t[0]).toEqual({ value: 1, name: 'Left_I_IV', side: 'L', group: 'unassigned' });
  });
});
