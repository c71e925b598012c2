import type { DatabaseDriver } from '@eliza-sql/core-schema/driver';
import { ElizaSqlError } from '../errors.js';
import { withDeferredVectorIndexes } from './defer-vector-indexes.js';
import { findAgentConflicts } from './find-agent-conflicts.js';
import { insertRowBatch } from './insert-row-batch.js';
import { migrateCoreSchema } from './migrate-core-schema.js';
import { readRowBatches } from './read-row-batches.js';
import { keyTupleSql, quoteIdent } from './row-sql.js';
import { sqlWithParams } from './sql-with-params.js';
import { tableColumnsIn } from './table-columns.js';
import { CORE_TRANSFER_TABLES, type TransferTable } from './transfer-table.js';
import { type TableVerification, verifyTableCopy } from './verify-table-copy.js';

/** Where a copy is: copying or verifying a table, `done` of its `total` source rows. */
export interface CopyProgress {
  readonly phase: 'copy' | 'verify';
  readonly table: string;
  readonly done: number;
  readonly total: number;
}

/** Options of {@link copyDatabase}. */
export interface CopyDatabaseOptions {
  /** The database copied from; only read. */
  readonly from: DatabaseDriver;
  /** The database copied into; its core schema is migrated first. */
  readonly to: DatabaseDriver;
  /**
   * Copy even when the target already holds other data for the source's agents (rows with the same
   * key are kept as the target has them, and verification then reports them). Default false:
   * TARGET_HOLDS_OTHER_DATA.
   */
  readonly merge?: boolean;
  /** Rows per batch, each inserted in its own transaction (default 500). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: CopyProgress) => void;
  /** Stops at the next batch; what was copied stays, and a new run continues it. */
  readonly signal?: AbortSignal;
}

/** What {@link copyDatabase} did, per table in copy order. */
export interface CopyDatabaseResult {
  readonly tables: ReadonlyArray<TableVerification & { readonly inserted: number }>;
  /** Rows inserted by this run (a resumed run inserts only what was missing). */
  readonly inserted: number;
}

/**
 * Copies every core table from `from` into `to` (PGlite or PostgreSQL, either way): migrates the
 * target, then copies the tables in foreign-key order, page by page in key order, one transaction
 * per page, skipping rows already there (so a rerun of an interrupted copy continues it and adds no
 * duplicates), with values carried as PostgreSQL text (vectors, timestamps, jsonb exact). Finally
 * compares every table, row by row, by count and checksum on both sides.
 *
 * Errors: TARGET_HOLDS_OTHER_DATA (the target has other data for a source agent, and `merge` is not
 * set), COPY_VERIFICATION_FAILED (a table differs after the copy, the message names it; with `merge`
 * differences are only reported, in `matchingRows` < `sourceRows`).
 */
export async function copyDatabase(options: CopyDatabaseOptions): Promise<CopyDatabaseResult> {
  const { from, to, signal } = options;
  const batchSize = options.batchSize ?? 500;
  await migrateCoreSchema(to);
  signal?.throwIfAborted();
  if (!options.merge) {
    const conflicts = await findAgentConflicts(from, to, CORE_TRANSFER_TABLES);
    if (conflicts.length > 0) {
      throw new ElizaSqlError(
        'TARGET_HOLDS_OTHER_DATA',
        `the target already holds other data for ${conflicts.length === 1 ? 'an agent' : 'agents'} of the source: ` +
          `${conflicts.map((c) => `${c.agentId} (${c.reason})`).join('; ')}. Copy into an empty database, ` +
          'or pass merge (--merge) to add the source rows to it.',
        { operation: 'copyDatabase' },
      );
    }
  }
  const plan: Array<{ table: TransferTable; columns: TransferTable['columns']; total: number }> = [];
  for (const table of CORE_TRANSFER_TABLES) {
    const sourceColumns = new Set((await tableColumnsIn(from, table)).map((c) => c.name));
    const columns = (await tableColumnsIn(to, table)).filter((c) => sourceColumns.has(c.name));
    if (sourceColumns.size === 0) continue;
    const [count] = await from.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${quoteIdent(table.name)}`,
    );
    plan.push({ table, columns, total: Number(count?.n ?? 0) });
  }
  const inserted = new Map<string, number>();
  for (const { table, columns, total } of plan) {
    let done = 0;
    let added = 0;
    options.onProgress?.({ phase: 'copy', table: table.name, done, total });
    await withDeferredVectorIndexes(to, table.name, async () => {
      for await (const batch of readRowBatches(from, table, { columns, batchSize, signal })) {
        added += await to.transaction((tx) =>
          insertRowBatch(tx, table, columns, batch.rows, { nullColumns: table.selfReferences }),
        );
        done += batch.rows.length;
        options.onProgress?.({ phase: 'copy', table: table.name, done, total });
      }
    });
    if (table.selfReferences.length > 0) await copySelfReferences(options, table, batchSize);
    inserted.set(table.name, added);
  }
  const tables: Array<TableVerification & { inserted: number }> = [];
  for (const { table, columns, total } of plan) {
    options.onProgress?.({ phase: 'verify', table: table.name, done: 0, total });
    const verification = await verifyTableCopy(from, to, table, columns, {
      signal,
      onRows: (done) => options.onProgress?.({ phase: 'verify', table: table.name, done, total }),
    });
    tables.push({ ...verification, inserted: inserted.get(table.name) ?? 0 });
  }
  const differing = tables.filter(
    (t) => t.matchingRows !== t.sourceRows || t.sourceChecksum !== t.targetChecksum,
  );
  if (differing.length > 0 && !options.merge) {
    throw new ElizaSqlError(
      'COPY_VERIFICATION_FAILED',
      `after the copy, ${differing
        .map(
          (t) =>
            `${t.table} has ${t.sourceRows - t.matchingRows} of ${t.sourceRows} source row(s) missing or different on the target`,
        )
        .join(
          '; ',
        )}. With merge, rows the target already had under the same key are kept as they were; otherwise run the copy again.`,
      { operation: 'copyDatabase' },
    );
  }
  return { tables, inserted: tables.reduce((sum, t) => sum + t.inserted, 0) };
}

/** Sets the self-referencing columns (inserted as NULL) once every row of the table is there. */
async function copySelfReferences(
  options: CopyDatabaseOptions,
  table: TransferTable,
  batchSize: number,
): Promise<void> {
  const columns = [
    ...table.primaryKey,
    ...table.columns.filter((c) => table.selfReferences.includes(c.name)),
  ];
  const where = table.selfReferences.map((name) => `t.${quoteIdent(name)} IS NOT NULL`).join(' OR ');
  const sets = table.selfReferences
    .map((name) => `${quoteIdent(name)} = COALESCE(t.${quoteIdent(name)}, s.${quoteIdent(name)})`)
    .join(', ');
  const match = `${keyTupleSql(table.primaryKey)} = ${keyTupleSql(table.primaryKey, 's')}`;
  for await (const batch of readRowBatches(options.from, table, {
    columns,
    where,
    batchSize,
    signal: options.signal,
  })) {
    await options.to.transaction((tx) =>
      tx.query(
        sqlWithParams(
          `UPDATE ${quoteIdent(table.name)} t SET ${sets} FROM jsonb_populate_recordset(NULL::${quoteIdent(table.name)}, `,
          { param: `[${batch.rows.join(',')}]` },
          `::jsonb) s WHERE ${match}`,
        ),
      ),
    );
  }
}
