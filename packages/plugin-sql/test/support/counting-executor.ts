import type { Row, SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { SQL } from 'drizzle-orm';

/** Drizzle entry points that each build one statement. */
const STATEMENT_BUILDERS = new Set<PropertyKey>(['select', 'insert', 'update', 'delete', 'execute']);

/**
 * `ex` itself (the database is real), counting what is sent through it: statements (raw `query` calls
 * and Drizzle builders started on `db`) and transactions opened on it (work inside a transaction runs on
 * the transaction's executor and is not counted). `sent` keeps the SQL objects passed to `query`, in
 * order (for EXPLAIN).
 */
export function countingExecutor(ex: SqlExecutor): {
  readonly counts: { statements: number; transactions: number };
  readonly sent: SQL[];
  readonly ex: SqlExecutor;
} {
  const counts = { statements: 0, transactions: 0 };
  const sent: SQL[] = [];
  const db = new Proxy(ex.db, {
    get(target, key, receiver) {
      if (STATEMENT_BUILDERS.has(key)) counts.statements++;
      return Reflect.get(target, key, receiver);
    },
  });
  return {
    counts,
    sent,
    ex: {
      db,
      query<R extends Row = Row>(statement: SQL | string): Promise<R[]> {
        counts.statements++;
        if (typeof statement !== 'string') sent.push(statement);
        return ex.query<R>(statement);
      },
      transaction: (fn) => {
        counts.transactions++;
        return ex.transaction(fn);
      },
    },
  };
}
