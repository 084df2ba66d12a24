/**
 * Where the attenuation-correction status comes from: DICOM Corrected Image (0028,0051) and
 * Attenuation Correction Method (0054,1101), the NIfTI JSON sidecar's AttenuationCorrection,
 * Interfile 3.3 keys; files written by the project's own writers (both values) and hand-made
 * datasets for the cases the writers do not produce.
 */
import { describe, expect, it } from 'vitest';
import dicomParser from 'dicom-parser';
import { readDicom, assembleSeries } from '../../src/dicom/index.js';
import { attenuationCorrectedOf } from '../../src/dicom/metadata.js';
import { readInterfile } from '../../src/interfile/index.js';
import { readNiftiWithSidecar } from '../../src/nifti/index.js';
import { renderStudy, simulateStudy } from '../../src/simulate/index.js';
import { syntheticSource } from '../simulate/synthetic-source.js';

const src = syntheticSource();
const sim = (mu: number) => simulateStudy(src, { cerebellarFactor: 1, matrix: 64, voxelSizeMm: 4, fwhmMm: 0, noise: false, attenuationPerCm: mu }, 4);

/** A minimal explicit-little-endian dataset holding the given CS/LO elements (group 0028 / 0054). */
function dataset(elements: [number, string, string][]): ReturnType<typeof dicomParser.parseDicom> {
  const parts: number[] = [];
  for (const [tag, vr, value] of elements) {
    const v = value.length % 2 ? value + ' ' : value;
    parts.push(tag >>> 16 & 0xff, tag >>> 24, tag & 0xff, (tag >>> 8) & 0xff, vr.charCodeAt(0), vr.charCodeAt(1), v.length & 0xff, v.length >> 8);
    for (const ch of v) parts.push(ch.charCodeAt(0));
  }
  return dicomParser.parseDicom(new Uint8Array(parts), { TransferSyntaxUID: '1.2.840.10008.1.2.1' });
}

describe('attenuation-correction status', () => {
  for (const format of ['ge', 'siemens', 'hermes', 'series'] as const) {
    it(`${format}: the writer's Corrected Image says ATTN only for a corrected study, and the reader says so`, async () => {
      for (const [mu, want] of [[0, true], [0.13, false]] as const) {
        const files = renderStudy(sim(mu), { format }).files;
        const v = format === 'series' ? await assembleSeries(files.filter((f) => f.name.endsWith('.dcm'))) : await readDicom(files[0]!.bytes);
        expect(v.metadata.attenuationCorrected).toBe(want);
        expect(v.metadata.attenuationSource).toBe('dicom');
      }
    });
  }

  it('DICOM rules: ATTN wins; a method of NONE or a Corrected Image without ATTN is false; neither is unknown', () => {
    expect(attenuationCorrectedOf(dataset([[0x00280051, 'CS', 'DECY\\ATTN']]))).toBe(true);
    expect(attenuationCorrectedOf(dataset([[0x00280051, 'CS', 'UNIF\\COR']]))).toBe(false);
    expect(attenuationCorrectedOf(dataset([[0x00280051, 'CS', 'UNIF'], [0x00541101, 'LO', 'measured']]))).toBe(true);
    expect(attenuationCorrectedOf(dataset([[0x00541101, 'LO', 'NONE']]))).toBe(false);
    expect(attenuationCorrectedOf(dataset([[0x00541101, 'LO', 'Chang mu=0.12']]))).toBe(true);
    expect(attenuationCorrectedOf(dataset([[0x00280030, 'DS', '4\\4']]))).toBeNull();
  });

  it('NIfTI: the sidecar says corrected or not (boolean or method text); without sidecar the status is unknown', () => {
    const files = renderStudy(sim(0.13), { format: 'nifti', sidecar: true }).files;
    const nii = files[0]!.bytes;
    expect(readNiftiWithSidecar(nii, files[1]!.bytes).metadata.attenuationCorrected).toBe(false);
    expect(readNiftiWithSidecar(nii, files[1]!.bytes).metadata.attenuationSource).toBe('sidecar');
    const json = (o: object) => new TextEncoder().encode(JSON.stringify(o));
    expect(readNiftiWithSidecar(nii, json({ AttenuationCorrection: true })).metadata.attenuationCorrected).toBe(true);
    expect(readNiftiWithSidecar(nii, json({ AttenuationCorrection: 'CT-based' })).metadata.attenuationCorrected).toBe(true);
    expect(readNiftiWithSidecar(nii, json({ AttenuationCorrection: 'None' })).metadata.attenuationCorrected).toBe(false);
    const bad = readNiftiWithSidecar(nii, json({ AttenuationCorrection: 3 }));
    expect(bad.metadata.attenuationCorrected).toBeNull();
    expect(bad.issues.map((i) => i.code)).toContain('SIDECAR_FIELD_TYPE');
    expect(readNiftiWithSidecar(nii, null).metadata.attenuationCorrected).toBeNull();
    expect(readNiftiWithSidecar(nii, null).metadata.attenuationSource).toBeNull();
  });

  it('Interfile: "method of attenuation correction" and "attenuation correction coefficient/cm"', () => {
    const base = ['!INTERFILE :=', '!imaging modality := nucmed', '!type of data := Tomographic', '!matrix size [1] := 3', '!matrix size [2] := 2',
      '!number of slices := 2', '!number format := unsigned integer', '!number of bytes per pixel := 2', 'imagedata byte order := LITTLEENDIAN',
      'scaling factor (mm/pixel) [1] := 3.3', 'scaling factor (mm/pixel) [2] := 3.3', 'slice thickness (pixels) := 1'];
    const read = (extra: string[]) => readInterfile([...base, ...extra, '!END OF INTERFILE :='].join('\r\n'), new Uint8Array(24)).metadata;
    expect(read(['method of attenuation correction := Chang']).attenuationCorrected).toBe(true);
    expect(read(['method of attenuation correction := none']).attenuationCorrected).toBe(false);
    expect(read(['attenuation correction coefficient/cm := 0.12']).attenuationCorrected).toBe(true);
    expect(read(['attenuation correction coefficient/cm := 0']).attenuationCorrected).toBe(false);
    expect(read([]).attenuationCorrected).toBeNull();
    expect(read(['method of attenuation correction := none']).attenuationSource).toBe('interfile');
  });
});
