/**
 * `spect-perfusion simulate`: one simulated study, or a cohort with a truth index.
 */
import { join } from 'node:path';
import { readNifti, readNiftiLabels } from '../nifti/index.js';
import { readBytes, writeFileAtomic } from '../node/files.js';
import { createRng, deriveSeed } from '../kernels/random.js';
import { simulateStudy, prepareSource, renderStudy, randomStudyParams, RENDER_FORMATS, NM_SERIES_RENDER_FORMATS, type RenderFormat, type SimParams, type SimSource } from '../simulate/index.js';
import { absoluteCerebellarFactor, phantomSource } from '../simulate/sources.js';
import { FAKE_IDENTIFIERS } from '../dicom-write/index.js';
import type { CliIo } from './io.js';
import { numberArg, parse, tracerArg, usage } from './args.js';
import { ExitCode } from './exit-codes.js';

export { SIMULATE_HELP } from './help.js';

function triple(v: string | undefined, name: string): [number, number, number] | undefined {
  if (v === undefined) return undefined;
  const p = v.split(',').map(Number);
  if (p.length !== 3 || !p.every(Number.isFinite)) throw usage(`--${name} needs three comma-separated numbers`);
  return [p[0]!, p[1]!, p[2]!];
}

function ints(v: string | undefined, name: string): number[] {
  const p = (v ?? '').split(',').filter(Boolean).map(Number);
  if (p.length === 0 || !p.every(Number.isInteger)) throw usage(`--${name} needs comma-separated label values`);
  return p;
}

async function sourceFrom(values: Record<string, string | boolean | undefined>): Promise<SimSource> {
  if (!values.activity) return phantomSource();
  if (!values.labels) throw usage('--activity needs --labels, --cerebellum and --cortex');
  const activity = readNifti(await readBytes(values.activity as string));
  const lab = readNiftiLabels(await readBytes(values.labels as string));
  return {
    activity,
    labels: { data: lab.labels, dims: lab.volume.dims, affine: lab.volume.affine, cerebellum: ints(values.cerebellum as string, 'cerebellum'), cortex: ints(values.cortex as string, 'cortex') },
  };
}

