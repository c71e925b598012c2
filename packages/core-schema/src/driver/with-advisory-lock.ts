import { sql } from 'drizzle-orm';
import type { SqlExecutor } from './database-driver.js';

/**
 * Runs `fn` in a transaction of `executor` that first takes the transaction-scoped advisory lock of
 * `key` (`pg_advisory_xact_lock(hashtextextended(key, 0))`): every backend hashes a key the same way,
 * so holders of one key wait for each other across pools, drivers and processes.
 */
export function withAdvisoryLock<T>(
  executor: SqlExecutor,
  key: string,
  fn: (tx: SqlExecutor) => Promise<T>,
): Promise<T> {
  return executor.transaction(async (tx) => {
    await tx.query(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    return fn(tx);
  });
}
