/**
 * Regenerate the shipped assets (src/atlas/assets/builtin-atlas-*.ts, the built-in atlas; and
 * src/regions/shipped/cerebellar-masks-2mm.ts, its cerebellar masks) with the project's own
 * generators: `npm run gen:assets`.
 * `--check` writes nothing and exits 1 when a shipped file differs from a fresh
 * generation (test/atlas/assets.test.ts checks the same in-process).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generatedAssetFiles } from '../src/atlas/assets/generate.js';
import { cerebellarMasksFile } from '../src/regions/shipped/generate.js';

/** Paths (relative to `root`) whose shipped text differs from a fresh generation; writes them unless `check`. */
export async function genAssets(root: string, check: boolean): Promise<string[]> {
  const stale: string[] = [];
  for (const f of [...generatedAssetFiles(), cerebellarMasksFile()]) {
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
