/**
 * The backends every behaviour suite runs on: PGlite always, PostgreSQL when `TEST_POSTGRES_URL` is
 * set. Each `open()` is a fresh, empty database with the core schema migrated.
 *
 * ```ts
 * for (const backend of testBackends) {
 *   describe(`rooms [${backend.name}]`, () => {
 *     let driver: DatabaseDriver;
 *     beforeAll(async () => { driver = await backend.open(); });
 *     afterAll(() => backend.cleanup());
 *   });
 * }
 * ```
 */
import { randomBytes } from 'node:crypto';
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestDatabase, type TestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import { readCoreSchemaSeed } from '../../src/core-schema-seed.js';
import { createCoreSchema } from './core-schema-setup.js';

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, empty database with the core schema migrated. */
  open(): Promise<DatabaseDriver>;
  /** Closes every driver it opened and drops the PostgreSQL databases it created. */
  cleanup(): Promise<void>;
}

function pgliteBackend(): TestBackend {
  const drivers: DatabaseDriver[] = [];
  return {
    name: 'pglite',
    async open() {
      // As createDatabaseAdapter opens a new embedded database: from the core schema seed, which the
      // migration below then adopts (test/adapter/core-schema-seed.test.ts proves it is the same schema).
      const driver = await createPgliteDriver({
        dataDir: `memory://plugin-sql-${randomBytes(6).toString('hex')}`,
        bootstrap: { seed: () => readCoreSchemaSeed() },
      });
      drivers.push(driver);
      await createCoreSchema(driver);
      return driver;
    },
    async cleanup() {
      for (const driver of drivers.splice(0)) await driver.close();
    },
  };
}

function postgresBackend(serverUrl: string): TestBackend {
  const opened: Array<{ driver: DatabaseDriver; database: TestDatabase }> = [];
  return {
    name: 'postgres',
    async open() {
      const database = await createTestDatabase(serverUrl, 'eliza_plugin_sql');
      const driver = await createPgDriver({ url: database.url, max: 4 });
      opened.push({ driver, database });
      await createCoreSchema(driver);
      return driver;
    },
    async cleanup() {
      for (const { driver, database } of opened.splice(0)) {
        await driver.close();
        await database.drop();
      }
    },
  };
}

const postgresUrl = testPostgresUrl();

/** PGlite always; PostgreSQL when `testPostgresUrl()` returns a URL. */
export const testBackends: TestBackend[] = [
  pgliteBackend(),
  ...(postgresUrl ? [postgresBackend(postgresUrl)] : []),
];
