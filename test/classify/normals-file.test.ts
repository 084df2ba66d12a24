/** Normal-database files: old (schema 1) files load with a clear issue; malformed ones are refused with IO_ERROR. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyCerebellarPerfusion } from '../../src/classify/classify.js';
import { SpectError } from '../../src/errors.js';
import { writeNifti } from '../../src/nifti/index.js';
import { loadNormals } from '../../src/node/normals.js';
import { createVolume } from '../../src/volume/volume.js';

const tmp = mkdtempSync(join(tmpdir(), 'spect-normals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
function folder(name: string, json: unknown): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'normals.json'), JSON.stringify(json));
  const map = (v: number) => writeNifti(createVolume({ data: new Float32Array(8).fill(v), dims: [2, 2, 2], affine }), { gzip: true });
  writeFileSync(join(dir, 'mean.nii.gz'), map(1));
  writeFileSync(join(dir, 'sd.nii.gz'), map(0.05));
  return dir;
}

const v1 = {
  schema: 'spect-perfusion/normals', schemaVersion: 1, n: 20, tracer: 'HMPAO', ageBand: 'adult', ageRange: [25, 60],
  ratios: { cerebellumToCortex: { mean: 1.07, sd: 0.055, n: 20 } }, regions: {}, dims: [2, 2, 2], affine,
};

describe('normal database files', () => {
  it('a schema version 1 file (no per-control ages) loads, and the classifier says age cannot be modelled', async () => {
    const { db, maps } = await loadNormals(folder('v1', v1));
    expect(db.controls).toBeUndefined();
    expect(maps.mean).toHaveLength(8);
    const c = classifyCerebellarPerfusion(
      { ratio: 1.0, ageYears: 40, tracer: 'HMPAO', cerebellarCoverage: 1, registrationSimilarity: 0.9, totalCounts: null }, { normals: db },
    );
    expect(c.reference!.kind).toBe('normals');
    expect(c.reference!.sd).toBeCloseTo(0.055 * Math.sqrt(1 + 1 / 20), 10);
    const issue = c.issues.find((i) => i.code === 'NORMALS_NO_AGES');
    expect(issue?.severity).toBe('warning');
    expect(issue?.message).toMatch(/only the range 25-60 y/);
  });
  it('refuses an unknown version and malformed controls with IO_ERROR', async () => {
    const cases: Array<[string, unknown]> = [
      ['v3', { ...v1, schemaVersion: 3 }],
      ['badcontrols', { ...v1, schemaVersion: 2, controls: [{ ageYears: 'forty', cerebellumToCortex: 1 }] }],
      ['toomany', { ...v1, schemaVersion: 2, n: 1, controls: [{ ageYears: 1, cerebellumToCortex: 1 }, { ageYears: 2, cerebellumToCortex: 1 }] }],
      ['noratios', { ...v1, ratios: null }],
    ];
    for (const [name, json] of cases) {
      const err = await loadNormals(folder(name, json)).catch((e: unknown) => e);
      expect(err, name).toBeInstanceOf(SpectError);
      expect((err as SpectError).code, name).toBe('IO_ERROR');
    }
  });
});