export async function runSimulate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(args, {
    out: { type: 'string' }, cohort: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' },
    activity: { type: 'string' }, labels: { type: 'string' }, cerebellum: { type: 'string' }, cortex: { type: 'string' },
    factor: { type: 'string' }, age: { type: 'string' }, sex: { type: 'string' }, tracer: { type: 'string' },
    atrophy: { type: 'string' }, scale: { type: 'string' }, rot: { type: 'string' }, shift: { type: 'string' },
    matrix: { type: 'string' }, voxel: { type: 'string' }, fwhm: { type: 'string' }, counts: { type: 'string' },
    'no-noise': { type: 'boolean' }, fov: { type: 'string' }, format: { type: 'string' }, 'fake-identifiers': { type: 'boolean' },
  });
  if (!values.out) throw usage('simulate needs --out DIR');
  const out = values.out;
  const force = values.force === true;
  const seed = numberArg(values.seed, 'seed', 0, 2 ** 31) ?? 1;
  const source = prepareSource(await sourceFrom(values));
  const write = async (dir: string, files: readonly { name: string; bytes: Uint8Array }[]) => {
    for (const f of files) await writeFileAtomic(join(dir, f.name), f.bytes, { force });
  };

  const cohortN = numberArg(values.cohort, 'cohort', 1, 100000);
  if (cohortN !== undefined) {
    const rng = createRng(seed);
    const index: unknown[] = [];
    for (let i = 0; i < cohortN; i++) {
      const p = randomStudyParams(rng);
      const age = p.ageYears ?? 30;
      const relativeFactor = p.cerebellarFactor;
      const params: SimParams = { ...p, cerebellarFactor: absoluteCerebellarFactor(relativeFactor, age) };
      const studySeed = deriveSeed(seed, i);
      const r = simulateStudy(source, params, studySeed);
      const name = `study-${String(i + 1).padStart(4, '0')}`;
      const rendered = renderStudy(r, { format: p.format, includeTruth: false, name: 'study', ...(values['fake-identifiers'] ? { identifiers: FAKE_IDENTIFIERS } : {}) });
      await write(join(out, name), rendered.files);
      const truth = { ...r.truth, relativeFactor, format: p.format };
      await writeFileAtomic(join(out, name, 'truth.json'), JSON.stringify(truth, null, 2) + '\n', { force });
      index.push({ study: name, format: p.format, files: rendered.files.map((f) => f.name), relativeFactor, idealRatio: r.truth.idealRatio, ageYears: age, seed: studySeed });
      io.stderr(`\r${i + 1}/${cohortN}`);
    }
    io.stderr('\n');
    await writeFileAtomic(join(out, 'truth.json'), JSON.stringify({ seed, n: cohortN, studies: index }, null, 2) + '\n', { force });
    io.stdout(`wrote a cohort of ${cohortN} simulated studies to ${out} (index: truth.json)\n`);
    return ExitCode.OK;
  }

  const format = (values.format ?? 'ge') as RenderFormat;
  const formats: readonly RenderFormat[] = [...RENDER_FORMATS, ...NM_SERIES_RENDER_FORMATS];
  if (!formats.includes(format)) throw usage(`--format must be one of ${formats.join(', ')}`);
  const age = numberArg(values.age, 'age', 0, 120) ?? 30;
  const relativeFactor = numberArg(values.factor, 'factor', 0.2, 1.5) ?? 1;
  const sex = values.sex === undefined ? undefined : values.sex === 'M' || values.sex === 'F' ? values.sex : (() => { throw usage('--sex must be M or F'); })();
  const tracer = tracerArg(values.tracer);
  const rot = triple(values.rot, 'rot'), shift = triple(values.shift, 'shift');
  const matrix = numberArg(values.matrix, 'matrix', 64, 128);
  if (matrix !== undefined && matrix !== 64 && matrix !== 128) throw usage('--matrix must be 64 or 128');
  const params: SimParams = {
    cerebellarFactor: absoluteCerebellarFactor(relativeFactor, age),
    ageYears: age,
    ...(sex ? { sex } : {}),
    ...(tracer ? { tracer } : {}),
    ...(values.atrophy !== undefined ? { cerebellarAtrophy: numberArg(values.atrophy, 'atrophy', 0, 0.5)! } : {}),
    ...(values.scale !== undefined ? { brainScale: numberArg(values.scale, 'scale', 0.75, 1.05)! } : {}),
    ...(rot || shift ? { pose: { rotationsDeg: rot ?? [0, 0, 0], translationMm: shift ?? [0, 0, 0] } } : {}),
    ...(matrix !== undefined ? { matrix: matrix as 64 | 128 } : {}),
    ...(values.voxel !== undefined ? { voxelSizeMm: numberArg(values.voxel, 'voxel', 2.2, 4.8)! } : {}),
    ...(values.fwhm !== undefined ? { fwhmMm: numberArg(values.fwhm, 'fwhm', 6, 14)! } : {}),
    ...(values.counts !== undefined ? { totalCounts: numberArg(values.counts, 'counts', 1e3, 1e10)! } : {}),
    ...(values['no-noise'] ? { noise: false } : {}),
    ...(values.fov !== undefined ? { axialFovMm: numberArg(values.fov, 'fov', 20, 400)! } : {}),
  };
  const r = simulateStudy(source, params, seed);
  const rendered = renderStudy(r, { format, name: 'study', ...(values['fake-identifiers'] ? { identifiers: FAKE_IDENTIFIERS } : {}) });
  await write(out, rendered.files);
  await writeFileAtomic(join(out, 'truth.json'), JSON.stringify({ ...r.truth, relativeFactor, format }, null, 2) + '\n', { force });
  const names = rendered.files.length > 3 ? `${rendered.files.length} files` : rendered.files.map((f) => f.name).join(', ');
  io.stdout(`wrote ${names} and truth.json to ${out}: ideal cerebellum/cortex ${r.truth.idealRatio.toFixed(3)}\n`);
  return ExitCode.OK;
}
