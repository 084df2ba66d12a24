/**
 * Regenerate the shipped atlas assets (src/atlas/assets/builtin-atlas-*.ts)
 * with the project's own generator: `npm run gen:assets`.
 * `--check` writes nothing and exits 1 when a shipped file differs from a fresh
 * generation (test/atlas/assets.test.ts checks the same in-process).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatedAssetFiles } from '../src/atlas/assets/generate.js';

/** Paths (relative to `root`) whose shipped text differs from a fresh generation; writes them unless `check`. */
export async function genAssets(root: string, check: boolean): Promise<string[]> {
  const stale: string[] = [];
  for (const f of generatedAssetFiles()) {
    const path = join(root, f.path);
    const old = await readFile(path, 'utf8').catch(() => null);
    if (old === f.text) continue;
    stale.push(f.path);
    if (!check) await writeFile(path, f.text);
  }
  return stale;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const check = process.argv.includes('--check');
  const stale = await genAssets(join(import.meta.dirname, '..'), check);
  for (const p of stale) console.log(`${check ? 'stale' : 'wrote'} ${p}`);
  if (stale.length === 0) console.log('assets up to date');
  if (check && stale.length > 0) process.exitCode = 1;
}
