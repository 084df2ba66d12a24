/**
 * Node file helpers: bounded reads and atomic writes that never overwrite
 * unless asked (write to a temporary file in the same folder, then link or
 * rename). Every file-system failure becomes an `IoError` IO_ERROR whose
 * message names the path's role and the system error code, never the path.
 */
import { link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ErrorCode, IoError, ResourceLimitError } from '../errors.js';

/** The system error code of a file-system error (`ENOENT`, `EACCES`...), or 'error'. */
export function errnoCode(e: unknown): string {
  const c = (e as NodeJS.ErrnoException | null)?.code;
  return typeof c === 'string' && /^E[A-Z0-9]+$/.test(c) ? c : 'error';
}

/** An IO_ERROR naming what failed and the role of the path (e.g. 'output folder'), never the path. */
export function ioError(what: string, e: unknown): IoError {
  return new IoError(ErrorCode.IO_ERROR, `${what} (${errnoCode(e)})`, { cause: e });
}

/** Read a whole file as a Uint8Array, refusing files above `maxBytes` (default 4 GiB). */
export async function readBytes(path: string, maxBytes = 4 * 1024 ** 3, role = 'the input'): Promise<Uint8Array> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new IoError(ErrorCode.IO_ERROR, `${role} is not a regular file`);
    size = s.size;
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw ioError(`cannot read ${role}`, e);
  }
  if (size > maxBytes) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `${role} is larger than ${maxBytes} bytes`);
  let b: Buffer;
  try {
    b = await readFile(path);
  } catch (e) {
    throw ioError(`cannot read ${role}`, e);
  }
  if (b.byteLength > maxBytes) throw new ResourceLimitError(ErrorCode.RESOURCE_LIMIT, `${role} is larger than ${maxBytes} bytes`);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Create `path` and its missing parents, one level at a time (`mkdir` with
 * `recursive: true` loops forever on some paths in Node 20, e.g. under /proc).
 * @throws IoError IO_ERROR naming `role`: a component is a file (EEXIST/ENOTDIR), no permission, ...
 */
export async function makeDirs(path: string, role = 'output folder'): Promise<void> {
  const missing: string[] = [];
  let p = resolve(path);
  for (let guard = 0; guard < 4096; guard++) {
    const s = await stat(p).catch((e: unknown) => (errnoCode(e) === 'ENOENT' ? null : Promise.reject(ioError(`cannot use the ${role}`, e))));
    if (s) {
      if (!s.isDirectory()) throw new IoError(ErrorCode.IO_ERROR, `cannot create the ${role}: ${missing.length ? 'a parent' : 'it'} is a file, not a folder (${missing.length ? 'ENOTDIR' : 'EEXIST'})`);
      break;
    }
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const m of missing.reverse()) {
    try {
      await mkdir(m);
    } catch (e) {
      if (errnoCode(e) === 'EEXIST') {
        const s = await stat(m).catch(() => null);
        if (s?.isDirectory()) continue;
      }
      throw ioError(`cannot create the ${role}`, e);
    }
  }
}

export interface WriteOptions {
  /** Replace an existing file (default false: an existing file is an error). */
  readonly force?: boolean;
  /** What the file is, for error messages (default 'output file'). */
  readonly role?: string;
}

let tmpCounter = 0;
const EEXIST = 'EEXIST';

/**
 * Write `data` to `path` atomically; creates the folder. The temporary file is
 * removed on every failure path. Without `force`, an existing file is never
 * replaced, even by a concurrent writer (the file is linked into place, which
 * fails if it exists).
 * @throws IoError IO_ERROR
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
  const role = options.role ?? 'output file';
  const dir = dirname(path);
  const name = basename(path);
  await makeDirs(dir, role === 'output file' ? 'output folder' : `folder of the ${role}`);
  if (!options.force && (await stat(path).then(() => true, () => false))) {
    throw new IoError(ErrorCode.IO_ERROR, `an output file exists (${name}; use --force to overwrite)`);
  }
  const tmp = join(dir, `.${name}.${process.pid}.${tmpCounter++}.tmp`);
  let created = false;
  try {
    const fh = await open(tmp, 'wx');
    created = true;
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (options.force) await rename(tmp, path);
    else await linkIntoPlace(tmp, path);
    created = false;
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    if (e instanceof IoError) throw e;
    if (!options.force && errnoCode(e) === 'EEXIST') {
      throw new IoError(ErrorCode.IO_ERROR, `an output file exists (${name}; use --force to overwrite)`, { cause: e });
    }
    throw ioError(`cannot write the ${role} ${name}`, e);
  }
}

/** Link `tmp` to `path` (fails if `path` exists), then remove `tmp`; rename where hard links are not supported. */
async function linkIntoPlace(tmp: string, path: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (e) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS'].includes(errnoCode(e))) throw e;
    if (await stat(path).then(() => true, () => false)) throw Object.assign(new Error('the output file exists'), { code: EEXIST });
    await rename(tmp, path);
    return;
  }
  await unlink(tmp);
}
