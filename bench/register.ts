/**
 * Registration benchmark: this library vs elastix (Debian CLI) and
 * @itk-wasm/elastix (in-process WebAssembly), affine, on the same simulated
 * 128^3 studies with known truth. Reports the time per study and the landmark
 * error (8 MNI landmarks, docs/registration.md) side by side.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinAtlas, builtinTemplate, groupMask } from '../src/atlas/index.js';
import { prepareSource, simulateStudy, type SimResult } from '../src/simulate/index.js';
import { phantomSource } from '../src/simulate/sources.js';
import { registerToTemplate } from '../src/register/index.js';
import { writeNifti } from '../src/nifti/index.js';
import { applyAffine, invert4, type ReadonlyMat4 } from '../src/volume/affine.js';
import { createVolume, type Volume } from '../src/volume/volume.js';
import { resampleVolume } from '../src/volume/resample.js';
import { hasCommand, median, spread, table, type ScalingSeries, type Section } from './lib.js';
import { affineParameterMap, parameterFileText, parameterNumbers, subjectToMniFromElastix, toItkImage } from './itk.js';

/** MNI landmarks (mm) of docs/registration.md. */
const LANDMARKS: readonly (readonly [number, number, number])[] = [
  [0, 2, -4], [0, -24, -2], [-26, -66, -36], [26, -66, -36], [0, -62, -30], [0, 64, 0], [0, -100, 4], [0, -20, 72],
];

/** Mean and worst |estimated subject->MNI (true MNI->subject (L)) - L| over the landmarks. */
export function landmarkError(estSubjectToMni: ReadonlyMat4, truth: SimResult['truth']): { mean: number; worst: number } {
  const trueInv = invertTruth(truth.subjectToMni);
  let sum = 0, worst = 0;
  for (const l of LANDMARKS) {
    const p = applyAffine(trueInv, l[0], l[1], l[2]);
    const q = applyAffine(estSubjectToMni, p[0], p[1], p[2]);
    const e = Math.hypot(q[0] - l[0], q[1] - l[1], q[2] - l[2]);
    sum += e;
    worst = Math.max(worst, e);
  }
  return { mean: sum / LANDMARKS.length, worst };
}

function invertTruth(m: readonly number[]): Float64Array {
  const out = invert4(Float64Array.from(m));
  if (!out) throw new Error('singular truth transform');
  return out;
}

interface Method {
  readonly name: string;
  readonly times: number[];
  readonly means: number[];
  readonly worsts: number[];
  failures: number;
}

function method(name: string): Method {
  return { name, times: [], means: [], worsts: [], failures: 0 };
}

function record(m: Method, ms: number, est: ReadonlyMat4, truth: SimResult['truth']): void {
  const e = landmarkError(est, truth);
  m.times.push(ms);
  m.means.push(e.mean);
  m.worsts.push(e.worst);
}

/** Simulated studies: built-in phantom, varied pose, size, voxel size, cerebellar factor; seeds 2000+s. */
export function simulateStudies(count: number, matrix: 64 | 128): SimResult[] {
  const src = prepareSource(phantomSource());
  const out: SimResult[] = [];
  for (let s = 0; s < count; s++) {
    out.push(simulateStudy(src, {
      cerebellarFactor: 0.55 + 0.05 * (s % 10),
      matrix,
      voxelSizeMm: (matrix === 128 ? 2.5 : 4) + 0.05 * (s % 8),
      fwhmMm: 10,
      brainScale: 0.8 + 0.02 * (s % 10),
      pose: { rotationsDeg: [((s * 7) % 31) - 15, ((s * 11) % 31) - 15, ((s * 5) % 31) - 15], translationMm: [((s * 13) % 41) - 20, ((s * 3) % 41) - 20, ((s * 17) % 41) - 20] },
    }, 2000 + s));
  }
  return out;
}

/** Cerebellum of the built-in atlas as a 0/1 volume on the 2 mm template grid. */
function cerebellumVolume(): Volume {
  const ba = builtinAtlas({ voxelSize: 2 });
  return createVolume({ data: Float32Array.from(groupMask(ba, 'cerebellum')), dims: ba.dims, affine: ba.affine });
}

type ElastixFn = (parameterObject: unknown, options: { fixed: unknown; moving: unknown }) => Promise<{ transformParameterObject: unknown }>;

