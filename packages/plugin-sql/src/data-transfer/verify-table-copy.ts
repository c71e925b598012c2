import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { readRowBatches } from './read-row-batches.js';
import { keyRecordSql, keyTupleSql, quoteIdent, renderRowSql, UTC_TIME_ZONE_SQL } from './row-sql.js';
import { sqlWithParams } from './sql-with-params.js';
import type { TransferColumn, TransferTable } from './transfer-table.js';

/** How one table compares on both sides after a copy. */
export interface TableVerification {
  readonly table: string;
  /** Rows of the table on the source. */
  readonly sourceRows: number;
  /** Rows on the target with a source row's key and the same content. */
  readonly matchingRows: number;
  /** Rows of the table on the target (more than `sourceRows` when it held other agents' data). */
  readonly targetRows: number;
  /** md5 over the md5 of every source row, in key order. */
  readonly sourceChecksum: string;
  /** The same over the target's rows with the source's keys (equal iff every row is). */
  readonly targetChecksum: string;
}

/** Options of {@link verifyTableCopy}. */
export interface VerifyTableCopyOptions {
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Called after each page with the source rows checked so far. */
  readonly onRows?: (done: number) => void;
}

/**
 * Compares every source row of `table` with the target's row of the same key, rendered the same way
 * on both sides, page by page: counts and checksums of both sides.
 */
export async function verifyTableCopy(
  source: SqlExecutor,
  target: SqlExecutor,
  table: TransferTable,
  columns: readonly TransferColumn[],
  options: VerifyTableCopyOptions = {},
): Promise<TableVerification> {
  const sourceHash = createHash('md5');
  const targetHash = createHash('md5');
  let sourceRows = 0;
  let matchingRows = 0;
  const keyOf = (key: Record<string, string>) => table.primaryKey.map((c) => key[c.name]).join('\u0000');
  const render = renderRowSql(columns);
  const keyColumns = table.primaryKey.map((c, i) => `t.${quoteIdent(c.name)}::text AS k${i}`).join(', ');
  for await (const batch of readRowBatches(source, table, {
    columns,
    digest: true,
    batchSize: options.batchSize ?? 2000,
    signal: options.signal,
  })) {
    const found = await target.transaction(async (tx) => {
      await tx.query(UTC_TIME_ZONE_SQL);
      return tx.query<Record<string, string>>(
        sqlWithParams(
          `SELECT ${keyColumns}, md5((${render})::text) AS r FROM ${quoteIdent(table.name)} t WHERE ${keyTupleSql(table.primaryKey)} IN (SELECT * FROM jsonb_to_recordset(`,
          { param: JSON.stringify(batch.keys) },
          `::jsonb) AS ${keyRecordSql(table.primaryKey)})`,
        ),
      );
    });
    const targetDigests = new Map(
      found.map((row) => [table.primaryKey.map((_, i) => row[`k${i}`]).join('\u0000'), row.r]),
    );
    batch.rows.forEach((digest, i) => {
      const key = batch.keys[i];
      const other = key === undefined ? undefined : targetDigests.get(keyOf(key));
      sourceHash.update(digest);
      if (other !== undefined) targetHash.update(other);
      if (other === digest) matchingRows += 1;
    });
    sourceRows += batch.rows.length;
    options.onRows?.(sourceRows);
  }
  const [count] = await target.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${quoteIdent(table.name)}`,
  );
  return {
    table: table.name,
    sourceRows,
    matchingRows,
    targetRows: Number(count?.n ?? 0),
    sourceChecksum: sourceHash.digest('hex'),
    targetChecksum: targetHash.digest('hex'),
  };
}
