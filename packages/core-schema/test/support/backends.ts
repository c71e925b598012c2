import { PGlite } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { vector } from '@electric-sql/pglite/vector';
import { createTestDatabase, testPostgresUrl } from '@eliza-sql/test-support';
import postgres from 'postgres';

/** A raw connection to a real database, enough for DDL, introspection and EXPLAIN. */
export interface TestDb {
  query<T extends Record<string, unknown> = Record<string, unknown>>(
    text: string,
    params?: unknown[],
  ): Promise<T[]>;
  close(): Promise<void>;
}

/** A backend a suite runs on: `[pglite]` always, `[postgres]` when TEST_POSTGRES_URL is set. */
export interface TestBackend {
  readonly name: 'pglite' | 'postgres';
  readonly enabled: boolean;
  /** A fresh, empty database (PGlite: in memory, or on `dataDir`; PostgreSQL: a new database, dropped on close). */
  open(dataDir?: string): Promise<TestDb>;
}

export async function openPglite(dataDir?: string): Promise<TestDb> {
  const db = await PGlite.create({ dataDir, extensions: { vector, fuzzystrmatch } });
  return {
    async query(text, params) {
      const result = await db.query(text, params);
      return result.rows as never;
    },
    close: () => db.close(),
  };
}

export async function openPostgres(serverUrl: string): Promise<TestDb & { readonly url: string }> {
  const database = await createTestDatabase(serverUrl, 'core_schema_test');
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  return {
    url: database.url,
    async query(text, params) {
      const rows = await sql.unsafe(text, (params ?? []) as never[]);
      return [...rows] as never;
    },
    async close() {
      await sql.end();
      await database.drop();
    },
  };
}

const postgresUrl = testPostgresUrl();

export const backends: readonly TestBackend[] = [
  { name: 'pglite', enabled: true, open: (dataDir) => openPglite(dataDir) },
  {
    name: 'postgres',
    enabled: postgresUrl !== undefined,
    open: () => openPostgres(postgresUrl ?? ''),
  },
];
