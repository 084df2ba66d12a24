import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../helpers/cli.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const FIX = resolve(REPO_ROOT, 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'spect-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));


describe('CLI', () => {
  it('--help works on every command and --version prints', async () => {
    expect((await run('--help')).code).toBe(0);
    for (const name of Object.keys(COMMANDS)) {
      const r = await run(name, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: spect-perfusion/);
    }
    expect((await run('--version')).out).toMatch(/^spect-perfusion \d/);
  });

  it('info --json prints one object with dims, spacing, affine (16), sum/min/max, metadata, issues', async () => {
    const r = await run('info', join(FIX, 'adult-normal-ge/study.dcm'), '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.dims).toEqual([64, 64, 64]);
    expect(j.affine).toHaveLength(16);
    expect(j.spacing.every((s: number) => Math.abs(s - 4.2) < 1e-6)).toBe(true);
    expect(j.sum).toBeGreaterThan(0);
    expect(j.min).toBeGreaterThanOrEqual(0);
    expect(j.metadata.modality).toBe('NM');
    expect(Array.isArray(j.issues)).toBe(true);
    const text = await run('info', join(FIX, 'adult-normal-ge/study.dcm'));
    expect(text.out).toMatch(/affine \(RAS\)/);
  });

  it('errors are one line with the code on stderr and a class exit code, no stack', async () => {
    const bad = join(tmp, 'bad.dcm');
    writeFileSync(bad, 'not a dicom file at all');
    const r = await run('info', bad);
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^error NOT_DICOM: /);
    expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    const u = await run('analyze');
    expect(u.code).toBe(2);
    expect((await run('nonsense')).code).toBe(2);
    expect((await run('info', join(tmp, 'missing.dcm'))).code).toBe(7);
  });

  it('analyze --json prints exactly one JSON object, byte-identical on a second run', async () => {
    const a = await run('analyze', join(FIX, 'child-severe-hermes/study.dcm'), '--json');
    const b = await run('analyze', join(FIX, 'child-severe-hermes/study.dcm'), '--json');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const rep = JSON.parse(a.out);
    expect(rep.schema).toBe('spect-perfusion/report');
    // the fixture's ideal ratio (its truth.json, from the simulator) is 0.494
    const truth = JSON.parse(readFileSync(join(FIX, 'child-severe-hermes/truth.json'), 'utf8')) as { idealRatio: number };
    expect(Math.abs(rep.ratios.cerebellumToCortex - truth.idealRatio)).toBeLessThanOrEqual(0.05);
    expect(rep.classification.label).toBe('severe');
    expect(rep.classification.severeCerebellarHypoperfusion).toBe(true);
    expect(rep.registration.subjectToMni).toHaveLength(16);
    expect(rep.classification.notes.join(' ')).toMatch(/neuroblastoma/);
  });

  it('analyze of several inputs gives JSON Lines or CSV, a bad one does not stop the rest', async () => {
    const bad = join(tmp, 'bad2.dcm');
    writeFileSync(bad, new Uint8Array(300));
    const r = await run('analyze', join(FIX, 'adult-normal-ge/study.dcm'), bad, '--csv');
    expect(r.code).toBe(10);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/NOT_DICOM|TRUNCATED|MALFORMED/);
    const jl = await run('analyze', join(FIX, 'adult-normal-ge/study.dcm'), join(FIX, 'child-normal-siemens/study.dcm'), '--json');
    expect(jl.out.trim().split('\n').map((l) => JSON.parse(l).classification.label)).toEqual(['normal', 'normal']);
  });

  it('analyze --out writes JSON, PNG and MNI NIfTI named by pseudonym and refuses to overwrite without --force', async () => {
    const out = join(tmp, 'out');
    const r = await run('analyze', join(FIX, 'child-normal-siemens/study.dcm'), '--out', out, '--mni');
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.some((f) => /^sp-[0-9a-f]{16}\.json$/.test(f))).toBe(true);
    expect(files.some((f) => f.endsWith('.png'))).toBe(true);
    expect(files.some((f) => f.endsWith('_space-MNI152_spect.nii.gz'))).toBe(true); // BIDS-derivatives name (issue 15)
    const again = await run('analyze', join(FIX, 'child-normal-siemens/study.dcm'), '--out', out);
    expect(again.code).toBe(7);
    expect(again.err).toMatch(/--force/);
    expect((await run('analyze', join(FIX, 'child-normal-siemens/study.dcm'), '--out', out, '--force')).code).toBe(0);
    expect(readdirSync(out).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('batch: one bad study does not stop the others, 1 and 2 workers give identical reports, re-runs resume', async () => {
    const inDir = join(tmp, 'batch-in');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(inDir);
    copyFileSync(join(FIX, 'adult-normal-ge/study.dcm'), join(inDir, 'a.dcm'));
    copyFileSync(join(FIX, 'child-severe-hermes/study.dcm'), join(inDir, 'b.dcm'));
    writeFileSync(join(inDir, 'c.dcm'), 'garbage');
    const o1 = join(tmp, 'b1'), o2 = join(tmp, 'b2');
    const r1 = await run('batch', inDir, '--out', o1, '--workers', '1', '--no-progress');
    const r2 = await run('batch', inDir, '--out', o2, '--workers', '2', '--no-progress');
    expect(r1.code).toBe(10);
    expect(r2.code).toBe(10);
    const reports = (d: string) => readdirSync(d).filter((f) => f.endsWith('.json')).sort().map((f) => readFileSync(join(d, f), 'utf8'));
    expect(reports(o1)).toHaveLength(2);
    expect(reports(o1)).toEqual(reports(o2));
    expect(readFileSync(join(o1, 'summary.csv'), 'utf8')).toMatch(/NOT_DICOM/);
    const again = await run('batch', inDir, '--out', o1, '--workers', '1', '--no-progress');
    expect(again.out).toMatch(/2 from a previous run/);
    expect(existsSync(join(o1, 'summary.txt'))).toBe(true);
  }, 120_000);
});
