import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { oldestFirst } from './oldest-first.js';

/**
 * The rows of `table` matching `where`, oldest first (see {@link oldestFirst}), at most `limit` of them,
 * each mapped to its record: how the stores list a key's records.
 */
export async function selectOldestFirst<
  Table extends PgTable & { createdAt: AnyPgColumn; id: AnyPgColumn },
  T,
>(
  ex: SqlExecutor,
  table: Table,
  where: SQL | undefined,
  map: (row: Table['$inferSelect']) => T,
  limit?: number,
): Promise<T[]> {
  const query = ex.db
    .select()
    .from(table as PgTable)
    .where(where)
    .orderBy(...oldestFirst(table));
  const rows = await (limit === undefined ? query : query.limit(limit));
  return (rows as Table['$inferSelect'][]).map(map);
}
