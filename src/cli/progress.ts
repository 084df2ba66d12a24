/**
 * Progress of a batch on stderr. On a terminal: one line redrawn with
 * carriage returns (bar, counts, elapsed time, estimate of the time left).
 * Elsewhere (stderr redirected to a file, CI logs): one plain line per
 * finished study, never a carriage return. `interrupt` ends the line cleanly
 * and prints how to resume.
 */
import type { CliIo } from './io.js';

export interface ProgressOptions {
  /** Studies to analyse in this run. */
  readonly total: number;
  /** Studies already done by an earlier run (not counted in `total`). */
  readonly skipped: number;
  /** Draw a redrawn bar (a terminal) instead of one line per study. */
  readonly tty: boolean;
  /** Clock in ms (default performance.now); tests give their own. */
  readonly now?: () => number;
}

/** `m:ss` (or `h:mm:ss`) of a duration in ms. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

export class Progress {
  private done = 0;
  private failed = 0;
  private lineOpen = false;
  private readonly now: () => number;
  private readonly t0: number;

  constructor(private readonly io: CliIo, private readonly o: ProgressOptions) {
    this.now = o.now ?? (() => performance.now());
    this.t0 = this.now();
  }

  /** Elapsed time and, once a study has finished, the estimate of the time left (mean time per study so far). */
  timing(): string {
    const elapsed = this.now() - this.t0;
    const left = this.done > 0 && this.done < this.o.total ? `, about ${formatDuration((elapsed / this.done) * (this.o.total - this.done))} left` : '';
    return `${formatDuration(elapsed)} elapsed${left}`;
  }

  start(): void {
    if (this.o.tty) this.draw();
    else this.io.stderr(`${this.o.total} ${this.o.total === 1 ? 'study' : 'studies'} to analyse${this.o.skipped ? ` (${this.o.skipped} already done)` : ''}\n`);
  }

  /** A study finished: `what` is `ok` or `error CODE`. */
  step(label: string, ok: boolean, what: string): void {
    this.done++;
    if (!ok) this.failed++;
    if (this.o.tty) this.draw();
    else this.io.stderr(`[${this.done}/${this.o.total}] ${label}: ${what} (${this.timing()})\n`);
  }

  /** End the redrawn line (a terminal). */
  finish(): void {
    if (this.lineOpen) this.io.stderr('\n');
    this.lineOpen = false;
  }

  /** Ctrl-C: end the line, say what was kept and how to resume. */
  interrupt(hint: string): void {
    this.finish();
    this.io.stderr(`interrupted after ${this.done} of ${this.o.total} studies (${this.timing().replace(/, about .* left$/, '')}): ${hint}\n`);
  }

  private draw(): void {
    const n = this.o.total || 1;
    const w = 30, f = Math.round((this.done / n) * w);
    const counts = `${this.done}/${this.o.total}${this.failed ? ` (${this.failed} failed)` : ''}${this.o.skipped ? ` (${this.o.skipped} already done)` : ''}`;
    // \x1b[K clears what a longer earlier frame left at the end of the line
    this.io.stderr(`\r[${'#'.repeat(f)}${'.'.repeat(w - f)}] ${counts}  ${this.timing()}\x1b[K`);
    this.lineOpen = true;
  }
}
