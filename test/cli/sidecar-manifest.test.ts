/**
 * The CLI with NIfTI sidecars, AS ages and batch manifests, on NIfTI files
 * written by the project's own writer from the simulated fixtures.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { parseCsv } from '../../src/cli/manifest.js';
import { readDicom } from '../../src/dicom/index.js';
import { writeNifti } from '../../src/nifti/index.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const FIX = resolve(REPO_ROOT, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'spect-sidecar-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const json = (x: unknown) => JSON.stringify(x, null, 2);
/** Hermes fixture: child 2 y, HMPAO, severe cerebellar loss (truth.json). */
let severe: Uint8Array;
/** GE fixture: adult 45 y, HMPAO, normal. */
let adult: Uint8Array;
/** Siemens fixture: child 6 y, ECD, normal. */
let child: Uint8Array;
const DCM2NIIX_SEVERE = { Modality: 'NM', Manufacturer: 'Hermes', ImageType: ['ORIGINAL', 'PRIMARY', 'RECON TOMO', 'EMISSION'], PatientAge: '002Y', PatientSex: 'F', Radiopharmaceutical: 'Tc99m Exametazime', ConversionSoftware: 'dcm2niix', SeriesDescription: 'Doe^Jane brain' };

beforeAll(async () => {
  const nii = async (rel: string) => writeNifti(await readDicom(new Uint8Array(readFileSync(join(FIX, rel)))), { gzip: true });
  severe = await nii('child-severe-hermes/study.dcm');
  adult = await nii('adult-normal-ge/study.dcm');
  child = await nii('child-normal-siemens/study.dcm');
});

describe('CLI: NIfTI sidecars and AS ages', () => {
  it('analyze x.nii.gz x.json is one study that takes age and tracer from the sidecar', async () => {
    const d = join(tmp, 'one');
    mkdirSync(d);
    writeFileSync(join(d, 'x.nii.gz'), severe);
    writeFileSync(join(d, 'x.json'), json(DCM2NIIX_SEVERE));
    const r = await run('analyze', join(d, 'x.nii.gz'), join(d, 'x.json'), '--json');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n').length).toBeGreaterThan(1); // one pretty object, not JSON Lines
    const rep = JSON.parse(r.out);
    expect(rep.metadata.ageYears).toBe(2);
    expect(rep.metadata.tracer).toBe('HMPAO');
    expect(rep.metadata.sex).toBe('F');
    expect(rep.metadata.modality).toBe('NM');
    expect(rep.classification.label).toBe('severe');
    expect(rep.issues.find((i: { code: string }) => i.code === 'SIDECAR_READ').message).toMatch(/PatientAge/);
    expect(r.out).not.toMatch(/Doe|Jane/);
    // the sidecar is found without being named, and the study folder is the same study
    const auto = JSON.parse((await run('analyze', join(d, 'x.nii.gz'), '--json')).out);
    const folder = JSON.parse((await run('analyze', d, '--json')).out);
    expect(auto).toEqual(rep);
    expect(folder).toEqual(rep);
  }, 60_000);

  it('without a sidecar the NIfTI stays indeterminate; --sidecar names one with another name', async () => {
    const d = join(tmp, 'named');
    mkdirSync(d);
    writeFileSync(join(d, 'scan.nii.gz'), severe);
    writeFileSync(join(d, 'meta-for-scan.json'), json({ TracerName: 'HMPAO', TracerRadionuclide: 'Tc99m', PatientAge: '024M' }));
    const bare = JSON.parse((await run('analyze', join(d, 'scan.nii.gz'), '--json')).out);
    expect(bare.classification.label).toBe('indeterminate');
    expect(bare.metadata.ageYears).toBeNull();
    expect(bare.classification.reasons.join(' ')).toMatch(/age/i);
    const r = await run('analyze', join(d, 'scan.nii.gz'), '--sidecar', join(d, 'meta-for-scan.json'), '--json');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.metadata.ageYears).toBe(2);
    expect(rep.metadata.tracer).toBe('HMPAO');
    expect(rep.classification.label).toBe('severe');
    // a JSON argument that is nobody's sidecar, --sidecar with two inputs or a DICOM input, a missing sidecar
    const orphan = await run('analyze', join(d, 'scan.nii.gz'), join(d, 'meta-for-scan.json'));
    expect(orphan.code).toBe(2);
    expect(orphan.err).toMatch(/^error USAGE: argument 2 is a JSON file but not the sidecar/);
    expect((await run('analyze', join(d, 'scan.nii.gz'), join(d, 'scan.nii.gz'), '--sidecar', join(d, 'meta-for-scan.json'))).code).toBe(2);
    const dicom = await run('analyze', join(FIX, 'adult-normal-ge/study.dcm'), '--sidecar', join(d, 'meta-for-scan.json'));
    expect(dicom.code).toBe(2);
    expect(dicom.err).toMatch(/NIfTI input only/);
    expect((await run('analyze', join(d, 'scan.nii.gz'), '--sidecar', join(d, 'missing.json'))).code).toBe(7);
  }, 60_000);

  it('a broken sidecar is an issue in the report, not a failure', async () => {
    const d = join(tmp, 'broken');
    mkdirSync(d);
    writeFileSync(join(d, 'x.nii.gz'), severe);
    writeFileSync(join(d, 'x.json'), '{"PatientAge": "002Y", "PatientName": "Doe^Jane",');
    const r = await run('analyze', join(d, 'x.nii.gz'), '--json', '--age', '2', '--tracer', 'hmpao');
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.issues.find((i: { code: string }) => i.code === 'SIDECAR_MALFORMED').severity).toBe('warning');
    expect(rep.classification.label).toBe('severe');
    expect(r.out).not.toMatch(/Doe/);
  }, 60_000);

  it('--age takes DICOM Age Strings and years; anything else is a usage error', async () => {
    const d = join(tmp, 'ages');
    mkdirSync(d);
    writeFileSync(join(d, 'x.nii.gz'), severe);
    const age = async (a: string) => JSON.parse((await run('analyze', join(d, 'x.nii.gz'), '--age', a, '--tracer', 'hmpao', '--json')).out).metadata.ageYears;
    expect(await age('018M')).toBe(1.5);
    expect(await age('2Y')).toBe(2);
    expect(await age('1.5')).toBe(1.5);
    for (const bad of ['2 years', '2Z', '-1', '300', '1e1', '']) {
      const r = await run('analyze', join(d, 'x.nii.gz'), `--age=${bad}`);
      expect(r.code, bad).toBe(2);
      expect(r.err).toMatch(/^error USAGE: --age must be years \(e\.g\. 2 or 0\.75\) or a DICOM Age String/);
    }
    expect((await run('analyze', join(d, 'x.nii.gz'), '--assume-age', '6 months')).code).toBe(2);
    const assumed = JSON.parse((await run('analyze', join(d, 'x.nii.gz'), '--assume-age', '6M', '--tracer', 'hmpao', '--json')).out);
    expect(assumed.classification.assumptions.join(' ')).toMatch(/0\.5/);
  }, 90_000);
});

