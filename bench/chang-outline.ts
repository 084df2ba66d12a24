/**
 * Where the Chang step's error comes from: the outline or the method. The same noise-free
 * studies as bench/chang-residual.ts (64^3, 4 mm, 0.13 /cm, FWHM 11-16 mm, brain scale
 * 0.85-1.0, cerebellar factor 1 and 0.5), but measured on the simulator's truth regions (no
 * registration, no atlas), so that only the attenuation and its correction differ:
 *
 *  - corrected: the study simulated with attenuation correction (the reference);
 *  - uncorrected: the study without it, as it is;
 *  - image outline: the library's Chang step (outline found from the image, the default);
 *  - brain + skin: Chang inside the simulator's closed brain grown by its skin distance
 *    (SKIN_MM), without the face, the glands and the neck;
 *  - true head: Chang inside the simulator's whole head (every voxel of its mu map above 0),
 *    given to the kernel as `headMask`.
 *
 * Source "b, avg152T1 head" is source (b) attenuated inside an independent head (bench/t1-head.ts)
 * instead of the simulator's brain-plus-skin model; its "brain + skin" column is still the
 * simulator's model, for comparison.
 *
 * docs/validation.md ("Studies without attenuation correction") quotes the output. Source (b)
 * needs ../shared/data.
 *
 *   npx tsx bench/chang-outline.ts
 */
import { resolve } from 'node:path';
import { headModel } from '../src/simulate/anatomy.js';
import { resampleLabelsAffine } from '../src/kernels/trilinear.js';
import { classMeanRatio, muMap, prepareSource, SKIN_MM, type PreparedSource, type SimResult } from '../src/simulate/index.js';
import { invert4, multiply4, toMat4 } from '../src/volume/affine.js';
import { CHANG_MU_PER_CM, correctAttenuation } from '../src/volume/attenuation.js';
import { CHANG_BENCH_STUDIES, changBenchSources, changBenchStudy } from './chang-bench.js';

const shared = resolve(import.meta.dirname, '../../shared/data');
const sources = changBenchSources(shared);

/** A source-grid mask (1 inside) on the study's grid, nearest neighbour through the study's pose. */
function onStudyGrid(src: PreparedSource, mask: Uint8Array, sim: SimResult): Uint8Array {
  const studyToMni = multiply4(toMat4(sim.truth.subjectToMni), toMat4(sim.truth.scannerAffine));
  return resampleLabelsAffine(mask, src.activity.dims, sim.truth.dims, multiply4(invert4(src.activity.affine)!, studyToMni));
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
console.log(
  `Chang mu ${CHANG_MU_PER_CM} /cm; simulated soft tissue 0.13 /cm and skull; ratios on the truth regions, minus the corrected study's`,
);
console.log('| source | study | cerebellar factor | FWHM mm | corrected | uncorrected | image outline | brain + skin | true head |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, src0] of sources) {
  const src = prepareSource(src0);
  const mu = muMap(src, 0.13);
  const head = new Uint8Array(mu.length),
    brainSkin = new Uint8Array(mu.length);
  const out = headModel(src).outsideMm;
  for (let i = 0; i < mu.length; i++) {
    head[i] = mu[i]! > 0 ? 1 : 0;
    brainSkin[i] = out[i]! <= SKIN_MM ? 1 : 0;
  }
  for (let s = 0; s < CHANG_BENCH_STUDIES; s++) {
    const ac = changBenchStudy(src, s, 0),
      no = changBenchStudy(src, s, 0.13);
    const labels = ac.truthLabels,
      v = no.noiseFree;
    const ref = classMeanRatio(ac.noiseFree.data, labels);
    const cols = [
      classMeanRatio(v.data, labels),
      classMeanRatio(correctAttenuation(v).volume.data, labels),
      classMeanRatio(correctAttenuation(v, { headMask: onStudyGrid(src, brainSkin, no) }).volume.data, labels),
      classMeanRatio(correctAttenuation(v, { headMask: onStudyGrid(src, head, no) }).volume.data, labels),
    ];
    console.log(
      `| ${name} | ${s} | ${ac.truth.params.cerebellarFactor} | ${ac.truth.params.fwhmMm} | ${ref.toFixed(3)} | ${cols.map((c) => signed(c - ref)).join(' | ')} |`,
    );
  }
}
