import type { ParseArgsConfig } from 'node:util';

/** Where a command writes, and whether a person is watching (a progress bar) or a log is (plain lines). */
export interface CliIo {
  /** Writes one line of the command's result to standard output. */
  out(line: string): void;
  /** Writes one line of progress, a warning or an error to standard error. */
  err(line: string): void;
  /** Rewrites the current standard error line in place (a progress bar); only called when `isTTY`. */
  redraw(text: string): void;
  /** Whether standard error is a terminal. */
  readonly isTTY: boolean;
  /** Aborted on SIGINT/SIGTERM: a command stops at its next batch and exits with {@link EXIT_CODES.interrupted}. */
  readonly signal: AbortSignal;
}

/** The option values `node:util` `parseArgs` produced for a command's `options`. */
export type CliValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

/** One `eliza-sql <name>` command. */
export interface CliCommand {
  /** The word after `eliza-sql`. */
  readonly name: string;
  /** One line for the command list of `eliza-sql --help`. */
  readonly summary: string;
  /** The command's own help text (`eliza-sql <name> --help`): usage line, options, examples. */
  readonly usage: string;
  /** Its options, in `node:util` `parseArgs` form (`--help` is added for every command). */
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** Runs the command; resolves with its exit code. Throw a {@link CliUsageError} for bad arguments. */
  run(values: CliValues, positionals: readonly string[], io: CliIo): Promise<number>;
}

/** The exit codes of `eliza-sql`, documented in the plugin README. */
export const EXIT_CODES = {
  ok: 0,
  /** The operation failed (the message says why and what to do). */
  error: 1,
  /** The operation refused to run, to protect data (a lock held, a target holding other data, ...). */
  refused: 2,
  /** Bad arguments: unknown command or option, a missing or malformed value. */
  usage: 64,
  /** Stopped by SIGINT/SIGTERM; work done so far is kept and a rerun continues it. */
  interrupted: 130,
} as const;

/** Bad command-line arguments: printed with the command's usage, exit code 64. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}
