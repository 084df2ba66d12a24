/**
 * Node file helpers: bounded reads and atomic writes that never overwrite
 * unless asked (write to a temporary file in the same folder, then rename).
 */
import { mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, IoError } from '../errors.js';

/** Read a whole file as a Uint8Array, refusing files above `maxBytes` (default 4 GiB). */
export async function readBytes(path: string, maxBytes = 4 * 1024 ** 3): Promise<Uint8Array> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new IoError(ErrorCode.IO_ERROR, 'the input is not a regular file');
    size = s.size;
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw new IoError(ErrorCode.IO_ERROR, `cannot read the input (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
  }
  if (size > maxBytes) throw new IoError(ErrorCode.RESOURCE_LIMIT, `the input is larger than ${maxBytes} bytes`);
  const b = await readFile(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export interface WriteOptions {
  /** Replace an existing file (default false: an existing file is an error). */
  readonly force?: boolean;
}

let tmpCounter = 0;

/** Write `data` to `path` atomically; creates the folder. */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  if (!options.force) {
    const exists = await stat(path).then(() => true, () => false);
    if (exists) throw new IoError(ErrorCode.IO_ERROR, `an output file exists (${basename(path)}; use --force to overwrite)`);
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${tmpCounter++}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new IoError(ErrorCode.IO_ERROR, `cannot write ${basename(path)}`, { cause: e });
  }
}
