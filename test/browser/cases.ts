/**
 * The studies the browser test picks in the page: the sample studies of
 * fixtures/index.json, or, without them, a study simulated on the spot.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { phantomSource, prepareSource, renderStudy, simulateStudy } from '../../src/index.js';
import type { Tracer } from '../../src/index.js';
import { REPO_ROOT } from './bundle.js';

/** One study as picked in the page: its files, the options typed into the page, and the simulator truth. */
export interface Case {
  readonly name: string;
  readonly description: string;
  readonly ageYears?: number;
  readonly tracer?: Tracer;
  /** Loaded in beforeAll (fixtures) or simulated there. */
  files: Array<{ name: string; bytes: Uint8Array }>;
  /** Path for the Node loader (the CLI's `loadStudy`), set in beforeAll. */
  path: string;
  idealRatio: number | null;
}

interface FixtureEntry { readonly input: string; readonly truth: string; readonly description: string; readonly ageYears?: number; readonly tracer?: Tracer }

const FIXTURES = join(REPO_ROOT, 'fixtures');
/** Largest |measured - ideal| ratio accepted here (a sanity bound; accuracy is validated in test/validation). */
export const RATIO_SANITY = 0.08;

/** The lead's sample studies (fixtures/index.json) when all are present, else null. */
export function fixtureCases(): Case[] | null {
  const index = join(FIXTURES, 'index.json');
  if (process.env.SPECT_BROWSER_FIXTURES === '0' || !existsSync(index)) return null;
  const studies = (JSON.parse(readFileSync(index, 'utf8')) as { studies?: FixtureEntry[] }).studies ?? [];
  if (studies.length === 0 || !studies.every((e) => existsSync(join(FIXTURES, e.input)) && existsSync(join(FIXTURES, e.truth)))) return null;
  return studies.map((e) => ({
    name: e.input, description: e.description,
    ...(e.ageYears !== undefined ? { ageYears: e.ageYears } : {}), ...(e.tracer !== undefined ? { tracer: e.tracer } : {}),
    files: [], path: join(FIXTURES, e.input), idealRatio: (JSON.parse(readFileSync(join(FIXTURES, e.truth), 'utf8')) as { idealRatio: number }).idealRatio,
  }));
}

export function readAll(path: string): Array<{ name: string; bytes: Uint8Array }> {
  const one = (p: string) => {
    const b = readFileSync(p);
    return { name: basename(p), bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
  };
  return statSync(path).isDirectory() ? readdirSync(path).sort().map((f) => one(join(path, f))) : [one(path)];
}

/** Fallback without fixtures: a simulated child study with a cold cerebellum, GE-style DICOM and NIfTI. */
export function simulatedCases(dir: string, cases: Case[]): void {
  const sim = simulateStudy(prepareSource(phantomSource()), {
    cerebellarFactor: 0.55, matrix: 64, voxelSizeMm: 4.4, ageYears: 4, sex: 'F', tracer: 'HMPAO',
    pose: { rotationsDeg: [6, -4, 3], translationMm: [5, -8, 4] },
  }, 20260505);
  for (const [c, format] of [[cases[0]!, 'ge'], [cases[1]!, 'nifti']] as const) {
    const f = renderStudy(sim, { format }).files[0]!;
    c.path = join(dir, f.name);
    writeFileSync(c.path, f.bytes);
    c.files = [{ name: f.name, bytes: f.bytes }];
    c.idealRatio = sim.truth.idealRatio;
  }
}
