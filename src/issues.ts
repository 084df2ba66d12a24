/**
 * Structured reports of recoverable oddities. A reader or an analysis step that
 * can go on despite a problem records an `Issue` instead of warning on the
 * console; a problem it cannot go on with is a `SpectError` instead.
 */
import { cleanLine } from './text/sanitize.js';

export type IssueSeverity = 'info' | 'warning' | 'error';

export interface Issue {
  /** Stable machine-readable code, e.g. `SLICE_SPACING_FROM_THICKNESS`. */
  readonly code: string;
  readonly severity: IssueSeverity;
  /** One sentence for a human; never contains patient identifiers. */
  readonly message: string;
}

/** Small helper to collect issues without duplicates (same code and message). */
export class IssueList {
  private readonly items: Issue[] = [];
  add(code: string, severity: IssueSeverity, rawMessage: string): void {
    // control characters never reach a report, a summary or a terminal (src/text/sanitize.ts)
    const message = cleanLine(rawMessage);
    if (this.items.some((i) => i.code === code && i.message === message)) return;
    this.items.push({ code, severity, message });
  }
  push(...issues: readonly Issue[]): void {
    for (const i of issues) this.add(i.code, i.severity, i.message);
  }
  toArray(): Issue[] {
    return this.items.slice();
  }
  get length(): number {
    return this.items.length;
  }
}
