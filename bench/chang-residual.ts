/**
 * What the library's Chang step leaves of the simulator's attenuation, per simulator source: the
 * same noise-free study (64^3, 4 mm, GE-style DICOM) analysed once attenuation corrected and once
 * reconstructed without correction (0.13 /cm soft tissue and the simulator's skull, inside the
 * simulator's head with its face and neck or, for the row "b, avg152T1 head", inside the avg152T1
 * head of bench/t1-head.ts; the file says so, so the library applies its Chang correction), for a
 * normal cerebellum (factor 1) and a cold one (0.5), six poses, sizes and blurs. The column
 * "uncorrected, no Chang" is the uncorrected study analysed as it is (the analysis told it was
 * corrected). docs/validation.md ("Studies without attenuation correction") quotes the output.
 * Sources (b) need ../shared/data.
 *
 *   npx tsx bench/chang-residual.ts
 */
import { resolve } from 'node:path';
import { readDicom } from '../src/dicom/index.js';
import { analyzeStudy } from '../src/pipeline/analyze.js';
import { prepareSource, renderStudy } from '../src/simulate/index.js';
import { CHANG_BENCH_STUDIES, changBenchSources, changBenchStudy } from './chang-bench.js';

const shared = resolve(import.meta.dirname, '../../shared/data');
const sources = changBenchSources(shared);

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
console.log(
  '| source | study | cerebellar factor | FWHM mm | ideal (corrected) | measured, corrected study | measured, uncorrected + Chang | Chang - corrected | uncorrected, no Chang - corrected | ideal uncorrected - corrected |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [name, src0] of sources) {
  const src = prepareSource(src0);
  for (let s = 0; s < CHANG_BENCH_STUDIES; s++) {
    const out: { ideal: number; measured: number }[] = [];
    let asIs = NaN,
      cf = NaN,
      fwhm = NaN;
    for (const mu of [0, 0.13]) {
      const sim = changBenchStudy(src, s, mu);
      cf = sim.truth.params.cerebellarFactor;
      fwhm = sim.truth.params.fwhmMm;
      const bytes = renderStudy(sim, { format: 'ge', name: 'study' }).files[0]!.bytes;
      const volume = await readDicom(bytes);
      const report = analyzeStudy(volume, { tracer: 'HMPAO', ageYears: 8 }).report;
      out.push({ ideal: sim.truth.idealRatio, measured: report.ratios.cerebellumToCortex ?? NaN });
      // the uncorrected study measured as it is (told it was corrected: no Chang step)
      if (mu > 0)
        asIs = analyzeStudy(volume, { tracer: 'HMPAO', ageYears: 8, attenuationCorrected: true }).report.ratios.cerebellumToCortex ?? NaN;
    }
    const [ac, no] = out as [{ ideal: number; measured: number }, { ideal: number; measured: number }];
    console.log(
      `| ${name} | ${s} | ${cf} | ${fwhm} | ${f3(ac.ideal)} | ${f3(ac.measured)} | ${f3(no.measured)} | ${signed(no.measured - ac.measured)} | ${signed(asIs - ac.measured)} | ${signed(no.ideal - ac.ideal)} |`,
    );
  }
}
