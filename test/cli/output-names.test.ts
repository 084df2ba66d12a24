/**
 * Issue 15: the NIfTI outputs get BIDS-derivatives-style names
 * (`<id>_space-MNI152_spect.nii.gz`, `<id>_space-MNI152_desc-zmap_spect.nii.gz`)
 * and a JSON sidecar each with GeneratedBy (name, version of src/version.ts)
 * and Sources (the report, or the input path with --include-identifiers),
 * in analyze and batch alike; a batch output written as `<id>-2` names its own report.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNifti } from '../../src/nifti/index.js';
import { builtinAtlas } from '../../src/atlas/index.js';
import { MNI_NIFTI_SUFFIX, ZMAP_NIFTI_SUFFIX, niftiSidecar, withSidecars } from '../../src/cli/output-names.js';
import { ANALYZE_HELP } from '../../src/cli/analyze.js';
import { VERSION } from '../../src/version.js';
import { SIEMENS, run, studyFolder, tempDir } from './batch-helpers.js';

const t = tempDir('spect-out-names-');
afterAll(t.cleanup);

const sidecar = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { Description: string; GeneratedBy: { Name: string; Version: string }[]; Sources: string[]; SpatialReference: string };

describe('NIfTI output names and sidecars', () => {
  it('analyze --out --mni: <id>_space-MNI152_spect.nii.gz and its sidecar', async () => {
    const out = join(t.dir, 'a');
    const r = await run('analyze', SIEMENS, '--out', out, '--mni', '--json');
    expect(r.code).toBe(0);
    const id = JSON.parse(r.out).study.id as string;
    expect(readdirSync(out).sort()).toEqual([`${id}.json`, `${id}.png`, `${id}_space-MNI152_spect.json`, `${id}_space-MNI152_spect.nii.gz`]);
    const s = sidecar(out, `${id}_space-MNI152_spect.json`);
    expect(s.GeneratedBy).toEqual([{ Name: 'spect-perfusion', Version: VERSION }]);
    expect(s.Sources).toEqual([`${id}.json`]);
    expect(s.SpatialReference).toBe('MNI152');
    expect(s.Description).toMatch(/resampled into MNI space/);
    const nii = readNifti(new Uint8Array(readFileSync(join(out, `${id}_space-MNI152_spect.nii.gz`))));
    expect(nii.dims).toEqual(builtinAtlas({ voxelSize: 2 }).dims);
  }, 120_000);

  it('with --include-identifiers the sidecar names the input path', async () => {
    const out = join(t.dir, 'b');
    const r = await run('analyze', SIEMENS, '--out', out, '--mni', '--json', '--include-identifiers');
    const id = JSON.parse(r.out).study.id as string;
    expect(sidecar(out, `${id}_space-MNI152_spect.json`).Sources).toEqual([SIEMENS]);
  }, 120_000);

  it('batch --mni: the same names; a second input with the same pseudonym (<id>-2) names its own report', async () => {
    const inDir = studyFolder(t.dir, 'in', { 'a.dcm': SIEMENS, 'b.dcm': SIEMENS });
    const out = join(t.dir, 'c');
    const r = await run('batch', inDir, '--out', out, '--workers', '1', '--mni', '--no-progress');
    expect(r.code).toBe(0);
    const names = readdirSync(out).filter((f) => f.includes('_space-'));
    const id = names.find((f) => f.endsWith('_spect.nii.gz') && !f.includes('-2_'))!.replace('_space-MNI152_spect.nii.gz', '');
    expect(names.sort()).toEqual([`${id}-2_space-MNI152_spect.json`, `${id}-2_space-MNI152_spect.nii.gz`, `${id}_space-MNI152_spect.json`, `${id}_space-MNI152_spect.nii.gz`]);
    expect(sidecar(out, `${id}_space-MNI152_spect.json`).Sources).toEqual([`${id}.json`]);
    expect(sidecar(out, `${id}-2_space-MNI152_spect.json`).Sources).toEqual([`${id}-2.json`]);
    // the analyze and batch sidecars of one study are the same bytes
    const a = await run('analyze', resolve(inDir, 'a.dcm'), '--out', join(t.dir, 'd'), '--mni');
    expect(a.code).toBe(0);
    expect(readFileSync(join(t.dir, 'd', `${id}_space-MNI152_spect.json`), 'utf8')).toBe(readFileSync(join(out, `${id}_space-MNI152_spect.json`), 'utf8'));
  }, 180_000);

  it('the help names the files as they are written', () => {
    expect(MNI_NIFTI_SUFFIX).toBe('_space-MNI152_spect.nii.gz');
    expect(ZMAP_NIFTI_SUFFIX).toBe('_space-MNI152_desc-zmap_spect.nii.gz');
    expect(ANALYZE_HELP).toContain(`<id>${MNI_NIFTI_SUFFIX}`);
    expect(ANALYZE_HELP).toContain(`<id>${ZMAP_NIFTI_SUFFIX}`);
    expect(ANALYZE_HELP).not.toMatch(/_mni\.nii|_zmap\.nii|desc-resampled/);
  });

  it('withSidecars puts a sidecar after each NIfTI, named by its stem', () => {
    const files = withSidecars('sp-1', [
      { suffix: '.png', data: new Uint8Array(1) },
      { suffix: '_space-MNI152_desc-zmap_spect.nii.gz', data: new Uint8Array(2), sidecar: { Description: 'z' } },
    ], { input: '/x/DOE_JANE.dcm', includeIdentifiers: false });
    expect(files.map((f) => f.suffix)).toEqual(['.png', '_space-MNI152_desc-zmap_spect.nii.gz', '_space-MNI152_desc-zmap_spect.json']);
    expect(files[2]!.data).toBe(niftiSidecar('sp-1', { Description: 'z' }, { input: '/x/DOE_JANE.dcm', includeIdentifiers: false }));
    expect(String(files[2]!.data)).not.toContain('DOE');
  });
});
