/** The backends every suite runs on: PGlite always, PostgreSQL when TEST_POSTGRES_URL is set. */
import { createPgDriver } from '@eliza-sql/adapter-pg';
import { createPgliteDriver } from '@eliza-sql/adapter-pglite';
import { createTestBackends, type TestBackend } from '@eliza-sql/test-support';
import type { MigrationExecutor } from '../../src/index.js';

/** One open database for a test. */
export interface TestBackendHandle {
  readonly executor: MigrationExecutor;
  /** A connection URL a child process can open (PostgreSQL only). */
  readonly url?: string;
  close(): Promise<void>;
}

export const backends: readonly TestBackend<TestBackendHandle>[] = createTestBackends({
  databasePrefix: 'eliza_migrator',
  async connect(location): Promise<TestBackendHandle> {
    if ('dataDir' in location) {
      const driver = await createPgliteDriver({ dataDir: location.dataDir });
      return { executor: driver, close: () => driver.close() };
    }
    const driver = await createPgDriver({ url: location.postgresUrl, max: 4 });
    return { executor: driver, url: location.postgresUrl, close: () => driver.close() };
  },
  close: (handle) => handle.close(),
});
