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
  const mean = readNifti(await readBytes(join(dir, 'mean.nii.gz')));
  const sd = readNifti(await readBytes(join(dir, 'sd.nii.gz')));
  const n = db.dims[0] * db.dims[1] * db.dims[2];
  if (mean.data.length !== n || sd.data.length !== n) throw new IoError(ErrorCode.IO_ERROR, 'normal database maps do not match normals.json');
  return { db, maps: { mean: mean.data, sd: sd.data } };
}
