/**
 * Build the example page's library bundle (docs/example/lib/) and, with
 * `--serve [port]`, serve docs/example on http://127.0.0.1:<port>/ (default 8173).
 *
 *   npx tsx test/browser/build-example.ts            # build only
 *   npx tsx test/browser/build-example.ts --serve    # build and serve
 *
 * Uses dist/ when it is fresh, else a private build of src/ (see bundle.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, builtPackage, bundleForBrowser } from './bundle.js';
import { serveStatic } from './server.js';

const EXAMPLE = join(REPO_ROOT, 'docs', 'example');

async function main(argv: readonly string[]): Promise<void> {
  const lib = join(EXAMPLE, 'lib');
  rmSync(lib, { recursive: true, force: true });
  const privateDir = mkdtempSync(join(tmpdir(), 'spect-esm-'));
  let bundle;
  let entry;
  try {
    entry = await builtPackage({ privateDir });
    bundle = await bundleForBrowser(entry, lib, { sourcemap: true });
  } finally {
    rmSync(privateDir, { recursive: true, force: true });
  }
  const js = bundle.files.filter((f) => f.path.endsWith('.js'));
  process.stdout.write(`bundled ${entry.source === 'dist' ? 'dist/' : 'a fresh build of src/ (dist/ is missing or stale)'} into docs/example/lib/:\n`);
  for (const f of js) process.stdout.write(`  ${f.path.padEnd(44)} ${(f.bytes / 1024).toFixed(0).padStart(6)} kB\n`);
  const i = argv.indexOf('--serve');
  if (i >= 0) {
    const port = Number(argv[i + 1] ?? 8173);
    const s = await serveStatic({ mounts: { '/': EXAMPLE }, port: Number.isInteger(port) && port > 0 && port < 65536 ? port : 8173 });
    process.stdout.write(`\nexample page: ${s.origin}/  (Ctrl-C to stop)\n`);
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
