import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { sqlWithParams } from './sql-with-params.js';
import type { TransferColumn, TransferTable } from './transfer-table.js';

/** The columns of `table` a database actually has (an older database may lack additive ones); none when the table is missing. */
export async function tableColumnsIn(executor: SqlExecutor, table: TransferTable): Promise<TransferColumn[]> {
  const rows = await executor.query<{ name: string }>(
    sqlWithParams(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = `,
      { param: table.name },
    ),
  );
  const present = new Set(rows.map((r) => r.name));
  return table.columns.filter((c) => present.has(c.name));
}
