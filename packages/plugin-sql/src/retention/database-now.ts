import type { SqlExecutor } from '@eliza-sql/core-schema/driver';

/**
 * The database's clock in epoch seconds: cut-offs are computed once from it, so a run has one fixed
 * boundary and the application's clock (which may differ) plays no part.
 */
export async function databaseNowSeconds(ex: SqlExecutor): Promise<number> {
  const [row] = await ex.query<{ now: number | string }>('SELECT extract(epoch FROM now())::float8 AS now');
  const now = Number(row?.now);
  if (!Number.isFinite(now)) throw new Error(`the database clock read as ${String(row?.now)}`);
  return now;
}
