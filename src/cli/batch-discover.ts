/**
 * The studies of a batch: every file and subfolder of each folder argument,
 * sorted. Symbolic links are followed; one that is broken, or that points at
 * the batch folder or a folder holding it (a loop), becomes a failed study in
 * the summary instead of being skipped silently. The output folder (and
 * anything inside it) is never read as a study.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { ErrorCode } from '../errors.js';
import { errnoCode, ioError } from '../node/files.js';
import { usage } from './args.js';
import { studyInputs } from './analyze-one.js';

const STUDY_EXT = /\.(dcm|dicom|ima|nii|nii\.gz|h33|hv)$/i;
const NOT_A_STUDY = /\.(json|txt|csv|md|png|raw|i33|img|xml|tsv|lut)$/i;

/** A study of the batch, or an entry that cannot be one (reported as a failed study). */
export interface DiscoveredStudy {
  readonly path: string;
  /** Its name relative to the batch root (the entry name in a folder argument, the file name of a file argument): picks its shard. */
  readonly key: string;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface Discovery {
  readonly studies: DiscoveredStudy[];
  /** Entries left out on purpose (the output folder inside an input folder). */
  readonly excluded: number;
}

const inside = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** @param outDir the batch's output folder (already created), never taken as a study */
export async function discoverStudies(args: readonly string[], outDir?: string): Promise<Discovery> {
  const outReal = outDir ? await realpath(outDir).catch(() => resolve(outDir)) : null;
  const studies: DiscoveredStudy[] = [];
  let excluded = 0;
  for (const d of studyInputs(args)) {
    const s = await stat(d).catch(() => null);
    if (!s) throw usage(`argument ${args.indexOf(d) + 1} does not exist`);
    if (!s.isDirectory()) { studies.push({ path: resolve(d), key: basename(resolve(d)) }); continue; }
    const dirReal = await realpath(d).catch((e: unknown) => Promise.reject(ioError('cannot read a batch folder', e)));
    const entries = await readdir(d, { withFileTypes: true }).catch((e: unknown) => Promise.reject(ioError('cannot read a batch folder', e)));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = resolve(d, e.name);
      let isDir = e.isDirectory(), isFile = e.isFile(), real = full;
      if (e.isSymbolicLink()) {
        const t = await stat(full).catch((err: unknown) => errnoCode(err));
        if (typeof t === 'string') {
          studies.push({ path: full, key: e.name, error: { code: ErrorCode.IO_ERROR, message: `a symbolic link whose target cannot be opened (${t})` } });
          continue;
        }
        real = await realpath(full).catch(() => full);
        isDir = t.isDirectory(); isFile = t.isFile();
        if (isDir && inside(dirReal, real)) {
          studies.push({ path: full, key: e.name, error: { code: ErrorCode.IO_ERROR, message: 'a symbolic link to the batch folder or a folder that holds it (a loop): not followed' } });
          continue;
        }
      } else if (isDir) real = await realpath(full).catch(() => full);
      if (outReal && inside(real, outReal)) { excluded++; continue; }
      if (isDir) {
        if (outReal && inside(outReal, real)) {
          studies.push({ path: full, key: e.name, error: { code: ErrorCode.USAGE, message: 'the output folder is inside this study folder: choose an --out outside it' } });
          continue;
        }
        studies.push({ path: full, key: e.name });
      } else if (isFile && (STUDY_EXT.test(e.name) || !NOT_A_STUDY.test(e.name))) studies.push({ path: full, key: e.name });
    }
  }
  return { studies, excluded };
}
