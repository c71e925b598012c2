import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { quoteIdent } from './row-sql.js';
import { sqlWithParams } from './sql-with-params.js';
import type { TransferColumn, TransferTable } from './transfer-table.js';

/** Options of {@link insertRowBatch}. */
export interface InsertRowBatchOptions {
  /** Columns written as NULL (self-references, set in a second pass). */
  readonly nullColumns?: readonly string[];
  /** Skip rows whose key (or any unique key) is already there, instead of failing (default true). */
  readonly skipExisting?: boolean;
  /** SQL computing a column's value from the row (alias `s`) instead of taking it as it is. */
  readonly valueSql?: Readonly<Record<string, string>>;
}

/**
 * Inserts rows given as JSON text (as `renderRowSql` renders them) into `table`, in one statement;
 * PostgreSQL parses every value with its own input function, so vectors, timestamps and arrays arrive
 * exactly as they were rendered. Resolves with the number of rows inserted.
 */
export async function insertRowBatch(
  executor: SqlExecutor,
  table: TransferTable,
  columns: readonly TransferColumn[],
  rows: readonly string[],
  options: InsertRowBatchOptions = {},
): Promise<number> {
  if (rows.length === 0) return 0;
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const values = columns
    .map((c) =>
      options.nullColumns?.includes(c.name)
        ? `NULL::${c.sqlType}`
        : (options.valueSql?.[c.name] ?? `s.${quoteIdent(c.name)}`),
    )
    .join(', ');
  const conflict = options.skipExisting === false ? '' : ' ON CONFLICT DO NOTHING';
  const result = await executor.query<{ n: number }>(
    sqlWithParams(
      `WITH ins AS (INSERT INTO ${quoteIdent(table.name)} (${names}) SELECT ${values} FROM jsonb_populate_recordset(NULL::${quoteIdent(table.name)}, `,
      { param: `[${rows.join(',')}]` },
      `::jsonb) s${conflict} RETURNING 1) SELECT count(*)::int AS n FROM ins`,
    ),
  );
  return Number(result[0]?.n ?? 0);
}
