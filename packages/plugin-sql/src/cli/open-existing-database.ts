import { readdirSync } from 'node:fs';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { CliUsageError } from './cli-command.js';
import { isPostgresLocation, openDatabaseLocation } from './open-database-location.js';

/**
 * Opens `--db` for a command that works on existing data: a PostgreSQL URL, or a PGlite directory that
 * holds a database (opening a missing or empty one would create a new, empty database instead).
 */
export async function openExistingDatabase(location: unknown): Promise<DatabaseDriver> {
  if (typeof location !== 'string' || location.trim() === '') {
    throw new CliUsageError('--db <PGlite directory | postgres:// URL> is required');
  }
  if (!isPostgresLocation(location) && !holdsFiles(location)) {
    throw new CliUsageError(`--db ${location}: no PGlite database there (a missing or empty directory)`);
  }
  return openDatabaseLocation(location);
}

function holdsFiles(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}
