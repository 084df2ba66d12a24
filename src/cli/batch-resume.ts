/**
 * What a batch run resumes: the options of the last run in the output folder
 * (a change is refused, or with --force/--redo clears the old results), and
 * for each input of this run's share whether a finished result with these
 * options is recorded (resumed) or the study is to be analysed (`todo`).
 */
import { errnoCode } from '../node/files.js';
import { usage } from './args.js';
import type { DiscoveredStudy } from './batch-discover.js';
import {
  changedOptions, inputIdentity, readRecordedOptions, readStateEntries, removeStateEntries, stateKey, writeRecordedOptions, type StateEntry,
} from './batch-state.js';
import type { BatchJobResult } from './batch-types.js';
import type { CliIo } from './io.js';
import type { ManifestValues } from './manifest.js';

/**
 * The state entries still valid for `fingerprint` (recorded for the next run).
 * @throws SpectError USAGE when the folder holds results of other options and neither `force` nor `redo`
 */
export async function entriesForOptions(outDir: string, fingerprint: Record<string, string>, force: boolean, io: CliIo): Promise<StateEntry[]> {
  let entries = await readStateEntries(outDir);
  const recorded = await readRecordedOptions(outDir);
  const changed = recorded ? changedOptions(recorded, fingerprint) : [];
  if (changed.length > 0) {
    if (!force) {
      throw usage(`the output folder holds results made with other options (${changed.join(', ')}): re-run with --force to re-analyse every study with these options (the old outputs are removed), or use another --out`);
    }
    await removeStateEntries(outDir, entries);
    entries = [];
    io.stderr(`options changed (${changed.join(', ')}): every study is re-analysed, the old outputs were removed\n`);
  }
  await writeRecordedOptions(outDir, fingerprint);
  return entries;
}

export interface ResumePlan {
  /** Per input: its recorded (or discovery) result, null while to be analysed or not in this shard. */
  readonly results: (BatchJobResult | null)[];
  readonly outputIds: (string | null)[];
  /** Per input: the OUTPUT_ID_COLLISION note of a resumed study ('' when none). */
  readonly notes: string[];
  /** Per input: the hash naming it (claims its output id). */
  readonly identities: readonly string[];
  /** Per input of this shard that could be opened: its resume key. */
  readonly keys: readonly (string | null)[];
  /** Indexes of the inputs to analyse, in input order. */
  readonly todo: readonly number[];
  /** Inputs resumed with a finished result. */
  readonly skipped: number;
}

export async function planResume(
  found: readonly DiscoveredStudy[], mine: readonly boolean[], rowValues: (i: number) => ManifestValues | undefined,
  fingerprint: Record<string, string>, entries: readonly StateEntry[], redo: boolean,
): Promise<ResumePlan> {
  const n = found.length;
  const results: (BatchJobResult | null)[] = Array.from({ length: n }, () => null);
  const outputIds: (string | null)[] = Array.from({ length: n }, () => null);
  const notes: string[] = Array.from({ length: n }, () => '');
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const identities = found.map((f, i) => inputIdentity(f.path, rowValues(i)));
  const keys: (string | null)[] = [];
  const todo: number[] = [];
  for (let i = 0; i < n; i++) {
    const f = found[i]!;
    if (!mine[i]) { keys.push(null); continue; }
    if (f.error) { results[i] = { index: i, ok: false, ...f.error }; keys.push(null); continue; }
    const key = await stateKey(f.path, rowValues(i), fingerprint).catch((e: unknown) => errnoCode(e));
    if (key.length !== 24 || !/^[0-9a-f]+$/.test(key)) {
      results[i] = { index: i, ok: false, code: 'IO_ERROR', message: `cannot open the input (${key})` };
      keys.push(null);
      continue;
    }
    keys.push(key);
    const prev = redo ? undefined : byKey.get(key);
    if (prev && prev.input === identities[i]) {
      results[i] = { ...prev.result, index: i };
      outputIds[i] = prev.outputId;
      if (prev.collision) notes[i] = `OUTPUT_ID_COLLISION: same study pseudonym as ${prev.collision}, written as ${prev.outputId}`;
    } else todo.push(i);
  }
  const skipped = results.filter((r) => r?.ok === true).length;
  return { results, outputIds, notes, identities, keys, todo, skipped };
}
