import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { prepareSource, simulateStudy } from '../../src/simulate/index.js';
import { phantomSource } from '../../src/simulate/sources.js';
import { golden, hasSharedData } from '../helpers/shared-data.js';

const tmp = mkdtempSync(join(tmpdir(), 'spect-sim-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


describe('simulate', () => {
  it('realism: a normal study from the built-in phantom is within 0.05 of the real HMPAO template ratio', () => {
    const ref = hasSharedData ? golden<{ ratio_cerebellum_over_cortex: number }>('regional_ratio_SPECT').ratio_cerebellum_over_cortex : 1.068029;
    const sim = simulateStudy(prepareSource(phantomSource()), {
      cerebellarFactor: 1, matrix: 128, voxelSizeMm: 3.3, fwhmMm: 10, totalCounts: 6e6, noise: false, ageYears: 40,
    }, 1);
    expect(Math.abs(sim.truth.idealRatio - ref)).toBeLessThanOrEqual(0.05);
  });

  it('--cohort writes varied studies and a truth.json index', async () => {
    const out = join(tmp, 'cohort');
    const r = await run('simulate', '--cohort', '4', '--seed', '7', '--out', out);
    expect(r.code).toBe(0);
    const index = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    expect(index.studies).toHaveLength(4);
    const formats = new Set(index.studies.map((s: { format: string }) => s.format));
    expect(formats.size).toBeGreaterThan(1);
    for (const s of index.studies) {
      expect(existsSync(join(out, s.study, 'truth.json'))).toBe(true);
      // the index holds each study's own ideal ratio (its truth.json), a plausible cerebellum/cortex value
      expect(s.idealRatio).toBe(JSON.parse(readFileSync(join(out, s.study, 'truth.json'), 'utf8')).idealRatio);
      expect(s.idealRatio).toBeGreaterThan(0.2);
      expect(s.idealRatio).toBeLessThan(1.5);
    }
    const again = await run('simulate', '--cohort', '4', '--seed', '7', '--out', join(tmp, 'cohort2'));
    expect(again.code).toBe(0);
    expect(readFileSync(join(tmp, 'cohort2', 'truth.json'), 'utf8')).toBe(readFileSync(join(out, 'truth.json'), 'utf8'));
  }, 120_000);
});

describe('normal databases', () => {
  it('normals build, then analyze --normals gives regional z-scores, a z-map and the database range', async () => {
    const controls: string[] = [];
    for (let i = 0; i < 4; i++) {
      const dir = join(tmp, `control-${i}`);
      const r = await run('simulate', '--out', dir, '--seed', String(20 + i), '--age', String(30 + 5 * i), '--tracer', 'ecd',
        '--matrix', '64', '--voxel', '4', '--rot', `${i * 3},0,${-i * 2}`);
      expect(r.code).toBe(0);
      controls.push(join(dir, 'study.dcm'));
    }
    const db = join(tmp, 'normals');
    const b = await run('normals', 'build', ...controls, '--out', db);
    expect(b.code).toBe(0);
    const nj = JSON.parse(readFileSync(join(db, 'normals.json'), 'utf8'));
    expect(nj.n).toBe(4);
    expect(nj.tracer).toBe('ECD');
    expect(nj.ratios.cerebellumToCortex.sd).toBeGreaterThan(0);
    expect(nj.schemaVersion).toBe(2);
    expect(nj.controls.map((c: { ageYears: number }) => c.ageYears)).toEqual([30, 35, 40, 45]);
    expect(b.err).toMatch(/fewer than the 10 the classifier needs/);
    expect(existsSync(join(db, 'mean.nii.gz')) && existsSync(join(db, 'sd.nii.gz'))).toBe(true);

    const patient = join(tmp, 'patient');
    await run('simulate', '--out', patient, '--seed', '99', '--age', '40', '--tracer', 'ecd', '--matrix', '64', '--voxel', '4', '--factor', '0.5');
    const out = join(tmp, 'patient-out');
    const a = await run('analyze', join(patient, 'study.dcm'), '--normals', db, '--out', out, '--json');
    expect(a.code).toBe(0);
    const rep = JSON.parse(a.out);
    expect(rep.normals.n).toBe(4);
    expect(rep.normals.regionalZ.cerebellum).toBeLessThan(-3);
    // issue 12: a database of fewer than 10 controls is refused for the classification (built-in age model, NORMALS_TOO_FEW)
    expect(rep.classification.reference.kind).toBe('model');
    expect(rep.issues.map((i: { code: string }) => i.code)).toContain('NORMALS_TOO_FEW');
    expect(rep.classification.label).toBe('severe');
    expect(readdirSync(out).some((f) => f.endsWith('_space-MNI152_desc-zmap_spect.nii.gz'))).toBe(true); // BIDS-derivatives name (issue 15)
  }, 240_000);
});
