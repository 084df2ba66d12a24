import { describe, expect, it } from 'vitest';
import {
  aalGroups,
  fslMniGroups,
  groupMask,
  loadLabelAtlas,
  parseAalText,
  parseFslAtlasXml,
  parseLabelTsv,
  suitGroups,
  type AtlasLabel,
} from '../../src/atlas/index.js';
import { readNiftiLabels } from '../../src/nifti/index.js';
import { describeShared, golden, sharedBytes } from '../helpers/shared-data.js';

const text = (rel: string): string => new TextDecoder('latin1').decode(sharedBytes(rel));
type Golden = { labels: { value: number; voxels: number }[] };
const goldenCount = (rel: string, values: readonly number[]): number =>
  golden<Golden>(rel).labels.filter((l) => values.includes(l.value)).reduce((s, l) => s + l.voxels, 0);
const count = (m: Uint8Array): number => m.reduce((s, v) => s + v, 0);

const table: AtlasLabel[] = [
  { value: 1, name: 'A_L', side: 'L', group: 'unassigned' },
  { value: 2, name: 'B_R', side: 'R', group: 'unassigned' },
];
const affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

describe('loadLabelAtlas (small inputs)', () => {
  it('builds an atlas and reports unlisted values and unknown group members', () => {
    const a = loadLabelAtlas({ labels: [0, 1, 2, 7, 1, 0, 0, 2], dims: [2, 2, 2], affine }, table, { both: [1, 2], odd: [1, 99] });
    expect(Array.from(a.labels)).toEqual([0, 1, 2, 7, 1, 0, 0, 2]);
    expect(a.groups.odd).toEqual([1]);
    expect(count(groupMask(a, 'both'))).toBe(4);
    expect(a.issues.map((i) => i.code).sort()).toEqual(['ATLAS_GROUP_UNKNOWN_LABEL', 'ATLAS_UNLISTED_VALUES']);
  });
  it('rejects non-integer labels, size mismatch and an empty table with ATLAS_ERROR', () => {
    const bad = (labels: number[], dims = [2, 1, 1], t = table) => () => loadLabelAtlas({ labels, dims, affine }, t, {});
    expect(bad([0, 1.5])).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
    expect(bad([0, 40000])).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
    expect(bad([0, 1, 2])).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
    expect(bad([0, 1], [2, 1, 1], [])).toThrow(expect.objectContaining({ code: 'ATLAS_ERROR' }));
    expect(() => loadLabelAtlas({ labels: [0, 1], dims: [2, 1, 1], affine: [Number.NaN, ...affine.slice(1)] }, table, {})).toThrow(
      expect.objectContaining({ code: 'INVALID_GEOMETRY' }),
    );
  });
});

describeShared('external atlases with presets', () => {
  it('FSL MNI maxprob + MNI.xml: group voxel counts equal the golden label counts', () => {
    const rel = 'nifti/atlases/fsl_mni/MNI-maxprob-thr25-2mm.nii';
    const a = loadLabelAtlas(readNiftiLabels(sharedBytes(rel)), parseFslAtlasXml(text('nifti/atlases/fsl_mni/MNI.xml')), fslMniGroups, { name: 'FSL MNI' });
    expect(a.issues).toEqual([]);
    expect(count(groupMask(a, 'cerebellum'))).toBe(goldenCount(rel, [2]));
    expect(count(groupMask(a, 'cerebralCortex'))).toBe(goldenCount(rel, [3, 4, 5, 6, 8]));
    expect(a.affine[0]).toBe(-2); // stored LAS, affine kept as is
  });
  it('AAL + aal.nii.txt: cerebellum 91-116, hemispheres by side, cortex', () => {
    const rel = 'nifti/atlases/aal_mricron/aal.nii.gz';
    const t = parseAalText(text('nifti/atlases/aal_mricron/aal.nii.txt'));
    const a = loadLabelAtlas(readNiftiLabels(sharedBytes(rel)), t, aalGroups);
    expect(a.dims).toEqual([181, 217, 181]);
    expect(a.groups.cerebellumLeft).toEqual([91, 93, 95, 97, 99, 101, 103, 105, 107]);
    expect(a.groups.cerebellumRight).toEqual([92, 94, 96, 98, 100, 102, 104, 106, 108]);
    const range = (x: number, y: number) => Array.from({ length: y - x + 1 }, (_, i) => x + i);
    expect(count(groupMask(a, 'cerebellum'))).toBe(goldenCount(rel, range(91, 116)));
    expect(count(groupMask(a, 'vermis'))).toBe(goldenCount(rel, range(109, 116)));
    expect(a.groups.cerebralCortex!.length).toBe(80);
    expect(a.groups.cortexLeft!.length).toBe(40);
  });
  it('SUIT cerebellar atlas + tsv: all labels cerebellum, 28 lobules + 6 nuclei', () => {
    const rel = 'nifti/atlases/suit_diedrichsen2009/atl-Anatom_space-MNI_dseg.nii';
    const t = parseLabelTsv(text('nifti/atlases/suit_diedrichsen2009/atl-Anatom.tsv'));
    const a = loadLabelAtlas(readNiftiLabels(sharedBytes(rel)), t, suitGroups);
    expect(a.dims).toEqual([153, 103, 84]);
    expect(a.groups.cerebellum!.length).toBe(34);
    expect(a.groups.vermis!.length).toBe(8);
    expect(a.groups.cerebellarNuclei!.length).toBe(6);
    expect(a.groups.cerebellumLeft!.length).toBe(a.groups.cerebellumRight!.length);
    expect(count(groupMask(a, 'cerebellum'))).toBe(goldenCount(rel, t.map((l) => l.value)));
  });
});
