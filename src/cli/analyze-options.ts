/**
 * The analysis options of `analyze` and `batch`: one option table, one help
 * text, one translation into AnalyzeOptions, and one loader of the files they
 * name (--atlas, --template, --normals), which `analyze` calls itself and
 * each batch worker calls once. So a batch analyses a study exactly as
 * `analyze` does with the same options.
 */
import type { AnalyzeOptions } from '../pipeline/analyze.js';
import { loadAtlasFiles } from '../node/atlas.js';
import { readBytes } from '../node/files.js';
import { loadNormals } from '../node/normals.js';
import { readNifti } from '../nifti/index.js';
import { FIGURE_ARG_OPTIONS, ageArg, tracerArg, usage } from './args.js';
import { parseAtlasArg } from './atlas-arg.js';

/** Options shared by `analyze` and `batch` (each adds its own: --out, --force, ...). */
export const ANALYSIS_OPTIONS = {
  age: { type: 'string' }, tracer: { type: 'string' },
  'assume-age': { type: 'string' }, 'assume-tracer': { type: 'string' },
  'attenuation-corrected': { type: 'string' },
  'pseudonym-key': { type: 'string' }, 'include-identifiers': { type: 'boolean' },
  atlas: { type: 'string' }, template: { type: 'string' }, normals: { type: 'string' },
  mni: { type: 'boolean' },
  ...FIGURE_ARG_OPTIONS,
} as const;

export { ANALYSIS_OPTIONS_HELP } from './help.js';

type Values = Readonly<Record<string, string | boolean | undefined>>;
const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/** `yes`/`no` (also true/false, 1/0). */
export function yesNoArg(v: string | undefined, name: string): boolean | undefined {
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(t)) return true;
  if (['no', 'n', 'false', '0'].includes(t)) return false;
  throw usage(`--${name} must be yes or no, got '${v}'`);
}

/** The analysis options given on the command line, without the files (plain data a worker can receive). */
export function analyzeOptionsFrom(values: Values): AnalyzeOptions & { readonly includeIdentifiers: boolean } {
  const age = ageArg(str(values.age), 'age');
  const tracer = tracerArg(str(values.tracer));
  const assumeAge = ageArg(str(values['assume-age']), 'assume-age');
  const assumeTracer = tracerArg(str(values['assume-tracer']));
  const ac = yesNoArg(str(values['attenuation-corrected']), 'attenuation-corrected');
  const key = str(values['pseudonym-key']);
  return {
    ...(age !== undefined ? { ageYears: age } : {}),
    ...(tracer !== undefined ? { tracer } : {}),
    ...(ac !== undefined ? { attenuationCorrected: ac } : {}),
    classifier: {
      ...(assumeAge !== undefined ? { assumeAgeYears: assumeAge } : {}),
      ...(assumeTracer !== undefined ? { assumeTracer } : {}),
    },
    ...(key !== undefined ? { pseudonymKey: key } : {}),
    includeIdentifiers: values['include-identifiers'] === true,
  };
}

/** The files of --atlas, --template and --normals (paths as given). */
export interface ResourceArgs {
  readonly atlas?: string;
  readonly template?: string;
  readonly normals?: string;
}

export function resourceArgsFrom(values: Values): ResourceArgs {
  const atlas = str(values.atlas), template = str(values.template), normals = str(values.normals);
  if (atlas !== undefined) parseAtlasArg(atlas); // a malformed spec is a usage error before anything is read
  return { ...(atlas ? { atlas } : {}), ...(template ? { template } : {}), ...(normals ? { normals } : {}) };
}

/** Load the files of --atlas, --template and --normals into AnalyzeOptions fields. */
export async function loadResources(r: ResourceArgs): Promise<Pick<AnalyzeOptions, 'atlas' | 'template' | 'normals'>> {
  return {
    ...(r.normals ? { normals: await loadNormals(r.normals) } : {}),
    ...(r.atlas ? { atlas: await loadAtlasFiles(parseAtlasArg(r.atlas)) } : {}),
    ...(r.template ? { template: readNifti(await readBytes(r.template, undefined, 'the template')) } : {}),
  };
}
