/**
 * The installed CLI has no fixtures/: `demo` then simulates the sample studies.
 * They must be the repository's fixtures, byte for byte, made with the same
 * arguments as fixtures/make-fixtures.sh.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_STUDIES, simulateDemoStudies } from '../../src/cli/demo.js';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');
const scratch = mkdtempSync(join(tmpdir(), 'spect-demo-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('demo without fixtures/', () => {
  it('lists the studies of fixtures/index.json', () => {
    const index = JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')) as { studies: unknown[] };
    expect(DEMO_STUDIES.map(({ dir: _d, simulate: _s, ...entry }) => entry)).toEqual(index.studies);
  });

  it('uses the simulator arguments of fixtures/make-fixtures.sh', () => {
    const script = readFileSync(join(FIXTURES, 'make-fixtures.sh'), 'utf8');
    const lines = script.split('\n').filter((l) => l.startsWith('sim --out '));
    expect(lines).toHaveLength(DEMO_STUDIES.length);
    for (const s of DEMO_STUDIES) {
      const line = lines.find((l) => l.split(/\s+/u)[2] === `fixtures/${s.dir}`);
      expect(line, s.dir).toBeDefined();
      expect(line!.trim().split(/\s+/u).slice(3)).toEqual(s.simulate);
    }
  });

  it('simulates studies identical to fixtures/', async () => {
    await simulateDemoStudies(scratch);
    let compared = 0;
    for (const s of DEMO_STUDIES) {
      const rel = s.input.endsWith('/dicom') ? readdirSync(join(FIXTURES, s.input)).map((f) => `${s.input}/${f}`) : [s.input];
      if (s.input.endsWith('/dicom')) expect(readdirSync(join(scratch, s.input)).sort()).toEqual(rel.map((r) => r.slice(s.input.length + 1)).sort());
      for (const r of rel) {
        expect(Buffer.compare(readFileSync(join(scratch, r)), readFileSync(join(FIXTURES, r))), r).toBe(0);
        compared++;
      }
    }
    expect(compared).toBe(4 + 64 + 64); // four single-file studies and two series of 64 slices
  }, 60_000);
});
