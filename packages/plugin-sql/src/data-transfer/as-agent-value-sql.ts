import { SHARED_MESSAGING_TABLES } from './agent-row-filters.js';
import { quoteIdent } from './row-sql.js';
import type { TransferColumn, TransferTable } from './transfer-table.js';

/** Columns naming something outside the agent's data (a message server, a server): never remapped. */
const EXTERNAL_ID_COLUMNS = new Set(['message_server_id', 'server_id']);

/**
 * How an import under a new agent id rewrites `table`'s columns (SQL over alias `s`), for
 * `jsonb_populate_recordset` rows: the old agent id becomes `newId` wherever it appears in an id
 * column; every other id of the agent's own tables (entities, rooms, worlds, memories, embeddings,
 * ...) becomes `md5(newId || old id)` as a UUID, the same in every table, so references stay
 * consistent and the copy shares no id with the original. Messaging tables (shared between agents)
 * change only the agent id. Ids inside JSON values (`content`, `metadata`) are kept as they are.
 */
export function asAgentValueSql(
  table: TransferTable,
  columns: readonly TransferColumn[],
  oldId: string,
  newId: string,
): Record<string, string> {
  const shared = SHARED_MESSAGING_TABLES.includes(table.name);
  const sql: Record<string, string> = {};
  for (const column of columns) {
    const value = `s.${quoteIdent(column.name)}`;
    const isIdColumn = column.name === 'id' || column.name.endsWith('_id');
    if (column.sqlType === 'uuid' && !shared && !EXTERNAL_ID_COLUMNS.has(column.name)) {
      sql[column.name] =
        `CASE WHEN ${value} IS NULL THEN NULL WHEN ${value} = '${oldId}'::uuid THEN '${newId}'::uuid ` +
        `ELSE md5('${newId}' || ${value}::text)::uuid END`;
    } else if ((column.sqlType === 'uuid' || column.sqlType === 'text') && isIdColumn) {
      sql[column.name] =
        `CASE WHEN ${value}::text = '${oldId}' THEN '${newId}'::${column.sqlType} ELSE ${value} END`;
    }
  }
  return sql;
}
