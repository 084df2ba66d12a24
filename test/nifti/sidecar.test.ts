/**
 * NIfTI JSON sidecars (dcm2niix and BIDS-PET fields) and DICOM Age Strings, on
 * NIfTI files written by the project's own writer and hand-written sidecars.
 */
import { describe, expect, it } from 'vitest';
import { applyNiftiSidecar, parseNiftiSidecar, readNifti, readNiftiWithSidecar, SIDECAR_MAX_BYTES, writeNifti } from '../../src/nifti/index.js';
import { parseAgeString, parseAgeYears } from '../../src/volume/age.js';
import { createVolume } from '../../src/volume/volume.js';
import { parseTracer } from '../../src/classify/reference-ranges.js';

const enc = (x: unknown) => new TextEncoder().encode(typeof x === 'string' ? x : JSON.stringify(x));
const A = Float64Array.from([2, 0, 0, -3, 0, 2, 0, -5, 0, 0, 2, -7, 0, 0, 0, 1]);
const nii = writeNifti(createVolume({ data: Float32Array.from({ length: 4 * 5 * 6 }, (_, i) => i % 7), dims: [4, 5, 6], affine: A }), { gzip: true });
const codes = (issues: readonly { code: string }[]) => issues.map((i) => i.code);

/** What dcm2niix v1.0.2022 writes for an NM study (field names from its nii_dicom_batch.cpp). */
const DCM2NIIX = {
  Modality: 'NM', Manufacturer: 'Philips', ManufacturersModelName: 'BrightView',
  ImageType: ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION'], SeriesDescription: 'Brain SPECT Jane Doe',
  PatientAge: '009M', PatientSex: 'F', PatientWeight: 8.4, Radiopharmaceutical: 'Tc99m Exametazime',
  ConversionSoftware: 'dcm2niix', ConversionSoftwareVersion: 'v1.0.20220720', SliceThickness: 4.42,
};
/** BIDS-PET style (field names from the BIDS specification, PET section). */
const BIDS_PET = {
  Modality: 'NM', TracerName: 'ECD', TracerRadionuclide: 'Tc99m', InjectedRadioactivity: 20, InjectedRadioactivityUnits: 'mCi',
  Units: 'Bq/mL', Manufacturer: 'Siemens', ManufacturersModelName: 'Symbia T2',
};

describe('DICOM Age String', () => {
  it('converts every unit: Y = n, M = n/12, W = 7n/365.25, D = n/365.25', () => {
    expect(parseAgeString('045Y')).toBe(45);
    expect(parseAgeString('2Y')).toBe(2);
    expect(parseAgeString('009M')).toBe(0.75);
    expect(parseAgeString('018M')).toBe(1.5);
    expect(parseAgeString('006m')).toBe(0.5);
    expect(parseAgeString('3W')).toBeCloseTo(21 / 365.25, 15);
    expect(parseAgeString('010D')).toBeCloseTo(10 / 365.25, 15);
    expect(parseAgeString(' 012 Y ')).toBe(12);
    for (const bad of ['', 'Y', '1234Y', '12', '12X', '-1Y', '1.5Y', '12YY', 'twelve']) expect(parseAgeString(bad), bad).toBeNull();
  });
  it('parseAgeYears also takes plain years and refuses implausible ages', () => {
    expect(parseAgeYears('2')).toBe(2);
    expect(parseAgeYears('0.75')).toBe(0.75);
    expect(parseAgeYears('.5')).toBe(0.5);
    expect(parseAgeYears('006M')).toBe(0.5);
    for (const bad of ['', '-2', '1e2', '131', '200Y', 'abc', '2 years', 'NaN', 'Infinity']) expect(parseAgeYears(bad), bad).toBeNull();
  });
});

