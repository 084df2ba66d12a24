/**
 * The remembered state of a batch output folder (DIR/.state/):
 * - options.json: a hash of each option that changes results (never the values;
 *   the pseudonym key is stored only as a hash), so that a re-run with other
 *   options is noticed;
 * - <key>.json per finished study, keyed by its input (path, size, time,
 *   sidecar, manifest row) and the options, holding its result, the output id
 *   it was written under and a hash of its input identity (which claims that id).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isNiftiPath, sidecarPathFor } from '../node/load.js';
import { readBytes, writeFileAtomic } from '../node/files.js';
import { VERSION } from '../version.js';
import { hmacSha256, toHex, utf8 } from '../hash/sha256.js';
import type { BatchJobResult } from './batch-types.js';
import type { ManifestValues } from './manifest.js';
import { atlasArgFiles } from './atlas-arg.js';
import { yesNoArg } from './analyze-options.js';

const acValue = (v: string | undefined): string | undefined => {
  const b = yesNoArg(v, 'attenuation-corrected');
  return b === undefined ? undefined : b ? 'yes' : 'no';
};

const sha = (...parts: (string | Uint8Array)[]) => {
  const h = createHash('sha256');
  for (const p of parts) { h.update(p); h.update('\0'); }
  return h.digest('hex');
};

/** The options of a batch that change what it writes. */
export interface ResultOptions {
  readonly age?: string | undefined;
  readonly tracer?: string | undefined;
  readonly 'assume-age'?: string | undefined;
  readonly 'assume-tracer'?: string | undefined;
  readonly 'attenuation-corrected'?: string | undefined;
  readonly 'pseudonym-key'?: string | undefined;
  readonly 'include-identifiers'?: boolean | undefined;
  readonly mni?: boolean | undefined;
  readonly atlas?: string | undefined;
  readonly template?: string | undefined;
  readonly normals?: string | undefined;
  readonly colormap?: string | undefined;
  readonly orientation?: string | undefined;
  readonly html?: boolean | undefined;
}

async function contentHash(paths: readonly string[]): Promise<string> {
  const parts: Uint8Array[] = [];
  for (const p of paths) parts.push(await readBytes(p, 1024 ** 3, 'a file of --atlas, --template or --normals'));
  return sha('files', ...parts);
}

/** A hash per result-affecting option ('-' when absent); files are hashed by their content. */
export async function optionsFingerprint(v: ResultOptions): Promise<Record<string, string>> {
  const val = (name: string, x: string | boolean | undefined) => (x === undefined || x === false ? '-' : sha(name, String(x)).slice(0, 16));
  return {
    version: VERSION,
    age: val('age', v.age),
    tracer: val('tracer', v.tracer?.toLowerCase()),
    'assume-age': val('assume-age', v['assume-age']),
    'assume-tracer': val('assume-tracer', v['assume-tracer']?.toLowerCase()),
    // yes/no as the option means it (y, true, 1 are yes), so that spelling it otherwise is no change
    'attenuation-corrected': val('attenuation-corrected', acValue(v['attenuation-corrected'])),
    'pseudonym-key': val('pseudonym-key', v['pseudonym-key']),
    'include-identifiers': val('include-identifiers', v['include-identifiers']),
    mni: val('mni', v.mni),
    colormap: val('colormap', v.colormap?.toLowerCase()),
    orientation: val('orientation', v.orientation?.toLowerCase()),
    html: val('html', v.html),
    atlas: v.atlas ? (await contentHash(atlasArgFiles(v.atlas))).slice(0, 16) : '-',
    template: v.template ? (await contentHash([v.template])).slice(0, 16) : '-',
    normals: v.normals ? (await contentHash(['normals.json', 'mean.nii.gz', 'sd.nii.gz'].map((f) => join(v.normals!, f)))).slice(0, 16) : '-',
  };
}

const stateDir = (outDir: string) => join(outDir, '.state');

/** The options recorded by the last run in `outDir`, or null (none, or unreadable). */
export async function readRecordedOptions(outDir: string): Promise<Record<string, string> | null> {
  const t = await readFile(join(stateDir(outDir), 'options.json'), 'utf8').catch(() => null);
  if (t === null) return null;
  try {
    const j = JSON.parse(t) as { options?: Record<string, string> };
    return j.options && typeof j.options === 'object' ? j.options : null;
  } catch {
    return null;
  }
}

export async function writeRecordedOptions(outDir: string, fp: Record<string, string>): Promise<void> {
  await writeFileAtomic(join(stateDir(outDir), 'options.json'), JSON.stringify({ v: 1, options: fp }) + '\n', { force: true, role: 'batch state' });
}

