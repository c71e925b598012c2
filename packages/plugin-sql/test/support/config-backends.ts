/**
 * The backends of `backends.ts` as plugin configurations (`{ dataDir }` / `{ postgresUrl }`), for
 * tests that open the database the way a user does: through `createDatabaseAdapter`, the reference's
 * adapter, or the elizaOS server. Each `open()` is a fresh, empty database (nothing migrated) on disk.
 */
import { createTestBackends, type TestBackend, type TestDatabaseLocation } from '@eliza-sql/test-support';

/** Where a plugin keeps its data: a PGlite directory, or a PostgreSQL database. */
export type DatabaseConfig = TestDatabaseLocation;

export type ConfigBackend = TestBackend<DatabaseConfig>;

/** PGlite always; PostgreSQL when `testPostgresUrl()` returns a URL. */
export const testConfigBackends: ConfigBackend[] = createTestBackends({
  pgliteStorage: 'disk',
  databasePrefix: 'eliza_plugin_sql',
});
