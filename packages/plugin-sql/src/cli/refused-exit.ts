import { EXIT_CODES, type CliIo } from './cli-command.js';

/** What to do about each refusal, after its message. */
const HINTS: Readonly<Record<string, string>> = {
  PGLITE_DATA_DIR_LOCKED:
    'A running agent holds this PGlite directory and PGlite is single-process: stop the agent first, ' +
    'or do it from inside the agent (the library calls backupPglite / pruneMemories on its adapter, ' +
    'or the retention service for pruning).',
  PGLITE_DATA_DIR_NOT_EMPTY: 'Restore into a new or empty directory (move the existing one aside first).',
};

/**
 * The refused exit code for an error that protected data (a held lock, a directory with data in it),
 * after printing its message and what to do; undefined for any other error (the caller rethrows it).
 */
export function refusedExit(command: string, error: unknown, io: CliIo): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code in HINTS)) return undefined;
  io.err(`eliza-sql ${command}: ${code}: ${(error as Error).message}`);
  io.err(HINTS[code] as string);
  return EXIT_CODES.refused;
}
