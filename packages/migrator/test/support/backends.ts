/** The backends every suite runs on: PGlite always, PostgreSQL when TEST_POSTGRES_URL is set. */
import { randomUUID } from 'node:crypto';
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { createTestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import type { MigrationExecutor } from '../../src/index.js';

/** One open database for a test. */
export interface TestBackendHandle {
  readonly executor: MigrationExecutor;
  /** A connection URL / data dir a child process can open (PostgreSQL only). */
  readonly url?: string;
  close(): Promise<void>;
}

export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  readonly enabled: boolean;
  /** Opens a fresh, empty database. */
  open(): Promise<TestBackendHandle>;
}

const pgUrl = testPostgresUrl();

export const backends: readonly TestBackend[] = [
  {
    name: 'pglite',
    enabled: true,
    async open() {
      const driver = await createPgliteDriver({ dataDir: `memory://${randomUUID()}` });
      return { executor: driver, close: () => driver.close() };
    },
  },
  {
    name: 'postgres',
    enabled: pgUrl !== undefined,
    async open() {
      const db = await createTestDatabase(pgUrl!, 'eliza_migrator');
      const driver = await createPgDriver({ url: db.url, max: 4 });
      return {
        executor: driver,
        url: db.url,
        async close() {
          await driver.close();
          await db.drop();
        },
      };
    },
  },
];