/** The option names whose recorded hash differs (version changes count too; an option not recorded was absent). */
export function changedOptions(recorded: Record<string, string>, now: Record<string, string>): string[] {
  return Object.keys(now).filter((k) => (recorded[k] ?? '-') !== now[k]).map((k) => (k === 'version' ? 'software version' : `--${k}`));
}

/** The hash naming one input of a batch (its path and, from a manifest, its row): claims an output id. */
export function inputIdentity(path: string, manifest: ManifestValues | undefined): string {
  return sha('input', path, manifest ? `row ${manifest.row}` : '').slice(0, 24);
}

/**
 * The resume key of a study: its path, size and time, its sidecar's size and time,
 * its manifest values and the batch's options, so that changing any recomputes.
 */
export async function stateKey(path: string, manifest: ManifestValues | undefined, fingerprint: Record<string, string>): Promise<string> {
  return sha('state', await inputText(path, manifest), JSON.stringify(fingerprint)).slice(0, 24);
}

/** What identifies an input file for resuming: path, size and time (and its sidecar's), manifest values. */
async function inputText(path: string, manifest: ManifestValues | undefined): Promise<string> {
  const s = await stat(path);
  let text = `${path}\0${s.size}\0${s.mtimeMs}`;
  if (isNiftiPath(path)) {
    const j = await stat(sidecarPathFor(path)).catch(() => null);
    if (j) text += `\0sidecar\0${j.size}\0${j.mtimeMs}`;
  }
  if (manifest) text += `\0manifest\0${manifest.ageYears}\0${manifest.tracer}\0${manifest.sex}\0${manifest.override}`;
  return text;
}

/**
 * The key under which batches before state version 2 remembered a study (no options),
 * so that their outputs stay claimed by the same input instead of turning into `-2` copies.
 */
export async function legacyStateKey(path: string, manifest: ManifestValues | undefined): Promise<string> {
  return toHex(hmacSha256(utf8('spect-perfusion-batch'), utf8(await inputText(path, manifest)))).slice(0, 24);
}

/** The output id a pre-version-2 state entry records (its report's study id), or null. */
export async function legacyOutputId(outDir: string, key: string): Promise<string | null> {
  const t = await readFile(join(stateDir(outDir), `${key}.json`), 'utf8').catch(() => null);
  if (t === null) return null;
  try {
    const j = JSON.parse(t) as { v?: number; ok?: boolean; report?: { study?: { id?: unknown } } };
    const id = j.v === undefined && j.ok === true ? j.report?.study?.id : undefined;
    return typeof id === 'string' && /^[A-Za-z0-9._-]+$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** One finished study in DIR/.state/<key>.json. */
export interface StateEntry {
  readonly v: 2;
  readonly key: string;
  readonly input: string;
  readonly outputId: string;
  /** File names written (in the output folder). */
  readonly written: readonly string[];
  /** The label of the other input whose output id this study's report shares, if any. */
  readonly collision: string | null;
  readonly result: Extract<BatchJobResult, { ok: true }>;
}

/** Every readable version-2 entry in the state folder (older or broken ones are ignored: those studies are recomputed). */
export async function readStateEntries(outDir: string): Promise<StateEntry[]> {
  const names = await readdir(stateDir(outDir)).catch(() => [] as string[]);
  const out: StateEntry[] = [];
  for (const n of names.sort()) {
    if (!/^[0-9a-f]{24}\.json$/.test(n)) continue;
    const t = await readFile(join(stateDir(outDir), n), 'utf8').catch(() => null);
    if (t === null) continue;
    try {
      const e = JSON.parse(t) as StateEntry;
      if (e.v === 2 && typeof e.outputId === 'string' && typeof e.input === 'string' && e.result?.ok === true && Array.isArray(e.written)) out.push(e);
    } catch { /* a broken entry: the study is recomputed */ }
  }
  return out;
}

export async function writeStateEntry(outDir: string, e: StateEntry): Promise<void> {
  await writeFileAtomic(join(stateDir(outDir), `${e.key}.json`), JSON.stringify(e), { force: true, role: 'batch state' });
}

/** Remove the state entries and the files they list (the outputs made with other options). */
export async function removeStateEntries(outDir: string, entries: readonly StateEntry[]): Promise<void> {
  for (const e of entries) {
    for (const f of e.written) {
      if (/^[A-Za-z0-9._-]+$/.test(f) && !f.startsWith('.')) await unlink(join(outDir, f)).catch(() => undefined);
    }
    await unlink(join(stateDir(outDir), `${e.key}.json`)).catch(() => undefined);
  }
}