describe('NIfTI sidecar', () => {
  it('dcm2niix style: age in months, sex, weight, tracer, modality, vendor, image type', () => {
    const v = readNiftiWithSidecar(nii, enc(DCM2NIIX));
    const m = v.metadata;
    expect(m.patientAgeYears).toBe(0.75);
    expect(m.ageSource).toBe('sidecar');
    expect(m.patientSex).toBe('F');
    expect(m.sexSource).toBe('sidecar');
    expect(m.patientWeightKg).toBe(8.4);
    expect(m.radiopharmaceutical).toEqual({ code: 'HMPAO', name: 'Tc99m Exametazime', nuclide: null });
    expect(m.tracerSource).toBe('sidecar');
    expect(m.modality).toBe('NM');
    expect(m.manufacturer).toBe('Philips');
    expect(m.manufacturerModel).toBe('BrightView');
    expect(m.imageType).toEqual(['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION']);
    expect(m.extra.conversionSoftware).toBe('dcm2niix');
    expect(m.extra.sidecar).toBe(true);
    expect(m.format).toBe('nifti');
    // the image itself is untouched
    const plain = readNifti(nii);
    expect(v.data).toEqual(plain.data);
    expect(Array.from(v.affine)).toEqual(Array.from(plain.affine));
    expect(plain.metadata.ageSource).toBeNull();
    // the series description (free text) is parsed but never copied into the metadata or issues
    expect(JSON.stringify(v)).not.toMatch(/Jane|Doe/);
    expect(v.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(v.issues.find((i) => i.code === 'SIDECAR_READ')!.message).toMatch(/PatientAge.*Radiopharmaceutical/);
  });

  it('BIDS-PET style: TracerName, radionuclide, injected activity in mCi -> MBq, units', () => {
    const s = parseNiftiSidecar(enc(BIDS_PET));
    expect(s.radiopharmaceutical).toEqual({ code: 'ECD', name: 'ECD', nuclide: 'Tc99m' });
    expect(s.injectedActivityMBq).toBe(740); // 20 mCi x 37 MBq/mCi
    expect(s.units).toBe('Bq/mL');
    expect(s.patientAgeYears).toBeNull();
    const v = applyNiftiSidecar(readNifti(nii), s);
    expect(v.metadata.units).toBe('Bq/mL');
    expect(v.metadata.ageSource).toBeNull();
    expect(v.metadata.tracerSource).toBe('sidecar');
    expect(parseTracer(v.metadata.radiopharmaceutical!.code)).toBe('ECD');
    expect(parseNiftiSidecar(enc({ InjectedRadioactivity: 555, InjectedRadioactivityUnits: 'MBq' })).injectedActivityMBq).toBe(555);
  });

  it('an unknown tracer keeps its name; two names of different tracers leave it unknown', () => {
    expect(parseNiftiSidecar(enc({ TracerName: 'FDG' })).radiopharmaceutical).toEqual({ code: 'FDG', name: 'FDG', nuclide: null });
    const both = parseNiftiSidecar(enc({ Radiopharmaceutical: 'Tc99m HMPAO', TracerName: 'ECD' }));
    expect(both.radiopharmaceutical!.code).toBe('UNKNOWN');
    expect(parseTracer(both.radiopharmaceutical!.code)).toBeNull();
    expect(codes(both.issues)).toEqual(['SIDECAR_CONFLICT']);
    const same = parseNiftiSidecar(enc({ Radiopharmaceutical: 'Tc-99m exametazime', TracerName: 'HMPAO' }));
    expect(same.radiopharmaceutical!.code).toBe('HMPAO');
    expect(same.issues).toEqual([]);
  });

  it('AS ages of every unit in PatientAge; a non-AS age is ignored with an issue', () => {
    const age = (a: unknown) => parseNiftiSidecar(enc({ PatientAge: a }));
    expect(age('005Y').patientAgeYears).toBe(5);
    expect(age('006M').patientAgeYears).toBe(0.5);
    expect(age('009M').patientAgeYears).toBe(0.75);
    expect(age('003W').patientAgeYears).toBeCloseTo(21 / 365.25, 15);
    expect(age('010D').patientAgeYears).toBeCloseTo(10 / 365.25, 15);
    for (const bad of ['5 years', '5', '999Y']) {
      const s = age(bad);
      expect(s.patientAgeYears, bad).toBeNull();
      expect(codes(s.issues), bad).toEqual(['SIDECAR_FIELD_VALUE']);
      expect(s.issues[0]!.message).not.toContain(bad);
    }
  });

  it('fields of the wrong type are ignored with an issue naming field and types, never the value', () => {
    const s = parseNiftiSidecar(enc({
      PatientAge: 5, PatientSex: ['M'], PatientWeight: '70', Radiopharmaceutical: { name: 'HMPAO' }, ImageType: ['RECON TOMO', 3],
      Manufacturer: 'GE', InjectedRadioactivity: 10, PatientName: 'Doe^Jane', SeriesDescription: 'x'.repeat(300),
    }));
    expect(s.patientAgeYears).toBeNull();
    expect(s.patientSex).toBeNull();
    expect(s.patientWeightKg).toBeNull();
    expect(s.radiopharmaceutical).toBeNull();
    expect(s.imageType).toBeNull();
    expect(s.manufacturer).toBe('GE');
    expect(s.seriesDescription).toBeNull();
    expect(codes(s.issues).sort()).toEqual([
      'SIDECAR_FIELD_TYPE', 'SIDECAR_FIELD_TYPE', 'SIDECAR_FIELD_TYPE', 'SIDECAR_FIELD_TYPE', 'SIDECAR_FIELD_TYPE',
      'SIDECAR_FIELD_VALUE', 'SIDECAR_FIELD_VALUE',
    ]);
    expect(s.issues.find((i) => i.message.includes('PatientAge'))!.message).toBe('sidecar field PatientAge is a number, not a string; ignored');
    expect(s.issues.find((i) => i.message.includes('PatientWeight'))!.message).toBe('sidecar field PatientWeight is a string, not a number; ignored');
    expect(s.issues.find((i) => i.message.includes('InjectedRadioactivity'))!.message).toMatch(/no InjectedRadioactivityUnits/);
    expect(JSON.stringify(s.issues)).not.toMatch(/Doe|70|HMPAO|xxxx/);
    // null means "no value", and unknown fields are ignored
    expect(parseNiftiSidecar(enc({ PatientAge: null, Anything: [1, 2] })).issues).toEqual([]);
    // implausible numbers
    const n = parseNiftiSidecar(enc({ PatientWeight: -3, InjectedRadioactivity: 5, InjectedRadioactivityUnits: 'Ci' }));
    expect(codes(n.issues)).toEqual(['SIDECAR_FIELD_VALUE', 'SIDECAR_FIELD_VALUE']);
  });

  it('malformed, non-UTF-8, non-object and huge sidecars give one warning and change nothing', () => {
    const plain = readNifti(nii);
    const cases: [Uint8Array, string][] = [
      [enc('{"PatientAge": "005Y", "PatientName": "Doe^Jane",'), 'SIDECAR_MALFORMED'],
      [enc(''), 'SIDECAR_MALFORMED'],
      [Uint8Array.from([0x7b, 0xff, 0xfe, 0x7d]), 'SIDECAR_MALFORMED'],
      [enc('[{"PatientAge": "005Y"}]'), 'SIDECAR_NOT_OBJECT'],
      [enc('"005Y"'), 'SIDECAR_NOT_OBJECT'],
      [enc('null'), 'SIDECAR_NOT_OBJECT'],
      [enc('{"SeriesDescription": "' + 'a'.repeat(SIDECAR_MAX_BYTES) + '"}'), 'SIDECAR_TOO_LARGE'],
      [enc('['.repeat(200_000) + ']'.repeat(200_000)), 'SIDECAR_NOT_OBJECT'],
      [enc('['.repeat(500_000)), 'SIDECAR_MALFORMED'],
    ];
    for (const [bytes, code] of cases) {
      const v = readNiftiWithSidecar(nii, bytes);
      expect(codes(v.issues), code).toEqual([...codes(plain.issues), code]);
      expect(v.issues.at(-1)!.severity).toBe('warning');
      expect(v.issues.at(-1)!.message).not.toMatch(/Doe|005Y/);
      expect(v.metadata.patientAgeYears).toBeNull();
      expect(v.metadata.ageSource).toBeNull();
    }
    expect(parseNiftiSidecar(enc({ a: 1 }), { maxSidecarBytes: 4 }).issues[0]!.code).toBe('SIDECAR_TOO_LARGE');
    // a UTF-8 byte order mark is allowed
    expect(parseNiftiSidecar(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc({ PatientAge: '002Y' })])).patientAgeYears).toBe(2);
    // "__proto__" is an own key of the parsed object, not a prototype
    expect(parseNiftiSidecar(enc('{"__proto__": {"PatientAge": "005Y"}}')).patientAgeYears).toBeNull();
  });

  it('a sidecar that contradicts the image: Modality CT, projections, values differing from the image', () => {
    const ct = readNiftiWithSidecar(nii, enc({ Modality: 'CT', PatientAge: '045Y' }));
    const e = ct.issues.find((i) => i.code === 'SIDECAR_CONTRADICTS_IMAGE')!;
    expect(e.severity).toBe('error');
    expect(e.message).toMatch(/Modality CT/);
    expect(ct.metadata.modality).toBe('CT');
    const odd = readNiftiWithSidecar(nii, enc({ Modality: 'Mr. Doe' }));
    expect(odd.issues.find((i) => i.code === 'SIDECAR_CONTRADICTS_IMAGE')!.message).toMatch(/an unrecognised value/);
    const proj = readNiftiWithSidecar(nii, enc({ Modality: 'NM', ImageType: 'ORIGINAL\\PRIMARY\\TOMO\\EMISSION' }));
    expect(proj.metadata.imageType).toEqual(['ORIGINAL', 'PRIMARY', 'TOMO', 'EMISSION']);
    expect(proj.issues.find((i) => i.code === 'SIDECAR_CONTRADICTS_IMAGE')!.message).toMatch(/not RECON TOMO/);
    // an image that has its own values keeps them
    const own = createVolume({ data: new Float32Array(8), dims: [2, 2, 2], affine: A, metadata: { format: 'dicom', patientAgeYears: 4, patientSex: 'M' } });
    expect(own.metadata.ageSource).toBe('dicom');
    const v = applyNiftiSidecar(own, parseNiftiSidecar(enc({ PatientAge: '004Y', PatientSex: 'F', TracerName: 'HMPAO' })));
    expect(v.metadata.patientAgeYears).toBe(4);
    expect(v.metadata.ageSource).toBe('dicom');
    expect(v.metadata.patientSex).toBe('M');
    expect(v.metadata.sexSource).toBe('dicom');
    expect(v.metadata.tracerSource).toBe('sidecar');
    expect(v.issues.filter((i) => i.code === 'SIDECAR_CONTRADICTS_IMAGE').map((i) => i.message)).toEqual([
      "sidecar field PatientSex differs from the image's own value; the image's value was kept",
    ]);
  });

  it('mutation fuzz: 2000 randomly damaged sidecars never throw and give only sidecar issues', () => {
    const base = enc({ ...DCM2NIIX, ...BIDS_PET, TracerName: 'HMPAO' });
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const allowed = new Set(['SIDECAR_MALFORMED', 'SIDECAR_NOT_OBJECT', 'SIDECAR_FIELD_TYPE', 'SIDECAR_FIELD_VALUE', 'SIDECAR_CONFLICT', 'SIDECAR_CONTRADICTS_IMAGE', 'SIDECAR_READ']);
    const plain = readNifti(nii);
    let parsedOk = 0;
    for (let run = 0; run < 2000; run++) {
      const b = base.slice();
      const n = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < n; k++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
      const sc = parseNiftiSidecar(b);
      if (sc.usable) parsedOk++;
      const v = applyNiftiSidecar(plain, sc);
      for (const i of v.issues.slice(plain.issues.length)) expect(allowed.has(i.code), i.code).toBe(true);
      const a = v.metadata.patientAgeYears;
      expect(a === null || (a >= 0 && a <= 130)).toBe(true);
    }
    expect(parsedOk).toBeGreaterThan(100); // some mutations keep valid JSON and reach the field checks
  });
});
