import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { quoteIdent } from './row-sql.js';
import { sqlWithParams } from './sql-with-params.js';

/**
 * Runs `fill` with the table's HNSW indexes dropped when the table is empty, and builds them again
 * afterwards (same definitions): one bulk build is several times cheaper than inserting row by row
 * into an HNSW graph. A table that already has rows keeps its indexes. Should the process die in
 * between, the next migration (the plugin's start, or the copy's rerun) recreates them.
 */
export async function withDeferredVectorIndexes<T>(
  executor: SqlExecutor,
  table: string,
  fill: () => Promise<T>,
): Promise<T> {
  const [someRow] = await executor.query(`SELECT 1 AS one FROM ${quoteIdent(table)} LIMIT 1`);
  const indexes =
    someRow === undefined
      ? await executor.query<{ name: string; definition: string }>(
          sqlWithParams(
            `SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public' AND tablename = `,
            { param: table },
            ` AND indexdef ILIKE '% USING hnsw %'`,
          ),
        )
      : [];
  for (const index of indexes) await executor.query(`DROP INDEX IF EXISTS ${quoteIdent(index.name)}`);
  try {
    return await fill();
  } finally {
    for (const index of indexes) {
      await executor.query(index.definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
    }
  }
}
