/**
 * Check an output folder before any analysis runs: create it (and its
 * parents), make sure it is a folder, and write and remove a probe file in
 * it. Every failure is an IO_ERROR naming the role ("output folder") and the
 * system error code, never the path (it may hold a patient's name).
 */
import { open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, IoError } from '../errors.js';
import { ioError, makeDirs } from '../node/files.js';

/** @throws IoError IO_ERROR when `dir` cannot be created or written. */
export async function checkOutputDir(dir: string, role = 'output folder'): Promise<void> {
  await makeDirs(dir, role);
  const s = await stat(dir).catch((e: unknown) => Promise.reject(ioError(`cannot use the ${role}`, e)));
  if (!s.isDirectory()) throw new IoError(ErrorCode.IO_ERROR, `the ${role} is not a folder (ENOTDIR)`);
  const probe = join(dir, `.spect-perfusion-probe.${process.pid}.${Date.now()}.tmp`);
  let created = false;
  try {
    const fh = await open(probe, 'wx');
    created = true;
    try {
      await fh.writeFile('probe');
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw ioError(`cannot write in the ${role}`, e);
  } finally {
    if (created) await unlink(probe).catch(() => undefined);
  }
}
