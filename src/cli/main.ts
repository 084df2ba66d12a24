/**
 * The `spect-perfusion` command line: a thin shell over the library.
 * `main(argv, io)` returns the exit code (see exit-codes.ts) so tests can call it.
 * Errors print as one line on stderr (`error CODE: message`), with the stack
 * only under --debug; a usage error adds where the help is. Help asked for
 * goes to stdout; help printed because of a mistake (no command) to stderr.
 * A closed stdout (EPIPE) ends the command quietly with exit 0; a batch
 * stopped by Ctrl-C exits 130 (docs/errors.md).
 */
import { ErrorCode, SpectError } from '../errors.js';
import { ExitCode, exitCodeFor, isFsError } from './exit-codes.js';
import { COMMANDS, GLOBAL_HELP } from './commands.js';
import { Interrupted, OutputClosed, streamIo, type CliIo } from './io.js';
import { VERSION } from '../version.js';
import { setHmacSha256 } from '../hash/sha256.js';
import { nodeHmacSha256 } from '../node/hmac.js';

export type { CliIo } from './io.js';

/** Exit code of a batch stopped by Ctrl-C (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

let processIo: CliIo | null = null;
/** The io of the process's stdout and stderr (EPIPE handled), made on first use. */
export function defaultIo(): CliIo {
  processIo ??= streamIo();
  return processIo;
}

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = defaultIo()): Promise<number> {
  setHmacSha256(nodeHmacSha256); // the same digests as the core's, from OpenSSL (src/node/hmac.ts)
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  try {
    if (name === undefined) {
      io.stderr(GLOBAL_HELP);
      return ExitCode.USAGE;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout(GLOBAL_HELP);
      return ExitCode.OK;
    }
    if (name === '--version' || name === '-v' || name === '-V') {
      io.stdout(`spect-perfusion ${VERSION}\n`);
      return ExitCode.OK;
    }
    const cmd = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!cmd) {
      io.stderr(`error USAGE: unknown command '${name}' (see spect-perfusion --help)\n`);
      return ExitCode.USAGE;
    }
    const rest = args.slice(1);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(cmd.help);
      return ExitCode.OK;
    }
    try {
      return await cmd.run(rest, io);
    } catch (e) {
      if (e instanceof OutputClosed || e instanceof Interrupted) throw e;
      io.stderr(formatError(e) + '\n');
      if (e instanceof SpectError && e.code === ErrorCode.USAGE) io.stderr(`(see spect-perfusion ${name} --help)\n`);
      if (debug && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
      return exitCodeFor(e);
    }
  } catch (e) {
    if (e instanceof OutputClosed) return ExitCode.OK;
    if (e instanceof Interrupted) return EXIT_INTERRUPTED;
    throw e;
  }
}

/** One line: `error CODE: message`, with no patient data (messages never carry any). */
export function formatError(e: unknown): string {
  if (e instanceof SpectError) return `error ${e.code}: ${e.message.replace(/\s*\n\s*/g, ' ')}`;
  // a raw file-system error is an IO_ERROR; its message holds the path, so only its code and call are printed
  if (isFsError(e)) return `error IO_ERROR: a file-system operation failed (${e.code}, ${e.syscall})`;
  const msg = e instanceof Error ? e.message : String(e);
  return `error INTERNAL: ${msg.split('\n')[0]} (run with --debug for details)`;
}
