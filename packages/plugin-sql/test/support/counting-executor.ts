import type { Row, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { SQL } from 'drizzle-orm';

/** Drizzle entry points that each build one statement. */
const STATEMENT_BUILDERS = new Set<PropertyKey>(['select', 'insert', 'update', 'delete', 'execute']);

/**
 * `ex` itself (the database is real), counting what is sent through it: statements (raw `query` calls
 * and Drizzle builders started on `db`) and transactions opened on it (work inside a transaction runs on
 * the transaction's executor and is not counted).
 */
export function countingExecutor(ex: SqlExecutor): {
  readonly counts: { statements: number; transactions: number };
  readonly ex: SqlExecutor;
} {
  const counts = { statements: 0, transactions: 0 };
  const db = new Proxy(ex.db, {
    get(target, key, receiver) {
      if (STATEMENT_BUILDERS.has(key)) counts.statements++;
      return Reflect.get(target, key, receiver);
    },
  });
  return {
    counts,
    ex: {
      db,
      query<R extends Row = Row>(statement: SQL | string): Promise<R[]> {
        counts.statements++;
        return ex.query<R>(statement);
      },
      transaction: (fn) => {
        counts.transactions++;
        return ex.transaction(fn);
      },
    },
  };
}
