/**
 * What a command writes to, and the process's streams behind it.
 *
 * A closed stdout (`spect-perfusion analyze a b c --csv | head -1`: `head`
 * exits, the next write fails with EPIPE) must end the program quietly, not
 * with a stack trace: the process io records the EPIPE, and the next write
 * throws `OutputClosed`, which `main` turns into exit 0 with nothing printed
 * (docs/errors.md). A batch stopped this way resumes on a re-run.
 */

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** stderr is a terminal: progress may redraw one line with carriage returns (default false). */
  readonly stderrIsTTY?: boolean;
}

export interface Command {
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Thrown by a write to a stdout whose reader has gone (EPIPE): the command stops, the program exits 0 quietly. */
export class OutputClosed extends Error {
  constructor() {
    super('stdout was closed by its reader');
    this.name = 'OutputClosed';
  }
}

/** A batch stopped by Ctrl-C (SIGINT) after it printed how to resume: exit 130 (128 + SIGINT). */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

interface Stream {
  write(s: string): boolean;
  on(event: 'error', listener: (e: NodeJS.ErrnoException) => void): unknown;
  readonly isTTY?: boolean;
}

/** The io of a stdout and stderr stream (the process's by default), with EPIPE handled as described above. */
export function streamIo(stdout: Stream = process.stdout, stderr: Stream = process.stderr): CliIo {
  let outClosed = false, errClosed = false;
  stdout.on('error', (e) => {
    if (e.code === 'EPIPE') outClosed = true;
    else throw e;
  });
  // a closed stderr (2>&1 | head) only loses messages
  stderr.on('error', () => { errClosed = true; });
  return {
    stdout(s) {
      if (outClosed) throw new OutputClosed();
      stdout.write(s);
    },
    stderr(s) {
      if (!errClosed) stderr.write(s);
    },
    stderrIsTTY: stderr.isTTY === true,
  };
}
