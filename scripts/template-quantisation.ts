/**
 * Would a quantised built-in template change the reports? (docs/atlas.md,
 * section 2, "Not shipped prebuilt".) Analyses the fixtures and N simulated
 * studies with the exact template and with templates rounded to steps of 2^-bits,
 * and counts the report fields that change.
 *
 *   npx tsx scripts/template-quantisation.ts [N=8] [bits=16,14,12,10]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeStudy } from '../src/pipeline/analyze.js';
import { builtinTemplate } from '../src/atlas/index.js';
import { parseTracer } from '../src/classify/reference-ranges.js';
import { loadStudy } from '../src/node/index.js';
import { phantomSource, simulateCohort } from '../src/simulate/index.js';
import { createVolume, type Volume } from '../src/volume/volume.js';

type T = 'HMPAO' | 'ECD' | 'IMP';
interface Study {
  readonly name: string;
  readonly volume: Volume;
  readonly tracer?: T;
  readonly ageYears?: number;
}
interface FixtureIndex {
  readonly studies: readonly { input: string; tracer?: T; ageYears?: number }[];
}

const root = join(import.meta.dirname, '..');
const n = Number(process.argv[2] ?? 8);
const bitsList = (process.argv[3] ?? '16,14,12,10').split(',').map(Number);
const index = JSON.parse(readFileSync(join(root, 'fixtures/index.json'), 'utf8')) as FixtureIndex;
const studies: Study[] = [];
for (const s of index.studies) {
  const volume = (await loadStudy(join(root, 'fixtures', s.input))).volume;
  studies.push({ name: s.input, volume, ...(s.tracer ? { tracer: s.tracer } : {}), ...(s.ageYears ? { ageYears: s.ageYears } : {}) });
}
for (const m of simulateCohort(phantomSource(), n, 20261202))
  studies.push({ name: `simulated ${m.index} (${m.format})`, volume: m.result.volume });

function leaves(o: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (o !== null && typeof o === 'object') for (const [k, v] of Object.entries(o)) leaves(v, `${path}.${k}`, out);
  else out.set(path, o);
  return out;
}
function quantised(v: Volume, bits: number): Volume {
  const s = 2 ** bits;
  const d = new Float32Array(v.data.length);
  for (let i = 0; i < d.length; i++) d[i] = Math.round(v.data[i]! * s) / s;
  return createVolume({ data: d, dims: v.dims, affine: v.affine, metadata: v.metadata });
}
function reports(bits: number | null): Map<string, unknown>[] {
  const templates = new Map<T, Volume>();
  return studies.map((s) => {
    const tracer =
      s.tracer ??
      parseTracer(s.volume.metadata.radiopharmaceutical?.code ?? s.volume.metadata.radiopharmaceutical?.name ?? null) ??
      'HMPAO';
    let t = templates.get(tracer);
    if (!t) templates.set(tracer, (t = bits === null ? builtinTemplate({ tracer }) : quantised(builtinTemplate({ tracer }), bits)));
    const opts = { template: t, ...(s.tracer ? { tracer: s.tracer } : {}), ...(s.ageYears ? { ageYears: s.ageYears } : {}) };
    return leaves(JSON.parse(JSON.stringify(analyzeStudy(s.volume, opts).report)));
  });
}

const exact = reports(null);
for (const bits of bitsList) {
  const q = reports(bits);
  let fields = 0,
    changed = 0;
  const examples: string[] = [];
  q.forEach((r, i) => {
    let d = 0;
    for (const [k, v] of r) {
      const e = exact[i]!.get(k);
      if (v === e) continue;
      d++;
      if (examples.length < 3 && k.startsWith('.ratios.')) examples.push(`${studies[i]!.name}${k}: ${String(e)} -> ${String(v)}`);
    }
    fields += d;
    if (d > 0) changed++;
  });
  console.log(`step 2^-${bits}: ${changed}/${studies.length} reports change (${fields} fields); ${examples.join('; ')}`);
}
