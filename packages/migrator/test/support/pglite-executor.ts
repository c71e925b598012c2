/**
 * Test-only executor over a raw PGlite instance (a real database), used until/unless
 * `@eliza-sql/adapter-pglite` is available. Implements the migrator's MigrationExecutor.
 */
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { vector } from '@electric-sql/pglite/vector';
import { is, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { MigrationExecutor, SqlExecutorLike } from '../../src/index.js';

const dialect = new PgDialect();

type Queryable = Pick<PGlite, 'query'> | Transaction;

function executorOn(db: Queryable): SqlExecutorLike {
  return {
    async query<R extends Record<string, unknown>>(statement: SQL | string): Promise<R[]> {
      const q = is(statement, SQL) ? dialect.sqlToQuery(statement) : { sql: statement, params: [] };
      const result = await db.query<R>(q.sql, q.params as unknown[]);
      return result.rows;
    },
  };
}

export interface PgliteHandle {
  readonly executor: MigrationExecutor;
  readonly db: PGlite;
  close(): Promise<void>;
}

export async function createPgliteExecutor(dataDir = 'memory://'): Promise<PgliteHandle> {
  const db = await PGlite.create({ dataDir, extensions: { vector, fuzzystrmatch } });
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const transaction = <T>(fn: (tx: SqlExecutorLike) => Promise<T>) =>
    serial(() => db.transaction((tx) => fn(executorOn(tx))));
  const executor: MigrationExecutor = {
    ...executorOn(db),
    transaction,
    withLock: (_key, fn) => transaction(fn),
  };
  return { executor, db, close: () => db.close() };
}
