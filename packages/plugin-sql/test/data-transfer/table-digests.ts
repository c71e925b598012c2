import type { SqlExecutor } from '@eliza-sql/core-schema/driver';
import { renderRowSql, UTC_TIME_ZONE_SQL } from '../../src/data-transfer/row-sql.js';
import { tableColumnsIn } from '../../src/data-transfer/table-columns.js';
import { CORE_TRANSFER_TABLES } from '../../src/data-transfer/transfer-table.js';

/**
 * Every core table's rows, each as the md5 of its text rendering (every column), by primary key; and
 * each embedding's vectors as the md5 of their binary form (float4 bits), by embedding id.
 */
export async function tableDigests(
  executor: SqlExecutor,
): Promise<{ rows: Record<string, Map<string, string>>; vectorBits: Map<string, string> }> {
  const rows: Record<string, Map<string, string>> = {};
  for (const table of CORE_TRANSFER_TABLES) {
    const columns = await tableColumnsIn(executor, table);
    const key = table.primaryKey.map((c) => `t."${c.name}"::text`).join(` || '|' || `);
    const found = await executor.transaction(async (tx) => {
      await tx.query(UTC_TIME_ZONE_SQL);
      return tx.query<{ k: string; r: string }>(
        `SELECT ${key} AS k, md5((${renderRowSql(columns)})::text) AS r FROM "${table.name}" t`,
      );
    });
    rows[table.name] = new Map(found.map((row) => [row.k, row.r]));
  }
  const vectors = await executor.query<{ id: string; b: string }>(
    `SELECT id::text AS id, md5(vector_send(dim_384)) AS b FROM embeddings WHERE dim_384 IS NOT NULL`,
  );
  return { rows, vectorBits: new Map(vectors.map((v) => [v.id, v.b])) };
}

/** The row counts of every core table. */
export async function tableCounts(executor: SqlExecutor): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CORE_TRANSFER_TABLES) {
    const [row] = await executor.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table.name}"`);
    counts[table.name] = Number(row?.n ?? 0);
  }
  return counts;
}
