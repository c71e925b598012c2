import { parseArgs } from 'node:util';
import { type CliCommand, type CliIo, CliUsageError, EXIT_CODES } from './cli-command.js';
import { COMMANDS } from './commands.js';

/** The top-level help of `eliza-sql`. */
export function cliUsage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return [
    'usage: eliza-sql <command> [options]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `eliza-sql <command> --help` for the options of one command.',
    '',
    `exit codes: ${EXIT_CODES.ok} ok, ${EXIT_CODES.error} error, ${EXIT_CODES.refused} refused to protect data, ` +
      `${EXIT_CODES.usage} usage, ${EXIT_CODES.interrupted} interrupted (rerun to continue)`,
  ].join('\n');
}

/**
 * Runs `eliza-sql` with `argv` (without the node and script paths) and resolves with the exit code.
 * Errors a command throws are printed on `io.err` with their code; usage errors with the usage text.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[] = COMMANDS,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(cliUsage(commands));
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`eliza-sql: unknown command "${name}"; expected one of ${commands.map((c) => c.name).join(', ')}`);
    io.err('Run `eliza-sql --help` for the list.');
    return EXIT_CODES.usage;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageFailure(command, io, error instanceof Error ? error.message : String(error));
  }
  if (parsed.values.help === true) {
    io.out(command.usage);
    return EXIT_CODES.ok;
  }
  try {
    return await command.run(parsed.values, parsed.positionals, io);
  } catch (error) {
    if (error instanceof CliUsageError) return usageFailure(command, io, error.message);
    if (io.signal.aborted) {
      io.err(
        `eliza-sql ${command.name}: interrupted; what was done is kept, run the command again to continue`,
      );
      return EXIT_CODES.interrupted;
    }
    io.err(`eliza-sql ${command.name}: ${describeError(error)}`);
    return EXIT_CODES.error;
  }
}

function usageFailure(command: CliCommand, io: CliIo, message: string): number {
  io.err(`eliza-sql ${command.name}: ${message}`);
  io.err(command.usage);
  return EXIT_CODES.usage;
}

/** "CODE: message (cause: ...)", the code first so scripts can match it. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message}${cause}`;
}
