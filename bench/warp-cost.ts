/**
 * What the analysis' DCT warp with a cerebellar gain costs per study (docs/registration.md,
 * docs/benchmarks.md "Session 23"): on realistic 128^3 studies (bench/speed.ts `realisticStudies`),
 * in a warm process, the median wall time of the affine registration, of the warp's fit (the same
 * registration with the warp, minus the affine one), of its inverse field and of the labels carried
 * through it against the labels through the affine alone. Never run from the tests.
 *   npx tsx bench/warp-cost.ts [--studies 3] [--runs 6]
 */
import { builtinAtlas, builtinTemplate } from '../src/atlas/index.js';
import { registrationOptions } from '../src/pipeline/register-step.js';
import { registerToTemplate } from '../src/register/index.js';
import { inverseWarp, resampleLabelsWarped } from '../src/register/warp-labels.js';
import { resampleLabels } from '../src/volume/resample.js';
import { realisticStudies } from './speed.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const studies = realisticStudies(128, arg('--studies', 3), 1);
const runs = arg('--runs', 6);
const atlas = builtinAtlas({ voxelSize: 2 });
const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
const withWarp = registrationOptions(atlas, undefined);
const affineOnly = registrationOptions(atlas, { warp: false });
const t = {
  affine: [] as number[],
  fit: [] as number[],
  inverse: [] as number[],
  warpedLabels: [] as number[],
  affineLabels: [] as number[],
};
for (let it = 0; it <= runs; it++) {
  for (const s of studies) {
    const v = s.volume;
    const t0 = performance.now();
    const a = registerToTemplate(v, template, affineOnly);
    const t1 = performance.now();
    const r = registerToTemplate(v, template, withWarp);
    const t2 = performance.now();
    const iw = inverseWarp(r.warp!.warp);
    const t3 = performance.now();
    resampleLabelsWarped(atlas.labels, atlas.dims, atlas.affine, v.dims, v.affine, r.subjectToMni, r.warp!.centre, iw);
    const t4 = performance.now();
    resampleLabels(atlas.labels, atlas.dims, atlas.affine, v.dims, v.affine, { worldTransform: a.subjectToMni });
    const t5 = performance.now();
    if (it === 0) continue; // warm-up round
    t.affine.push(t1 - t0);
    t.fit.push(t2 - t1 - (t1 - t0));
    t.inverse.push(t3 - t2);
    t.warpedLabels.push(t4 - t3);
    t.affineLabels.push(t5 - t4);
  }
}
const med = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
console.log(`${studies.length} studies x ${runs} runs, wall ms medians:`);
for (const [k, v] of Object.entries(t)) console.log(`  ${k}: ${med(v).toFixed(1)}`);
