import type { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { DrizzleDatabase, Row, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import type { PgDialect } from 'drizzle-orm/pg-core';
import { PgliteSession, PgliteTransaction } from 'drizzle-orm/pglite';

/** The innermost open transaction (or savepoint) of the async context a call is made from. */
export interface TransactionScope {
  readonly executor: SqlExecutor;
  open: boolean;
}

/** What every executor of one driver shares. */
export interface PgliteExecutorContext {
  readonly dialect: PgDialect;
  /** One per PGlite instance (shared by every driver on it): the open transaction of this async context. */
  readonly scope: AsyncLocalStorage<TransactionScope>;
  /** Throws the driver's typed error when it is closed. */
  assertOpen(operation: string): void;
}

/** The open transaction the current async context runs in, if any. */
export function currentTransaction(context: PgliteExecutorContext): SqlExecutor | undefined {
  const scope = context.scope.getStore();
  return scope?.open ? scope.executor : undefined;
}

async function inScope<T>(
  context: PgliteExecutorContext,
  executor: SqlExecutor,
  fn: (tx: SqlExecutor) => Promise<T>,
): Promise<T> {
  const scope: TransactionScope = { executor, open: true };
  try {
    return await context.scope.run(scope, () => fn(executor));
  } finally {
    scope.open = false;
  }
}

type NoSchema = Record<string, never>;

/**
 * An executor on the instance (`pglite` given: the driver itself) or on an open PGlite transaction
 * (`client` is then PGlite's `Transaction`, which runs statements without taking PGlite's transaction
 * mutex again: that is what keeps queries inside a transaction from deadlocking; `db` is drizzle's
 * transaction object on the same `Transaction`, so nested drizzle transactions are savepoints).
 *
 * The instance-level executor routes a call made from inside a transaction's `fn` (same async context)
 * to that transaction, as Kysely's PGlite dialect does: PGlite has one connection, so running it
 * outside would wait for the transaction, which waits for the call: a deadlock. A call from any other
 * context queues behind the open transaction (PGlite's transaction mutex).
 */
export function createPgliteExecutor(
  client: PGlite | Transaction,
  db: DrizzleDatabase,
  context: PgliteExecutorContext,
  pglite?: PGlite,
): SqlExecutor {
  return {
    /** On the instance, inside a transaction's `fn` (same async context), this is that transaction's. */
    get db() {
      return (pglite && currentTransaction(context)?.db) || db;
    },
    async query<R extends Row = Row>(statement: SQL | string): Promise<R[]> {
      if (pglite) {
        context.assertOpen('query');
        const open = currentTransaction(context);
        if (open) return open.query<R>(statement);
      }
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
        const open = currentTransaction(context);
        if (open) return open.transaction(fn);
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
          return inScope(context, createPgliteExecutor(ptx, tx, context), fn);
        });
      }
      return db.transaction((nested) => inScope(context, createPgliteExecutor(client, nested, context), fn));
    },
  };
}
