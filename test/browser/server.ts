/**
 * A minimal static HTTP server on 127.0.0.1 for the browser test and the
 * example page: URL prefixes map to folders, plus in-memory files. Paths are
 * normalised and must stay inside their folder; only GET/HEAD.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.dcm': 'application/dicom',
  '.nii': 'application/octet-stream',
  '.gz': 'application/gzip',
};

export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" (no trailing slash). */
  readonly origin: string;
  /** Paths requested so far (URL pathnames), in order. */
  readonly requested: readonly string[];
  close(): Promise<void>;
}

export interface ServeOptions {
  /** URL prefix ("/", "/lib/") -> folder. The longest matching prefix wins. */
  readonly mounts: Readonly<Record<string, string>>;
  /** URL pathname -> bytes served from memory (checked first). */
  readonly memory?: ReadonlyMap<string, Uint8Array>;
  /** Port (0 = any free port). */
  readonly port?: number;
}

/** Serve folders and in-memory files on 127.0.0.1. */
export async function serveStatic(options: ServeOptions): Promise<StaticServer> {
  const mounts = Object.entries(options.mounts)
    .map(([prefix, dir]) => ({ prefix, dir: resolve(dir) }))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      } catch {
        res.writeHead(400).end();
        return;
      }
      requested.push(pathname);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const mem = options.memory?.get(pathname);
      if (mem) {
        res.writeHead(200, { 'content-type': MIME[extname(pathname)] ?? 'application/octet-stream', 'content-length': mem.byteLength });
        res.end(req.method === 'HEAD' ? undefined : mem);
        return;
      }
      const m = mounts.find((x) => pathname.startsWith(x.prefix));
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      let file = normalize(join(m.dir, pathname.slice(m.prefix.length)));
      if (file !== m.dir && !file.startsWith(m.dir + sep)) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': body.byteLength, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    requested,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
