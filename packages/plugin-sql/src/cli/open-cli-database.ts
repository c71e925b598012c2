import { existsSync } from 'node:fs';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { type CliIo, CliUsageError, EXIT_CODES } from './cli-command.js';
import { isPostgresLocation, openDatabaseLocation } from './open-database-location.js';

/** A database a command opened, or the exit code when it could not (the reason already printed). */
export type OpenedCliDatabase = { driver: DatabaseDriver } | { exitCode: number };

/**
 * Opens `location` (`option` names the flag it came from): a PGlite directory that must already
 * exist unless `create`, or a URL. A PGlite directory a running agent holds is refused (exit 2)
 * with a message saying to stop that agent first.
 */
export async function openCliDatabase(
  io: CliIo,
  option: string,
  location: string,
  create: boolean,
): Promise<OpenedCliDatabase> {
  if (
    !create &&
    !isPostgresLocation(location) &&
    !location.startsWith('memory://') &&
    !existsSync(location)
  ) {
    throw new CliUsageError(
      `--${option}: no PGlite data directory at ${location} (give a directory or a postgres:// URL)`,
    );
  }
  try {
    return { driver: await openDatabaseLocation(location) };
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'PGLITE_DATA_DIR_LOCKED') throw error;
    io.err(
      `eliza-sql: ${location} is in use by a running agent (${(error as Error).message}). ` +
        'Stop that agent (PGlite allows one process at a time), then run the command again.',
    );
    return { exitCode: EXIT_CODES.refused };
  }
}
