/**
 * The `spect-perfusion` command line: a thin shell over the library.
 * `main(argv, io)` returns the exit code (see exit-codes.ts) so tests can call it.
 * Errors print as one line on stderr (`error CODE: message`), with the stack
 * only under --debug.
 */
import { SpectError } from '../errors.js';
import { ExitCode, exitCodeFor, isFsError } from './exit-codes.js';
import { COMMANDS, GLOBAL_HELP, type CliIo } from './commands.js';
import { VERSION } from '../version.js';

export type { CliIo } from './commands.js';

export const defaultIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

export async function main(argv: readonly string[] = process.argv.slice(2), io: CliIo = defaultIo): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const name = args[0];
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(GLOBAL_HELP);
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout(`spect-perfusion ${VERSION}\n`);
    return ExitCode.OK;
  }
  const cmd = COMMANDS[name];
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
    io.stderr(formatError(e) + '\n');
    if (debug && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
    return exitCodeFor(e);
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
