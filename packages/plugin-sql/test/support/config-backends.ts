/**
 * The backends of `backends.ts` as plugin configurations (`{ dataDir }` / `{ postgresUrl }`), for
 * tests that open the database the way a user does: through `createDatabaseAdapter`, the reference's
 * adapter, or the elizaOS server. Each `config()` is a fresh, empty database (nothing migrated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase, testPostgresUrl } from '@eliza-sql/test-support';

/** Where a plugin keeps its data: a PGlite directory, or a PostgreSQL database. */
export type DatabaseConfig = { readonly dataDir: string } | { readonly postgresUrl: string };

export interface ConfigBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, empty database. */
  config(): Promise<DatabaseConfig>;
  /** Removes the directories and drops the databases it created (close what runs on them first). */
  cleanup(): Promise<void>;
}

function pgliteConfigBackend(): ConfigBackend {
  const dirs: string[] = [];
  return {
    name: 'pglite',
    async config() {
      const dir = mkdtempSync(join(tmpdir(), 'plugin-sql-config-'));
      dirs.push(dir);
      return { dataDir: join(dir, 'db') };
    },
    async cleanup() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresConfigBackend(serverUrl: string): ConfigBackend {
  const databases: TestDatabase[] = [];
  return {
    name: 'postgres',
    async config() {
      const database = await createTestDatabase(serverUrl, 'eliza_plugin_sql');
      databases.push(database);
      return { postgresUrl: database.url };
    },
    async cleanup() {
      for (const database of databases.splice(0)) await database.drop();
    },
  };
}

const postgresUrl = testPostgresUrl();

/** PGlite always; PostgreSQL when `testPostgresUrl()` returns a URL. */
export const testConfigBackends: ConfigBackend[] = [
  pgliteConfigBackend(),
  ...(postgresUrl ? [postgresConfigBackend(postgresUrl)] : []),
];
