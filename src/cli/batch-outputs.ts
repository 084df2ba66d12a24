/**
 * Output ids of a batch: each input writes under its own id. The id is the
 * report's study pseudonym; when another input (of this run or of an earlier
 * one, or a file this batch did not write) already has it, for example two
 * different studies that share Study and Series Instance UIDs after naive
 * anonymisation, the study is written as `<id>-2` (`-3`, ...), its report
 * carries the new id and an OUTPUT_ID_COLLISION issue, and nothing is
 * overwritten. Claims are kept in the batch state, so re-runs keep each
 * input's id.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnalysisReport } from '../report/json.js';
import { reportToJson } from '../report/json.js';
import { writeFileAtomic } from '../node/files.js';
import { withSidecars, type OutputFile, type OutputSource } from './output-names.js';
import type { StateEntry } from './batch-state.js';

export class OutputClaims {
  private readonly owner = new Map<string, string>();
  constructor(private readonly outDir: string, entries: readonly StateEntry[]) {
    for (const e of entries) this.owner.set(e.outputId, e.input);
  }

  /** Record that `id` (written by an older batch for `input`) belongs to `input`, unless someone else has it. */
  adopt(id: string, input: string): void {
    if (!this.owner.has(id)) this.owner.set(id, input);
  }

  /** The id `input` writes under: its earlier claim, else `base`, else the first free `base-N`. */
  async claim(base: string, input: string): Promise<{ id: string; sharedWith: string | null }> {
    const mine = (id: string) => this.owner.get(id) === input;
    let sharedWith: string | null = null;
    for (let n = 1; n < 10_000; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      if (mine(id)) return { id, sharedWith };
      const other = this.owner.get(id);
      if (other !== undefined) { sharedWith ??= other; continue; }
      if (await stat(join(this.outDir, `${id}.json`)).then(() => true, () => false)) { sharedWith ??= 'unknown'; continue; }
      this.owner.set(id, input);
      return { id, sharedWith };
    }
    throw new Error('no free output id');
  }
}

/** The report as written under `id`: with the new id and an issue when it differs from the pseudonym. */
export function reportUnder(report: AnalysisReport, id: string, sharedWithLabel: string | null): AnalysisReport {
  if (id === report.study.id) return report;
  const message = `another input (${sharedWithLabel ?? 'an earlier output in this folder'}) has the same study pseudonym ${report.study.id} ` +
    `(the same Study and Series Instance UIDs, e.g. after naive anonymisation): written as ${id}, nothing overwritten`;
  return {
    ...report,
    study: { ...report.study, id },
    issues: [...report.issues, { code: 'OUTPUT_ID_COLLISION', severity: 'warning', message }],
  };
}

/** Write a study's report and files (with the NIfTI sidecars) under `id`; returns the file names. */
export async function writeStudyOutputs(outDir: string, id: string, report: AnalysisReport, files: readonly OutputFile[], source: OutputSource): Promise<string[]> {
  const names: string[] = [];
  for (const f of [{ suffix: '.json', data: reportToJson(report) }, ...withSidecars(id, files, source)]) {
    const name = id + f.suffix;
    await writeFileAtomic(join(outDir, name), f.data, { force: true });
    names.push(name);
  }
  return names;
}
