/**
 * One batch at a time per output folder: DIR/.lock holds the owner's pid and
 * host. It is created complete and atomically (written to a temporary file,
 * then linked, which fails if a lock exists). A lock whose process is gone
 * (same host, pid not running) is stale and taken over; a live one, or one
 * from another host, makes the second batch stop with IO_ERROR before it
 * analyses anything.
 */
import { link, open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ErrorCode, IoError } from '../errors.js';
import { errnoCode, ioError } from '../node/files.js';

interface LockInfo { readonly pid: number; readonly host: string; readonly started: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

async function readLock(path: string): Promise<LockInfo | null> {
  const t = await readFile(path, 'utf8').catch(() => null);
  if (t === null) return null;
  try {
    const j = JSON.parse(t) as LockInfo;
    return Number.isInteger(j.pid) && typeof j.host === 'string' ? j : null;
  } catch {
    return null;
  }
}

/** Take the lock of `outDir`; returns its release. @throws IoError IO_ERROR when another batch holds it */
export async function acquireBatchLock(outDir: string): Promise<() => Promise<void>> {
  const path = join(outDir, '.lock');
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  const text = JSON.stringify(me) + '\n';
  const tmp = join(outDir, `.lock.${process.pid}.tmp`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(tmp, 'w');
      try { await fh.writeFile(text); } finally { await fh.close(); }
      try {
        await linkOrCreate(tmp, path, text);
        return async () => {
          const now = await readLock(path);
          if (now && now.pid === me.pid && now.host === me.host && now.started === me.started) await unlink(path).catch(() => undefined);
        };
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') throw ioError('cannot take the lock of the output folder', e);
      }
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
    const held = await readLock(path);
    if (held && held.host === me.host && !alive(held.pid)) {
      await unlink(path).catch(() => undefined); // stale: its batch is gone
      continue;
    }
    if (held === null && attempt === 0) continue; // removed meanwhile (or unreadable): try once more
    const who = held ? `pid ${held.pid} on ${held.host === me.host ? 'this host' : `host ${held.host}`}, since ${held.started}` : 'unknown owner';
    throw new IoError(ErrorCode.IO_ERROR, `the output folder is in use by another batch (${who}): wait for it to finish, or remove .lock in the output folder if that batch is not running`);
  }
  throw new IoError(ErrorCode.IO_ERROR, 'cannot take the lock of the output folder (it keeps changing)');
}

/** Hard-link the complete lock into place (fails if one exists); where hard links are not supported, create it exclusively. */
async function linkOrCreate(tmp: string, path: string, text: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (e) {
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(errnoCode(e))) throw e;
    const fh = await open(path, 'wx');
    try { await fh.writeFile(text); } finally { await fh.close(); }
  }
}
