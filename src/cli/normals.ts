/**
 * `spect-perfusion normals build <controls...> --out DIR`: a normal database
 * from control studies (see src/classify/normals.ts).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, IoError } from '../errors.js';
import { checkOutputDir } from './out-check.js';
import { analyzeStudy } from '../pipeline/analyze.js';
import { NormalDatabaseBuilder } from '../pipeline/normals-build.js';
import { DEFAULT_NORMALS_LIMITS } from '../classify/normals-safety.js';
import { writeNifti } from '../nifti/index.js';
import { loadStudy } from '../node/load.js';
import { writeFileAtomic } from '../node/files.js';
import { createVolume } from '../volume/volume.js';
import { roundDeep } from '../report/json.js';
import { builtinAtlas } from '../atlas/index.js';
import type { CliIo } from './io.js';
import { numberArg, parse, tracerArg, usage } from './args.js';
import { ExitCode } from './exit-codes.js';

export { NORMALS_HELP } from './help.js';

export async function runNormals(args: readonly string[], io: CliIo): Promise<number> {
  if (args[0] !== 'build') throw usage("normals: the only subcommand is 'build'");
  const { values, positionals } = parse(args.slice(1), {
    out: { type: 'string' }, tracer: { type: 'string' }, age: { type: 'string' }, force: { type: 'boolean' },
  });
  if (!values.out) throw usage('normals build needs --out DIR');
  if (positionals.length < 2) throw usage('normals build needs at least two control studies');
  const tracerOpt = tracerArg(values.tracer);
  const age = numberArg(values.age, 'age', 0, 120);
  // the output folder is checked before the controls are analysed
  const force = values.force === true;
  await checkOutputDir(values.out);
  if (!force) {
    for (const f of ['normals.json', 'mean.nii.gz', 'sd.nii.gz']) {
      if (await stat(join(values.out, f)).then(() => true, () => false)) throw new IoError(ErrorCode.IO_ERROR, `an output file exists (${f}; use --force to overwrite)`);
    }
  }
  const atlas = builtinAtlas({ voxelSize: 2 });
  const builder = new NormalDatabaseBuilder(atlas);
  for (const [i, p] of positionals.entries()) {
    const { volume } = await loadStudy(p);
    const r = analyzeStudy(volume, { ...(tracerOpt ? { tracer: tracerOpt } : {}), ...(age !== undefined ? { ageYears: age } : {}), atlas });
    const problem = builder.add(r);
    if (problem?.kind === 'no-tracer') throw usage(`control ${i + 1} has no tracer: give --tracer`);
    if (problem?.kind === 'tracer-mismatch') throw usage(`control ${i + 1} is ${problem.tracer}, the others ${problem.databaseTracer}`);
    if (problem?.kind === 'no-whole-brain') throw usage(`control ${i + 1}: whole-brain mean could not be measured`);
    io.stderr(`control ${i + 1}/${positionals.length}: cerebellum/cortex ${r.ratios.cerebellumToCortex?.toFixed(3) ?? '-'}\n`);
  }
  const { db, maps } = builder.finish();
  await writeFileAtomic(join(values.out, 'normals.json'), JSON.stringify(roundDeep(db), null, 2) + '\n', { force });
  const mk = (data: Float32Array) => writeNifti(createVolume({ data, dims: atlas.dims, affine: atlas.affine }), { gzip: true, xformCode: 4, description: 'spect-perfusion normals' });
  await writeFileAtomic(join(values.out, 'mean.nii.gz'), mk(maps.mean), { force });
  await writeFileAtomic(join(values.out, 'sd.nii.gz'), mk(maps.sd), { force });
  const r = db.ratios.cerebellumToCortex;
  const ages = db.ageRange ? `aged ${db.ageRange[0]}-${db.ageRange[1]} y` : 'no ages';
  io.stdout(`normal database: ${db.n} ${db.tracer} controls (${ages}); cerebellum/cortex ${r ? `${r.mean.toFixed(3)} +/- ${r.sd.toFixed(3)}` : '-'}; written to ${values.out}\n`);
  if (db.n < DEFAULT_NORMALS_LIMITS.minControls) {
    io.stderr(`warning: ${db.n} controls is fewer than the ${DEFAULT_NORMALS_LIMITS.minControls} the classifier needs: analyze --normals will classify against the built-in age model (regional z-scores and z-maps are still computed)\n`);
  }
  if (r && r.sd / r.mean < DEFAULT_NORMALS_LIMITS.minCv) {
    io.stderr(`warning: cerebellum/cortex CV ${(100 * r.sd / r.mean).toFixed(1)} % is below the ${(100 * DEFAULT_NORMALS_LIMITS.minCv).toFixed(0)} % test-retest variability: implausibly small; the classifier raises it to that floor\n`);
  }
  const missingAges = (db.controls ?? []).filter((c) => c.ageYears === null).length;
  if (missingAges > 0) io.stderr(`warning: ${missingAges} controls have no age (give --age or use studies with Patient's Age): age dependence cannot be modelled for them\n`);
  return ExitCode.OK;
}
