import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { eq } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { firstRow } from './first-row.js';

/** The row of `table` whose primary key `id` is `id`, mapped to its record, or null. */
export function selectById<Table extends PgTable & { id: AnyPgColumn }, T>(
  ex: SqlExecutor,
  table: Table,
  id: string,
  map: (row: Table['$inferSelect']) => T,
): Promise<T | null> {
  const rows = ex.db
    .select()
    .from(table as PgTable)
    .where(eq(table.id, id))
    .limit(1);
  return firstRow(rows as PromiseLike<Table['$inferSelect'][]>, map);
}
