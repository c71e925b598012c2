import type { DrizzleDatabase, Row, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { ExtractTablesWithRelations, SQL } from 'drizzle-orm';
import { PostgresJsSession, PostgresJsTransaction } from 'drizzle-orm/postgres-js';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type { Sql, TransactionSql, UnsafeQueryOptions } from 'postgres';
import { createTransactionLink, type TransactionLink } from './lost-connection-guard.js';
import { normalizeRows, serializeParam } from './normalize-rows.js';

/** What every executor of one driver shares. */
export interface PgExecutorContext {
  readonly dialect: PgDialect;
  readonly prepare: boolean;
  /** Throws the driver's typed error when it is closed. */
  assertOpen(operation: string): void;
}

type NoSchema = Record<string, never>;

/**
 * The client handed to drizzle: drizzle-orm's postgres-js session runs every statement through
 * `unsafe(query, params, { prepare: false })` unless the query was given a name, so each statement with
 * parameters costs an extra describe round trip (single-row inserts about 2-3x slower). With `prepare`
 * on, this view of the client makes `unsafe` use named prepared statements, as postgres.js's own tagged
 * templates do; with it off (PgBouncer), the client is handed over untouched.
 */
export function preparedByDefault<C extends Sql | TransactionSql>(client: C, prepare: boolean): C {
  if (!prepare) return client;
  const unsafe: Sql['unsafe'] = (query, args, options) =>
    client.unsafe(query, args, { ...options, prepare: true });
  return new Proxy(client, { get: (target, key) => (key === 'unsafe' ? unsafe : Reflect.get(target, key)) });
}

/**
 * An executor on the pool (`pool` given: the driver itself) or on a transaction's connection (`db` is
 * then drizzle's transaction object on that same connection, so nested drizzle transactions are savepoints).
 */
export function createPgExecutor(
  client: Sql | TransactionSql,
  db: DrizzleDatabase,
  context: PgExecutorContext,
  pool?: Sql,
  link?: TransactionLink,
): SqlExecutor {
  // Extended protocol always (simple: false): one statement per call, as on every backend. Only
  // statements with parameters are prepared: they are the repeated ones, and the ones postgres.js would
  // otherwise describe in an extra round trip; one-off DDL strings are not cached on every connection.
  const prepared = { prepare: context.prepare, simple: false } as UnsafeQueryOptions;
  const unprepared = { prepare: false, simple: false } as UnsafeQueryOptions;
  return {
    db,
    async query<R extends Row = Row>(statement: SQL | string): Promise<R[]> {
      if (pool) context.assertOpen('query');
      const { sql: text, params } =
        typeof statement === 'string'
          ? { sql: statement, params: [] }
          : context.dialect.sqlToQuery(statement);
      const result = await client.unsafe(
        text,
        params.map(serializeParam) as never[],
        params.length > 0 ? prepared : unprepared,
      );
      return normalizeRows(result as unknown as R[], result.columns);
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      if (pool) {
        context.assertOpen('transaction');
        let out: T | undefined;
        const txLink = createTransactionLink();
        const begun = pool.begin(async (txSql) => {
          // The same construction as drizzle-orm's own postgres-js `transaction()` (whose typings
          // disagree with themselves about the session's client type), keeping `txSql` in our hands.
          const session = new PostgresJsSession(
            preparedByDefault(txSql, context.prepare) as unknown as Sql,
            context.dialect,
            undefined,
          );
          const tx = new PostgresJsTransaction<NoSchema, ExtractTablesWithRelations<NoSchema>>(
            context.dialect,
            session as never,
            undefined,
          );
          out = await txLink.guard(fn(createPgExecutor(txSql, tx, context, undefined, txLink)));
        });
        txLink.watch(begun);
        await begun;
        return out as T;
      }
      // Drizzle's transaction object opens the savepoint on the same connection; raw queries of the
      // nested executor use that connection too, so they run inside the savepoint.
      // The savepoint's callback is guarded too: its ROLLBACK TO must not run on a lost connection.
      return db.transaction((nested) => {
        const work = fn(createPgExecutor(client, nested, context, undefined, link));
        return link ? link.guard(work) : work;
      });
    },
  };
}
