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
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { createTestBackends, type TestBackend as SharedTestBackend } from '@eliza-sql/test-support';
import { readCoreSchemaSeed } from '../../src/core-schema-seed.js';
import { createCoreSchema } from './core-schema-setup.js';

export type TestBackend = SharedTestBackend<DatabaseDriver>;

/** PGlite always; PostgreSQL when `testPostgresUrl()` returns a URL. */
export const testBackends: TestBackend[] = createTestBackends({
  databasePrefix: 'eliza_plugin_sql',
  async connect(location) {
    // PGlite as createDatabaseAdapter opens a new embedded database: from the core schema seed, which the
    // migration below then adopts (test/adapter/core-schema-seed.test.ts proves it is the same schema).
    const driver =
      'dataDir' in location
        ? await createPgliteDriver({
            dataDir: location.dataDir,
            bootstrap: { seed: () => readCoreSchemaSeed() },
          })
        : await createPgDriver({ url: location.postgresUrl, max: 4 });
    try {
      await createCoreSchema(driver);
    } catch (error) {
      await driver.close();
      throw error;
    }
    return driver;
  },
  close: (driver) => driver.close(),
});

/**
 * The backends whose driver builds HNSW indexes (`capabilities.approximateVectorIndexes`): the suites about
 * index plans run on these only. PGlite declares none (test/adapter/exact-vector-search.test.ts checks
 * both the declaration and that its searches are exact).
 */
export const indexedVectorBackends: TestBackend[] = testBackends.filter(
  (backend) => backend.name !== 'pglite',
);