describe('CLI: batch with sidecars and a manifest', () => {
  it('a NIfTI with its sidecar, beside it or in a study folder, is one study', async () => {
    const d = join(tmp, 'batch-folders');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'a.nii.gz'), severe);
    writeFileSync(join(d, 'a.json'), json(DCM2NIIX_SEVERE));
    writeFileSync(join(d, 'sub', 'b.nii.gz'), adult);
    writeFileSync(join(d, 'sub', 'b.json'), json({ PatientAge: '045Y', TracerName: 'HMPAO' }));
    const out = join(tmp, 'batch-folders-out');
    const r = await run('batch', d, '--out', out, '--workers', '1', '--no-progress');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2 studies: 2 analysed/m);
    const csv = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    const col = (name: string) => csv[0]!.indexOf(name);
    expect(csv.slice(1).map((row) => [row[col('ageYears')], row[col('tracer')], row[col('label')]])).toEqual([['2', 'HMPAO', 'severe'], ['45', 'HMPAO', 'normal']]);
    expect(readFileSync(join(out, 'summary.txt'), 'utf8')).toMatch(/age from sidecar, tracer from sidecar/);
    // a sidecar named next to its NIfTI is not a second study; another JSON is a usage error
    const pair = await run('batch', join(d, 'a.nii.gz'), join(d, 'a.json'), '--out', join(tmp, 'pair-out'), '--workers', '1', '--no-progress');
    expect(pair.code).toBe(0);
    expect(pair.out).toMatch(/^1 studies: 1 analysed/m);
    expect((await run('batch', join(d, 'sub', 'b.json'), '--out', join(tmp, 'x-out'))).code).toBe(2);
  }, 120_000);

  it('manifest: quoting, relative paths, ids, fill-in, study wins, override, resume, bad rows', async () => {
    const d = join(tmp, 'man');
    mkdirSync(join(d, 'site 1, ward "A"'), { recursive: true });
    mkdirSync(join(d, 'kids'));
    // s1: has its own age 2 (sidecar); the manifest's 45 loses without override
    writeFileSync(join(d, 'site 1, ward "A"', 's1.nii.gz'), severe);
    writeFileSync(join(d, 'site 1, ward "A"', 's1.json'), json(DCM2NIIX_SEVERE));
    // s2: own age 6 and ECD (sidecar); the manifest overrides the age with 10
    writeFileSync(join(d, 'kids', 's2.nii.gz'), child);
    writeFileSync(join(d, 'kids', 's2.json'), json({ PatientAge: '006Y', TracerName: 'ECD' }));
    // s3: no sidecar: age, tracer and sex all from the manifest
    writeFileSync(join(d, 's3.nii.gz'), adult);
    const manifest = (s3age: string) =>
      'path,id,age,tracer,sex,override\r\n' +
      '"site 1, ward ""A""/s1.nii.gz",P-001,45,,,\r\n' +
      `kids/s2.nii.gz,P-002,10,,,yes\r\n` +
      `s3.nii.gz,P-003,${s3age},Tc-99m exametazime,M,\r\n`;
    writeFileSync(join(d, 'studies.csv'), manifest('045Y'));
    const out = join(tmp, 'man-out');
    const r = await run('batch', '--manifest', join(d, 'studies.csv'), '--out', out, '--workers', '1', '--no-progress');
    expect(r.code).toBe(0);
    const csv = parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'));
    const col = (name: string) => csv[0]!.indexOf(name);
    const byId = new Map(csv.slice(1).map((row) => [row[col('source')]!, row]));
    expect([...byId.keys()]).toEqual(['P-001', 'P-002', 'P-003']);
    const report = (id: string) => JSON.parse(readFileSync(join(out, byId.get(id)![col('study')]! + '.json'), 'utf8'));
    const codes = (rep: { issues: { code: string }[] }) => rep.issues.map((i) => i.code).filter((c) => c.startsWith('MANIFEST'));
    const s1 = report('P-001'), s2 = report('P-002'), s3 = report('P-003');
    expect([s1.metadata.ageYears, s1.metadata.tracer, s1.classification.label]).toEqual([2, 'HMPAO', 'severe']);
    expect(codes(s1)).toEqual(['MANIFEST_VALUE_IGNORED']);
    expect([s2.metadata.ageYears, s2.metadata.tracer]).toEqual([10, 'ECD']);
    expect(codes(s2)).toEqual(['MANIFEST_VALUE_USED', 'MANIFEST_OVERRIDES_STUDY']);
    expect([s3.metadata.ageYears, s3.metadata.tracer, s3.metadata.sex, s3.classification.label]).toEqual([45, 'HMPAO', 'M', 'normal']);
    expect(s3.issues.find((i: { code: string }) => i.code === 'MANIFEST_VALUE_USED').message).toBe('age, tracer, sex from the manifest (row 4)');
    const txt = readFileSync(join(out, 'summary.txt'), 'utf8');
    expect(txt).toMatch(/P-002 .*age from manifest, tracer from sidecar/);
    expect(txt).toMatch(/P-003 .*age from manifest, tracer from manifest, sex from manifest/);
    // --manifest-override: s1 now takes the manifest's 45
    const o2 = join(tmp, 'man-out-2');
    await run('batch', '--manifest', join(d, 'studies.csv'), '--manifest-override', '--out', o2, '--workers', '1', '--no-progress');
    const csv2 = parseCsv(readFileSync(join(o2, 'summary.csv'), 'utf8'));
    expect(csv2[1]![col('ageYears')]).toBe('45');
    // resume: nothing changed -> nothing recomputed; a changed row -> that study only
    expect((await run('batch', '--manifest', join(d, 'studies.csv'), '--out', out, '--workers', '1', '--no-progress')).out).toMatch(/3 from a previous run/);
    writeFileSync(join(d, 'studies.csv'), manifest('050Y'));
    const again = await run('batch', '--manifest', join(d, 'studies.csv'), '--out', out, '--workers', '1', '--no-progress');
    expect(again.out).toMatch(/2 from a previous run/);
    expect(parseCsv(readFileSync(join(out, 'summary.csv'), 'utf8'))[3]![col('ageYears')]).toBe('50');
    // bad rows and bad combinations are usage errors that name row and column, never the value
    writeFileSync(join(d, 'bad.csv'), 'path,age\ns3.nii.gz,SECRET\n');
    const bad = await run('batch', '--manifest', join(d, 'bad.csv'), '--out', join(tmp, 'bad-out'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error USAGE: manifest row 2, column age: not an age/);
    expect(bad.err).not.toMatch(/SECRET/);
    writeFileSync(join(d, 'missing.csv'), 'path\ns3.nii.gz\nnothing-here.nii.gz\n');
    expect((await run('batch', '--manifest', join(d, 'missing.csv'), '--out', join(tmp, 'bad-out'))).err).toMatch(/manifest row 3, column path: no such file or folder/);
    expect((await run('batch', d, '--manifest', join(d, 'studies.csv'), '--out', join(tmp, 'bad-out'))).code).toBe(2);
    expect((await run('batch', '--manifest', join(d, 'studies.csv'), '--age', '3', '--out', join(tmp, 'bad-out'))).code).toBe(2);
  }, 240_000);
});
