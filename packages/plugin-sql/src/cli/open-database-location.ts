import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';

/** Whether `location` names a PostgreSQL server (a `postgres://` or `postgresql://` URL) rather than a PGlite directory. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the database a command-line `location` names: a PostgreSQL URL, `memory://`, or a PGlite data
 * directory. A PGlite directory another process holds fails with `PGLITE_DATA_DIR_LOCKED`, whose
 * message names the holder (stop that agent first).
 */
export async function openDatabaseLocation(location: string): Promise<DatabaseDriver> {
  if (isPostgresLocation(location)) {
    const { createPgDriver } = await import('@eliza-sql/adapter-pg');
    return createPgDriver({ url: location, max: 4 });
  }
  const { createPgliteDriver } = await import('@eliza-sql/adapter-pglite');
  return createPgliteDriver({ dataDir: location });
}
