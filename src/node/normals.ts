/** Load a normal database folder written by `spect-perfusion normals build`. */
import { join } from 'node:path';
import type { NormalDatabase, NormalMaps } from '../classify/normals.js';
import { ErrorCode, IoError } from '../errors.js';
import { readNifti } from '../nifti/index.js';
import { readBytes } from './files.js';

export async function loadNormals(dir: string): Promise<{ db: NormalDatabase; maps: NormalMaps }> {
  const text = new TextDecoder().decode(await readBytes(join(dir, 'normals.json')));
  let db: NormalDatabase;
  try {
    db = JSON.parse(text) as NormalDatabase;
  } catch (e) {
    throw new IoError(ErrorCode.IO_ERROR, 'normals.json is not valid JSON', { cause: e });
  }
  if (db.schema !== 'spect-perfusion/normals') throw new IoError(ErrorCode.IO_ERROR, 'normals.json is not a spect-perfusion normal database');
  // version 1 files (no per-control ages) still load: the classifier reports NORMALS_NO_AGES when it uses them
  if (db.schemaVersion !== 1 && db.schemaVersion !== 2) throw new IoError(ErrorCode.IO_ERROR, 'normals.json has an unknown schemaVersion');
  if (!Number.isInteger(db.n) || db.n < 1 || typeof db.ratios !== 'object' || db.ratios === null || !Array.isArray(db.dims) || db.dims.length !== 3) {
    throw new IoError(ErrorCode.IO_ERROR, 'normals.json lacks n, ratios or dims');
  }
  if (db.controls !== undefined) {
    const ok = Array.isArray(db.controls) && db.controls.length <= db.n && db.controls.every((c) =>
      typeof c === 'object' && c !== null && (c.ageYears === null || typeof c.ageYears === 'number') &&
      (c.cerebellumToCortex === null || typeof c.cerebellumToCortex === 'number'));
    if (!ok) throw new IoError(ErrorCode.IO_ERROR, 'normals.json controls must be a list of { ageYears, cerebellumToCortex } (numbers or null)');
  }
  const mean = readNifti(await readBytes(join(dir, 'mean.nii.gz')));
  const sd = readNifti(await readBytes(join(dir, 'sd.nii.gz')));
  const n = db.dims[0] * db.dims[1] * db.dims[2];
  if (mean.data.length !== n || sd.data.length !== n) throw new IoError(ErrorCode.IO_ERROR, 'normal database maps do not match normals.json');
  return { db, maps: { mean: mean.data, sd: sd.data } };
}
