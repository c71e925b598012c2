import { asc, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The stable creation order of a table's rows: `created_at`, then `id`, so rows created in the same
 * microsecond still come back in one repeatable order.
 */
export function oldestFirst(table: { createdAt: AnyPgColumn; id: AnyPgColumn }): SQL[] {
  return [asc(table.createdAt), asc(table.id)];
}
