import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { vector } from '@electric-sql/pglite/vector';
import { createTestBackends, type TestBackend, type TestDatabaseLocation } from '@eliza-sql/test-support';
import postgres from 'postgres';

/** A raw connection to a real database, enough for DDL, introspection and EXPLAIN. */
export interface TestDb {
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  close(): Promise<void>;
}

/** A raw connection to the database at `location` (PGlite with the core schema's extensions, or postgres.js). */
export async function connectTestDb(location: TestDatabaseLocation): Promise<TestDb> {
  if ('dataDir' in location) {
    const db = await PGlite.create({ dataDir: location.dataDir, extensions: { vector, fuzzystrmatch } });
    return {
      async query(text, params) {
        const result = await db.query(text, params);
        return result.rows as never;
      },
      close: async () => {
        if (!db.closed) await db.close();
      },
    };
  }
  const sql = postgres(location.postgresUrl, { max: 1, onnotice: () => {} });
  return {
    async query(text, params) {
      const rows = await sql.unsafe(text, (params ?? []) as never[]);
      return [...rows] as never;
    },
    close: () => sql.end(),
  };
}

const options = {
  connect: connectTestDb,
  close: (db: TestDb) => db.close(),
  databasePrefix: 'core_schema_test',
};

/** `[pglite]` always, `[postgres]` when TEST_POSTGRES_URL is set: a fresh, empty database per `open()`. */
export const backends: readonly TestBackend<TestDb>[] = createTestBackends(options);

/** The same backends on disk, as locations: for a database another program (the reference) creates first. */
export const diskBackends: readonly TestBackend<TestDatabaseLocation>[] = createTestBackends({
  pgliteStorage: 'disk',
  databasePrefix: 'core_schema_test',
});