async function loadItkElastix(): Promise<ElastixFn | null> {
  try {
    const mod: unknown = await import('@itk-wasm/elastix');
    const fn = (mod as { elastixNode?: unknown }).elastixNode;
    return typeof fn === 'function' ? (fn as ElastixFn) : null;
  } catch {
    return null;
  }
}

/** Numbers of `key` in an itk-wasm transform parameter object (array of maps of string arrays). */
function objectNumbers(obj: unknown, key: string): number[] {
  const maps = Array.isArray(obj) ? obj : [obj];
  const last = maps[maps.length - 1] as Record<string, unknown> | undefined;
  const v = last?.[key];
  if (!Array.isArray(v)) throw new Error(`itk-wasm elastix result has no ${key}`);
  return v.map((x) => Number(x));
}

export async function benchRegister(quick: boolean): Promise<Section> {
  const n = quick ? 2 : 8;
  const missing: string[] = [];
  const template = builtinTemplate({ voxelSize: 2 });
  const cerebellum = cerebellumVolume();
  const studies = simulateStudies(n, 128);
  const opts = { exclude: { volume: cerebellum } };
  registerToTemplate(studies[0]!.volume, template, opts); // warm-up: builds the template pyramid
  const ours = method('spect-perfusion registerToTemplate (cerebellum excluded)');
  for (const st of studies) {
    const t0 = performance.now();
    const r = registerToTemplate(st.volume, template, opts);
    record(ours, performance.now() - t0, r.subjectToMni, st.truth);
  }
  const results: Method[] = [ours];

  const tmp = mkdtempSync(join(tmpdir(), 'spect-bench-reg-'));
  try {
    const map = affineParameterMap();
    writeFileSync(join(tmp, 'fixed.nii'), writeNifti(template));
    const maskData = new Float32Array(cerebellum.data.length);
    for (let i = 0; i < maskData.length; i++) maskData[i] = cerebellum.data[i]! > 0.5 ? 0 : 1;
    writeFileSync(join(tmp, 'mask.nii'), writeNifti(createVolume({ data: maskData, dims: cerebellum.dims, affine: cerebellum.affine }), { datatype: 'uint8' }));
    writeFileSync(join(tmp, 'affine.txt'), parameterFileText(map));
    if (quick) missing.push('elastix CLI and @itk-wasm/elastix (skipped in --quick)');
    else if (hasCommand('elastix')) {
      const cli = method('elastix CLI (Debian), cerebellum excluded by -fMask');
      for (let s = 0; s < studies.length; s++) {
        const st = studies[s]!;
        writeFileSync(join(tmp, 'moving.nii'), writeNifti(st.volume));
        const out = join(tmp, `out${s}`);
        mkdirSync(out, { recursive: true });
        try {
          const t0 = performance.now();
          execFileSync('elastix', ['-f', join(tmp, 'fixed.nii'), '-m', join(tmp, 'moving.nii'), '-fMask', join(tmp, 'mask.nii'), '-p', join(tmp, 'affine.txt'), '-out', out], { stdio: 'ignore' });
          const ms = performance.now() - t0;
          const txt = readFileSync(join(out, 'TransformParameters.0.txt'), 'utf8');
          record(cli, ms, subjectToMniFromElastix(parameterNumbers(txt, 'TransformParameters'), parameterNumbers(txt, 'CenterOfRotationPoint')), st.truth);
        } catch {
          cli.failures++;
        }
      }
      results.push(cli);
    } else missing.push('elastix (CLI)');

    const itkElastix = quick ? null : await loadItkElastix();
    if (itkElastix) {
      const wasm = method('@itk-wasm/elastix (in-process, no mask: its API takes none)');
      const fixed = toItkImage(template, 'fixed');
      const paramObj = [map];
      // warm-up (loads and compiles the WebAssembly module) on a small 64^3 study
      await itkElastix(paramObj, { fixed, moving: toItkImage(simulateStudies(1, 64)[0]!.volume, 'moving') }).catch(() => null);
      for (const st of studies) {
        try {
          const t0 = performance.now();
          const r = await itkElastix(paramObj, { fixed: toItkImage(template, 'fixed'), moving: toItkImage(st.volume, 'moving') });
          const ms = performance.now() - t0;
          const tp = r.transformParameterObject;
          record(wasm, ms, subjectToMniFromElastix(objectNumbers(tp, 'TransformParameters'), objectNumbers(tp, 'CenterOfRotationPoint')), st.truth);
        } catch {
          wasm.failures++;
        }
      }
      results.push(wasm);
    } else if (!quick) missing.push('@itk-wasm/elastix');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const oursMed = median(ours.times);
  const rows = results.map((m) => m.times.length === 0
    ? [m.name, '-', '-', '-', '-', `${m.failures} failed`]
    : [m.name, spread(m.times), `${(median(m.times) / oursMed).toFixed(1)}x`, mean(m.means).toFixed(2), Math.max(...m.worsts).toFixed(2), `${m.times.length}${m.failures ? ` (+${m.failures} failed)` : ''}`]);
  const md = table(['method', 'time per study, ms: median (min-max)', 'time vs ours', 'landmark error mean, mm', 'landmark error worst, mm', 'studies'], rows) +
    `\n${n} simulated 128^3 studies (built-in phantom, 2.5-2.85 mm voxels, rotations up to ±15° per axis, shifts up to ±20 mm, brain size 0.80-0.98, ` +
    `cerebellar factor 0.55-1.0, 10 mm FWHM, Poisson noise; seeds 2000-${2000 + n - 1}) registered to the built-in 2 mm HMPAO template (91x109x91). ` +
    `Landmark error: 8 MNI landmarks (AC, PC, both cerebellar hemispheres, vermis, frontal and occipital poles, vertex) mapped through the true MNI->subject ` +
    `transform and back through the estimated subject->MNI one; "mean" is the mean over studies of the per-study mean, "worst" the largest single landmark error. ` +
    `elastix: affine, AdvancedNormalizedCorrelation, 4 resolutions, AdaptiveStochasticGradientDescent 250 iterations, 3000 random samples, ` +
    `centre-of-gravity initialisation (bench/itk.ts); the CLI time includes process start-up and NIfTI reading and uses all cores (elastix is multi-threaded), ours is single-threaded. ` +
    `Our time excludes the one-off template pyramid (built on a warm-up call).\n`;
  return { title: 'Registration', markdown: md, missing, data: { oursMedianMs: oursMed, oursLandmarkMean: mean(ours.means), oursLandmarkWorst: Math.max(...ours.worsts) } };
}

function mean(a: readonly number[]): number {
  let s = 0;
  for (const x of a) s += x;
  return a.length ? s / a.length : NaN;
}

/** Registration time vs the subject's matrix (64^3, 128^3, and 256^3 = the 128^3 studies resampled to half the voxel size). */
export async function registerScaling(quick: boolean): Promise<ScalingSeries> {
  const template = builtinTemplate({ voxelSize: 2 });
  const opts = { exclude: { volume: cerebellumVolume() } };
  const count = quick ? 1 : 5;
  const series: ScalingSeries = { name: `registration (${count} studies per size)`, points: [] };
  const s128 = simulateStudies(count, 128);
  const sets: Array<[number, Volume[]]> = [
    [64, simulateStudies(count, 64).map((s) => s.volume)],
    [128, s128.map((s) => s.volume)],
  ];
  if (!quick) sets.push([256, s128.map((s) => upsample(s.volume))]);
  registerToTemplate(sets[0]![1][0]!, template, opts);
  for (const [n, vols] of sets) {
    const t: number[] = [];
    for (const v of vols) {
      const t0 = performance.now();
      registerToTemplate(v, template, opts);
      t.push(performance.now() - t0);
    }
    series.points.push({ n, text: spread(t), median: median(t) });
  }
  return series;
}

/** The same field of view on a grid twice as fine (trilinear). */
function upsample(v: Volume): Volume {
  const a = v.affine;
  const aff = Float64Array.from(a);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) aff[r * 4 + c] = a[r * 4 + c]! / 2;
    // voxel centre (0,0,0) of the fine grid sits a quarter of a coarse voxel before the coarse one
    aff[r * 4 + 3] = a[r * 4 + 3]! - 0.25 * (a[r * 4]! + a[r * 4 + 1]! + a[r * 4 + 2]!);
  }
  const dims: [number, number, number] = [v.dims[0] * 2, v.dims[1] * 2, v.dims[2] * 2];
  return resampleVolume(v, dims, aff);
}
