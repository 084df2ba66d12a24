/**
 * Writes the sample figures of docs/figures.md from the repository's fixtures
 * and prints how long the analysis and the rendering took: wall time and the
 * process's CPU time (user + system, which a loaded machine inflates less),
 * median of 5 renders after one warm-up. Run: npx tsx test/report/make-doc-figures.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeStudy } from '../../src/pipeline/analyze.js';
import { loadStudy } from '../../src/node/load.js';
import { renderStudyOutputs } from '../../src/report/figure/outputs.js';
import { figureSourceOf } from '../../src/report/figure/source.js';
import { renderStudyFigure } from '../../src/report/figure/study.js';
import { renderAgeChart } from '../../src/report/figure/age-chart.js';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'docs/figures');
mkdirSync(OUT, { recursive: true });
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;

const cases = [
  ['normal-adult', 'fixtures/adult-normal-ge/study.dcm', 'uniform'],
  ['severe-child', 'fixtures/child-severe-hermes/study.dcm', 'uniform'],
  ['truncated', 'fixtures/adult-fovcut-nifti/study.nii', 'hot-metal'],
] as const;
for (const [name, path, cmap] of cases) {
  const { volume } = await loadStudy(join(ROOT, path));
  const t0 = performance.now();
  const r = analyzeStudy(volume);
  const tAnalysis = performance.now() - t0;
  renderStudyOutputs(r, { html: true, colormap: cmap });
  const tFig: number[] = [], tAll: number[] = [], cAll: number[] = [];
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    renderStudyFigure(figureSourceOf(r), { colormap: cmap });
    tFig.push(performance.now() - t);
    t = performance.now();
    const c = process.cpuUsage();
    renderStudyOutputs(r, { html: true, colormap: cmap });
    tAll.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cAll.push((d.user + d.system) / 1000);
  }
  const o = renderStudyOutputs(r, { html: true, colormap: cmap });
  writeFileSync(join(OUT, `${name}.png`), o.figure);
  console.log(`${name}: analysis ${tAnalysis.toFixed(0)} ms; study figure ${median(tFig).toFixed(0)} ms; figure + age chart + thumbnail + HTML ${median(tAll).toFixed(0)} ms (CPU ${median(cAll).toFixed(0)} ms); PNG ${o.figure.length} bytes, HTML ${o.html!.length} bytes`);
}
writeFileSync(join(OUT, 'age-chart-child-063.png'), renderAgeChart({ ageYears: 2, ratio: 0.63, tracer: 'HMPAO', reference: null }));
