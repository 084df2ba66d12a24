/** Analyses of the repository's fixtures (fixtures/, built by the project's simulator and writers), shared by the report tests. */
import { join, resolve } from 'node:path';
import { analyzeStudy, type AnalysisResult } from '../../src/pipeline/analyze.js';
import { loadStudy } from '../../src/node/load.js';
import { REPO_ROOT } from '../helpers/shared-data.js';

const FIX = resolve(REPO_ROOT, 'fixtures');
export const FIXTURES = { normalAdult: 'adult-normal-ge/study.dcm', severeChild: 'child-severe-hermes/study.dcm', truncated: 'adult-fovcut-nifti/study.nii' } as const;

const cache = new Map<string, Promise<AnalysisResult>>();
export function analyzed(name: keyof typeof FIXTURES): Promise<AnalysisResult> {
  let p = cache.get(name);
  if (!p) { p = loadStudy(join(FIX, FIXTURES[name])).then(({ volume }) => analyzeStudy(volume)); cache.set(name, p); }
  return p;
}
