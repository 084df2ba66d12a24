/**
 * The generated summaries of docs/benchmarks.md: the issue's targets next to
 * the measured figures, and the growth of time with volume size.
 */
import { table, type ScalingSeries } from './lib.js';

interface Target {
  readonly what: string;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

function has(d: Readonly<Record<string, number>>, ...keys: string[]): boolean {
  return keys.every((k) => typeof d[k] === 'number' && Number.isFinite(d[k]));
}

const MIB_TO_MB = 1.048576;

/** Targets of the issues (reading, registration, analysis, batch, memory) with met / not met. */
export function targetsTable(d: Readonly<Record<string, number>>, quick: boolean): string {
  const t: Target[] = [];
  const n = (k: string): number => d[k]!;
  t.push(has(d, 'read128VsCopy')
    ? { what: 'read NM multi-frame 128^3', target: '<= 2.5x copying the bytes', measured: `${n('read128VsCopy').toFixed(1)}x (${n('read128Ms').toFixed(1)} ms; ${has(d, 'read128VsWiden') ? `${n('read128VsWiden').toFixed(1)}x a bare native int16 -> Float32 conversion of the same bytes` : ''})`, met: n('read128VsCopy') <= 2.5 }
    : { what: 'read NM multi-frame 128^3', target: '<= 2.5x copying the bytes', measured: 'not measured', met: null });
  t.push(has(d, 'read128DcmjsVsOurs', 'read128DaikonVsOurs')
    ? { what: 'read 128^3 vs dcmjs and daikon', target: 'faster than both', measured: `dcmjs ${n('read128DcmjsVsOurs').toFixed(1)}x, daikon ${n('read128DaikonVsOurs').toFixed(1)}x our time`, met: n('read128DcmjsVsOurs') > 1 && n('read128DaikonVsOurs') > 1 }
    : { what: 'read 128^3 vs dcmjs and daikon', target: 'faster than both', measured: 'not measured', met: null });
  t.push(has(d, 'oursMedianMs')
    ? { what: 'registration of a 128^3 study', target: '<= 300 ms median', measured: `${n('oursMedianMs').toFixed(0)} ms median (landmark error mean ${n('oursLandmarkMean').toFixed(2)} mm, worst ${n('oursLandmarkWorst').toFixed(2)} mm)`, met: n('oursMedianMs') <= 300 }
    : { what: 'registration of a 128^3 study', target: '<= 300 ms median', measured: 'not measured', met: null });
  t.push(has(d, 'oneStudyMs')
    ? { what: 'full analysis of one 128^3 study (bytes to JSON report)', target: '<= 0.5 s median', measured: `${(n('oneStudyMs') / 1000).toFixed(2)} s median`, met: n('oneStudyMs') <= 500 }
    : { what: 'full analysis of one 128^3 study', target: '<= 0.5 s median', measured: 'not measured', met: null });
  t.push(has(d, 'batch2S') && !quick
    ? { what: 'batch of 100 studies, 2 workers', target: '<= 40 s on 2 cores', measured: `${n('batch2S').toFixed(1)} s (1 worker: ${has(d, 'batch1S') ? n('batch1S').toFixed(1) : '?'} s)`, met: n('batch2S') <= 40 }
    : { what: 'batch of 100 studies, 2 workers', target: '<= 40 s on 2 cores', measured: quick ? 'not measured (--quick runs 4 studies)' : 'not measured', met: null });
  t.push(has(d, 'oneStudyPeakMiB')
    ? { what: "peak memory of one study's analysis (CLI process)", target: '<= 300 MB', measured: `${(n('oneStudyPeakMiB') * MIB_TO_MB).toFixed(0)} MB RSS`, met: n('oneStudyPeakMiB') * MIB_TO_MB <= 300 }
    : { what: "peak memory of one study's analysis", target: '<= 300 MB', measured: 'not measured', met: null });
  return table(['what', 'target', 'measured', 'met?'], t.map((x) => [x.what, x.target, x.measured, x.met === null ? '-' : x.met ? 'met' : '**not met**'])) +
    '\nMeasured on a shared 2-core machine under load (see the load average above); "not met" on a timing target can be the load as much as the code: ' +
    'compare the ratios to the peers in the same run, which share the same load.\n';
}

/** Exponent b of t ~ V^b between two sizes (V = n^3 voxels). */
function exponent(n1: number, t1: number, n2: number, t2: number): number {
  return Math.log(t2 / t1) / Math.log((n2 / n1) ** 3);
}

function growthWord(b: number): string {
  if (!Number.isFinite(b)) return '?';
  if (b < 0.8) return 'sub-linear';
  if (b <= 1.2) return 'linear';
  return 'super-linear';
}

/** Table of time vs n^3 with the growth exponent between successive sizes. */
export function scalingMarkdown(series: readonly ScalingSeries[], d: Readonly<Record<string, number>>): string {
  const all: ScalingSeries[] = [...series];
  const statsPts = [64, 128, 256].filter((n) => has(d, `stats${n}Ms`)).map((n) => ({ n, text: d[`stats${n}Ms`]!.toFixed(1), median: d[`stats${n}Ms`]! }));
  if (statsPts.length) all.push({ name: 'regional statistics, means of 116 labels (median)', points: statsPts });
  const sizes = [...new Set(all.flatMap((s) => s.points.map((p) => p.n)))].sort((a, b) => a - b);
  const rows = all.map((s) => {
    const cells = sizes.map((n) => s.points.find((p) => p.n === n)?.text ?? '-');
    const steps: string[] = [];
    for (let i = 1; i < s.points.length; i++) {
      const a = s.points[i - 1]!, b = s.points[i]!;
      const e = exponent(a.n, a.median, b.n, b.median);
      steps.push(`${a.n}->${b.n}: x${(b.median / a.median).toFixed(1)}, b = ${e.toFixed(2)} (${growthWord(e)})`);
    }
    return [s.name, ...cells, steps.join('; ')];
  });
  return table(['operation', ...sizes.map((n) => `${n}^3, ms`), 'growth per step (8x voxels): time ratio, exponent b in t ~ V^b'], rows) +
    '\nTimes: median (min-max). b = 1 is linear in the number of voxels. Reading and statistics are single passes over the voxels, so they are expected to be linear ' +
    '(at 64^3 fixed costs such as parsing the header weigh more, which lowers b). Registration works on a pyramid at fixed voxel sizes in mm (8, 6, 4 mm), ' +
    'so only its first step (down-sampling the study) grows with the matrix; the 256^3 studies are the 128^3 ones resampled to half the voxel size, same field of view.\n';
}
