import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { DrizzleDatabase, Row, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite';

/** What every executor of one driver shares. */
export interface PgliteExecutorContext {
  readonly dialect: PgDialect;
  /** Throws the driver's typed error when it is closed. */
  assertOpen(operation: string): void;
}

type NoSchema = Record<string, never>;

/**
 * An executor on the instance (`pglite` given: the driver itself) or on an open PGlite transaction
 * (`client` is then PGlite's `Transaction`, which runs statements without taking PGlite's transaction
 * mutex again: that is what keeps queries inside a transaction from deadlocking; `db` is drizzle's
 * transaction object on the same `Transaction`, so nested drizzle transactions are savepoints).
 */
export function createPgliteExecutor(
  client: PGlite | Transaction,
  db: DrizzleDatabase,
  context: PgliteExecutorContext,
  pglite?: PGlite,
): SqlExecutor {
  return {
    db,
    async query<R extends Row = Row>(statement: SQL | string): Promise<R[]> {
      if (pglite) context.assertOpen('query');
      const { sql: text, params } =
        typeof statement === 'string'
          ? { sql: statement, params: [] }
          : context.dialect.sqlToQuery(statement);
      const result = await client.query<R>(text, params, { rowMode: 'object' });
      return result.rows;
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      if (pglite) {
        context.assertOpen('transaction');
        // PGlite queues this behind any open transaction (and queues outer queries behind this one).
        return pglite.transaction(async (ptx) => {
          const session = new PgliteSession<NoSchema, ExtractTablesWithRelations<NoSchema>>(
            ptx,
            context.dialect,
            undefined,
          );
          const tx = new PgliteTransaction<NoSchema, ExtractTablesWithRelations<NoSchema>>(
            context.dialect,
            session,
            undefined,
          );
          return fn(createPgliteExecutor(ptx, tx, context));
        });
      }
      return db.transaction((nested) => fn(createPgliteExecutor(client, nested, context)));
    },
  };
}
