import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import type { SQL } from 'drizzle-orm';
import { keyRecordSql, keyTupleSql, quoteIdent, renderRowSql, UTC_TIME_ZONE_SQL } from './row-sql.js';
import { sqlWithParams } from './sql-with-params.js';
import type { TransferColumn, TransferTable } from './transfer-table.js';

/** One page of rows: each row's JSON text and key, in key order. */
export interface RowBatch {
  /** Each row rendered by `renderRowSql` (or its md5 when `digest` was asked). */
  readonly rows: string[];
  /** Each row's primary key values, by column name. */
  readonly keys: Array<Record<string, string>>;
}

/** Options of {@link readRowBatches}. */
export interface ReadRowBatchesOptions {
  /** The columns rendered (default: all of the table's). */
  readonly columns?: readonly TransferColumn[];
  /** Rows per page (default 500). */
  readonly batchSize?: number;
  /** A filter on the table (alias `t`), SQL text without parameters. */
  readonly where?: string;
  /** Yield the md5 of each rendered row instead of its text. */
  readonly digest?: boolean;
  /** Stops before the next page when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * Reads `table` page by page in primary-key order (keyset pagination: each page starts after the last
 * key of the one before, so memory stays one page whatever the table's size).
 */
export async function* readRowBatches(
  executor: SqlExecutor,
  table: TransferTable,
  options: ReadRowBatchesOptions = {},
): AsyncGenerator<RowBatch> {
  const columns = options.columns ?? table.columns;
  const key = table.primaryKey;
  const limit = options.batchSize ?? 500;
  const render = renderRowSql(columns);
  const keyNames = key.map((c, i) => `t.${quoteIdent(c.name)}::text AS k${i}`).join(', ');
  const select = `SELECT ${keyNames}, ${options.digest ? `md5((${render})::text)` : `(${render})::text`} AS r FROM ${quoteIdent(table.name)} t`;
  const order = ` ORDER BY ${key.map((c) => `t.${quoteIdent(c.name)}`).join(', ')} LIMIT ${limit}`;
  let after: Record<string, string> | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const statement = pageStatement(select, order, key, options.where, after);
    const rows = await executor.transaction(async (tx) => {
      await tx.query(UTC_TIME_ZONE_SQL);
      return tx.query<Record<string, string>>(statement);
    });
    if (rows.length === 0) return;
    const keys = rows.map((row) => Object.fromEntries(key.map((c, i) => [c.name, row[`k${i}`] ?? ''])));
    yield { rows: rows.map((row) => row.r ?? ''), keys };
    after = keys[keys.length - 1];
    if (rows.length < limit) return;
  }
}

/** The statement of one page: the first, or the one after key `after`. */
function pageStatement(
  select: string,
  order: string,
  key: readonly TransferColumn[],
  where: string | undefined,
  after: Record<string, string> | undefined,
): SQL {
  const filter = where ? `${where} AND ` : '';
  if (after === undefined) return sqlWithParams(select, where ? ` WHERE ${where}` : '', order);
  const [single] = key;
  if (key.length === 1 && single) {
    return sqlWithParams(
      `${select} WHERE ${filter}t.${quoteIdent(single.name)} > `,
      { param: after[single.name] },
      `::${single.sqlType}${order}`,
    );
  }
  return sqlWithParams(
    `${select} WHERE ${filter}${keyTupleSql(key)} > (SELECT * FROM jsonb_to_record(`,
    { param: JSON.stringify(after) },
    `::jsonb) AS ${keyRecordSql(key)})${order}`,
  );
}
