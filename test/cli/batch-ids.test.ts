/**
 * Issue 14: two different studies that share Study and Series Instance UIDs
 * (naive anonymisation) must get distinct output ids; the collision is
 * reported, nothing is overwritten, and ids do not depend on the number of
 * workers or change on a re-run.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDicom } from '../../src/dicom/index.js';
import { writeNmMultiframe } from '../../src/dicom-write/index.js';
import { legacyStateKey } from '../../src/cli/batch-state.js';
import { GE, HERMES, reports, run, summaryCsv, tempDir } from './batch-helpers.js';

const t = tempDir('spect-batch-ids-');
afterAll(t.cleanup);
const inDir = join(t.dir, 'in');

beforeAll(async () => {
  mkdirSync(inDir);
  const uids = { study: '1.2.826.0.1.3680043.10.999.1', series: '1.2.826.0.1.3680043.10.999.2' };
  // two different patients (an adult normal, a child with severe loss), written with the same UIDs
  for (const [name, src, style] of [['a.dcm', GE, 'ge'], ['b.dcm', HERMES, 'siemens']] as const) {
    const v = await readDicom(new Uint8Array(readFileSync(src)));
    writeFileSync(join(inDir, name), writeNmMultiframe(v, { style, study: { uids }, radiopharmaceutical: { code: 'HMPAO' } }));
  }
});

describe('batch output ids', () => {
  it('gives two studies with the same UIDs distinct ids, reports the collision, same on 1 and 2 workers and on re-runs', async () => {
    const o1 = join(t.dir, 'o1'), o2 = join(t.dir, 'o2');
    const r1 = await run('batch', inDir, '--out', o1, '--workers', '1', '--no-progress');
    expect(r1.code).toBe(0);
    const rep = reports(o1);
    const names = Object.keys(rep);
    expect(names).toHaveLength(2);
    const [base, second] = names.sort((x, y) => x.length - y.length);
    expect(second).toBe(base!.replace('.json', '-2.json'));
    // the first input keeps the pseudonym, the second is the other study (not a copy)
    const ratioA = rep[base!]!.ratios.cerebellumToCortex, ratioB = rep[second!]!.ratios.cerebellumToCortex;
    expect(ratioA).toBeGreaterThan(0.95); // the adult normal
    expect(ratioB).toBeLessThan(0.85); // the child with severe cerebellar loss
    expect(rep[second!]!.study.id).toBe(second!.replace('.json', ''));
    expect(rep[second!]!.issues.map((i) => i.code)).toContain('OUTPUT_ID_COLLISION');
    expect(rep[base!]!.issues.map((i) => i.code)).not.toContain('OUTPUT_ID_COLLISION');
    expect(r1.out).toMatch(/OUTPUT_ID_COLLISION: same study pseudonym as study-0001/);
    const csv = summaryCsv(o1);
    expect(csv.map((r) => r.study)).toEqual([base!.replace('.json', ''), second!.replace('.json', '')]);
    expect(csv[1]!.issues).toMatch(/OUTPUT_ID_COLLISION/);

    const r2 = await run('batch', inDir, '--out', o2, '--workers', '2', '--no-progress');
    expect(r2.code).toBe(0);
    const a = reports(o1), b = reports(o2);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const k of Object.keys(a)) expect(readFileSync(join(o2, k), 'utf8')).toBe(readFileSync(join(o1, k), 'utf8'));

    // a re-run (resumed, or --redo) keeps each input's id
    const again = await run('batch', inDir, '--out', o1, '--workers', '2', '--no-progress', '--redo');
    expect(again.code).toBe(0);
    expect(Object.keys(reports(o1)).sort()).toEqual([...names].sort());
    expect(reports(o1)[second!]!.ratios.cerebellumToCortex).toBe(ratioB);
  }, 180_000);

  it('keeps the outputs of a batch made before state version 2 with their input (no -2 copies)', async () => {
    const o = join(t.dir, 'o-legacy');
    expect((await run('analyze', join(inDir, 'a.dcm'), '--out', o)).code).toBe(0);
    const [own] = Object.keys(reports(o));
    const id = own!.replace('.json', '');
    // the state entry an older batch wrote for this input
    mkdirSync(join(o, '.state'));
    const key = await legacyStateKey(join(inDir, 'a.dcm'), undefined);
    writeFileSync(join(o, '.state', `${key}.json`), JSON.stringify({ index: 0, ok: true, report: { study: { id } }, written: [join(o, own!)] }));
    const r = await run('batch', inDir, '--out', o, '--workers', '1', '--no-progress');
    expect(r.code).toBe(0);
    expect(Object.keys(reports(o)).sort()).toEqual([own!, `${id}-2.json`].sort()); // b.dcm shares the UIDs: -2 is b's
    expect(reports(o)[`${id}-2.json`]!.ratios.cerebellumToCortex).toBeLessThan(0.85);
  }, 180_000);

  it('never overwrites a report it did not write', async () => {
    const o = join(t.dir, 'o3');
    const first = await run('analyze', join(inDir, 'a.dcm'), '--out', o);
    expect(first.code).toBe(0);
    const [own] = Object.keys(reports(o));
    const foreign = readFileSync(join(o, own!), 'utf8');
    const r = await run('batch', inDir, '--out', o, '--workers', '1', '--no-progress');
    expect(r.code).toBe(0);
    expect(readFileSync(join(o, own!), 'utf8')).toBe(foreign);
    expect(Object.keys(reports(o)).sort()).toEqual([own!, own!.replace('.json', '-2.json'), own!.replace('.json', '-3.json')].sort());
  }, 180_000);
});
