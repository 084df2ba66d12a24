/** Checks that a de-identification audit is exact, against the two files as dicom-parser reads them. */
import dicomParser, { type DataSet } from 'dicom-parser';
import { expect } from 'vitest';
import type { AuditEntry } from '../../src/dicom-write/deidentify/index.js';
import { elementAt, rawValue, sameBytes } from './dicom-edit.js';

export function parse(b: Uint8Array): DataSet {
  return dicomParser.parseDicom(b);
}

/** Every (path, tag) of a dataset at every depth. */
export function allPaths(d: DataSet, prefix = ''): string[] {
  const out: string[] = [];
  for (const key of Object.keys(d.elements)) {
    const t = key.slice(1).toUpperCase();
    const p = `${prefix}(${t.slice(0, 4)},${t.slice(4)})`;
    out.push(p);
    d.elements[key]!.items?.forEach((it, i) => {
      if (it.dataSet) out.push(...allPaths(it.dataSet, `${p}[${i}]`));
    });
  }
  return out;
}

/** The audit is exact: each entry's outcome is what the two files show, and every output element is accounted for. */
export function checkAudit(src: Uint8Array, out: Uint8Array, audit: readonly AuditEntry[]): Record<string, number> {
  const a = parse(src);
  const b = parse(out);
  const counts: Record<string, number> = {};
  for (const e of audit) {
    counts[e.outcome] = (counts[e.outcome] ?? 0) + 1;
    const before = elementAt(a, e.path);
    const after = elementAt(b, e.path);
    const meta = e.tag >>> 16 === 2;
    switch (e.outcome) {
      case 'removed':
        expect(after, e.path).toBeUndefined();
        expect(before, e.path).toBeDefined();
        break;
      case 'added':
        expect(after, e.path).toBeDefined();
        expect(before, e.path).toBeUndefined();
        break;
      case 'emptied': {
        const el = after!.ds.elements[after!.key]!;
        expect(el.items ? el.items.length : el.length, e.path).toBe(0);
        break;
      }
      case 'kept': {
        const x = before!.ds.elements[before!.key]!;
        const y = after!.ds.elements[after!.key]!;
        // a sequence may be re-encoded with defined lengths: same items (each item's elements have their own entries)
        if (x.items || y.items) expect(y.items?.length, e.path).toBe(x.items?.length);
        else expect(sameBytes(rawValue(before!.ds, before!.key), rawValue(after!.ds, after!.key)), e.path).toBe(true);
        break;
      }
      case 'replaced':
      case 'cleaned':
        expect(after, e.path).toBeDefined();
        if ((!meta || e.tag !== 0x00020000) && e.outcome === 'replaced') {
          expect(sameBytes(rawValue(before!.ds, before!.key), rawValue(after!.ds, after!.key)), e.path).toBe(false);
        }
        break;
    }
  }
  const accounted = new Set(audit.filter((e) => e.outcome !== 'removed').map((e) => e.path));
  for (const p of allPaths(b)) {
    // items of the method code sequence we add are ours
    if (p.startsWith('(0012,0064)[')) continue;
    expect(accounted.has(p), `output element ${p} not in the audit`).toBe(true);
  }
  return counts;
}

